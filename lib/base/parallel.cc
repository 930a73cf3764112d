#include "lib/base/parallel.h"

#include <algorithm>
#include <system_error>
#include <thread>
#include <vector>

namespace isms::internal {

int ResolveThreads(int64_t requested) {
  if (requested <= 0) {
    requested = std::max(1u, std::thread::hardware_concurrency());
  }
  return static_cast<int>(std::min<int64_t>(requested, kMaxThreads));
}

int ParallelChunks(int64_t n, int64_t threads, int64_t min_per_chunk) {
  const int64_t useful =
      std::max<int64_t>(1, n / std::max<int64_t>(1, min_per_chunk));
  const int64_t capped = std::clamp<int64_t>(threads, 1, kMaxThreads);
  return static_cast<int>(std::min(capped, useful));
}

void ParallelFor(int64_t n, int chunks,
                 const std::function<void(int, int64_t, int64_t)>& fn) {
  chunks = std::max(1, chunks);
  if (chunks == 1 || n <= 1) {
    for (int i = 0; i < chunks; ++i) fn(i, i == 0 ? 0 : n, n);
    return;
  }
  const int64_t size = (n + chunks - 1) / chunks;
  auto begin = [&](int i) { return std::min(n, i * size); };
  auto end = [&](int i) { return std::min(n, (i + 1) * size); };
  std::vector<std::thread> pool;
  std::vector<int> on_caller;  // chunks whose thread could not start
  pool.reserve(chunks - 1);
  for (int i = 1; i < chunks; ++i) {
    try {
      pool.emplace_back(fn, i, begin(i), end(i));
    } catch (const std::system_error&) {
      on_caller.push_back(i);
    }
  }
  fn(0, begin(0), end(0));
  for (int i : on_caller) fn(i, begin(i), end(i));
  for (std::thread& t : pool) t.join();
}

}  // namespace isms::internal
