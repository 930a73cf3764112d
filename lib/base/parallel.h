// ParallelFor: the library's one way to spread a loop over threads.
//
//   const int chunks = isms::internal::ParallelChunks(n, threads, 1 << 15);
//   std::vector<Partial> partials(chunks);      // one per chunk, never per
//   isms::internal::ParallelFor(n, chunks,      // requested thread
//       [&](int chunk, int64_t begin, int64_t end) { ... });
//
// Threads are capped (kMaxThreads, and no more chunks than the work has), so
// memory that a caller sizes by ParallelChunks() does not grow with the
// number a user asks for. A thread that cannot be started is not an error:
// its chunk runs on the calling thread, after the calling thread's own, so a
// machine out of threads gets the same results, later. `fn` must not throw.
// Thread-safe: yes, as far as `fn` is.
#ifndef ISMS_LIB_BASE_PARALLEL_H_
#define ISMS_LIB_BASE_PARALLEL_H_

#include <cstdint>
#include <functional>

namespace isms::internal {

// The most threads any computation of the library starts.
inline constexpr int kMaxThreads = 256;

// The threads an options field asks for: <= 0 means the machine's hardware
// threads; the answer is within 1..kMaxThreads.
int ResolveThreads(int64_t requested);

// How many chunks ParallelFor(n, ...) should use: at most `threads` (itself
// capped at kMaxThreads), at most one per `min_per_chunk` items, at least 1.
int ParallelChunks(int64_t n, int64_t threads, int64_t min_per_chunk);

// Runs fn(chunk, begin, end) for `chunks` equal slices of [0, n), chunk 0 on
// the calling thread, the others on threads of their own.
void ParallelFor(int64_t n, int chunks,
                 const std::function<void(int, int64_t, int64_t)>& fn);

}  // namespace isms::internal

#endif  // ISMS_LIB_BASE_PARALLEL_H_
