// Evaluates a register with the risk engine, times Evaluate() and writes the
// per-risk level arrays as raw bytes, for benchmarks/compare_numpy.py.
//
//   dump_levels REGISTER OUT [THREADS] [REPEAT]
//
// OUT receives 9 arrays of risk_count() bytes each (uint8 level indexes),
// in this order: inherent likelihood, impact, level; current likelihood,
// impact, level; target likelihood, impact, level. The engine is created
// with as_of 2026-11-22 and THREADS threads (default 0: every core);
// Evaluate() runs REPEAT times (default 5). One line of JSON on stdout gives
// the sizes and the times in seconds:
//   {"risks": N, "threads": T, "compile_s": C, "evaluate_s_min": E,
//    "evaluate_s_median": M}
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "isms/io.h"
#include "isms/risk_engine.h"

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since)
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 5) {
    std::fprintf(stderr,
                 "usage: dump_levels REGISTER OUT [THREADS] [REPEAT]\n");
    return 2;
  }
  const std::string in = argv[1], out = argv[2];
  const int threads = argc > 3 ? std::atoi(argv[3]) : 0;
  const int repeat = std::max(1, argc > 4 ? std::atoi(argv[4]) : 5);

  absl::StatusOr<isms::v1::Register> reg = isms::LoadRegister(in);
  if (!reg.ok()) {
    std::fprintf(stderr, "%s\n", reg.status().ToString().c_str());
    return 1;
  }
  isms::EngineOptions options;
  options.as_of = "2026-11-22";
  options.threads = threads;
  auto start = std::chrono::steady_clock::now();
  absl::StatusOr<std::unique_ptr<isms::RiskEngine>> created =
      isms::RiskEngine::Create(*reg, options);
  const double compile_s = Seconds(start);
  if (!created.ok()) {
    std::fprintf(stderr, "%s\n", created.status().ToString().c_str());
    return 1;
  }
  isms::RiskEngine& engine = **created;
  std::vector<double> times;
  for (int i = 0; i < repeat; ++i) {
    start = std::chrono::steady_clock::now();
    engine.Evaluate();
    times.push_back(Seconds(start));
  }
  std::sort(times.begin(), times.end());

  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  for (isms::RiskEngine::View view :
       {isms::RiskEngine::kInherent, isms::RiskEngine::kCurrent,
        isms::RiskEngine::kTarget}) {
    for (absl::Span<const uint8_t> array :
         {engine.likelihood(view), engine.impact(view), engine.level(view)}) {
      file.write(reinterpret_cast<const char*>(array.data()),
                 static_cast<std::streamsize>(array.size()));
    }
  }
  file.close();
  if (!file) {
    std::fprintf(stderr, "%s: write failed\n", out.c_str());
    return 1;
  }
  std::printf(
      "{\"risks\": %d, \"threads\": %d, \"compile_s\": %.6f, "
      "\"evaluate_s_min\": %.6f, \"evaluate_s_median\": %.6f}\n",
      engine.risk_count(), threads, compile_s, times.front(),
      times[times.size() / 2]);
  return 0;
}
