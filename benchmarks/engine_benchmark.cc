// Benchmarks of the risk engine on one synthetic register (DESIGN.md 11):
// load, compile (proto -> engine), read + compile in one step
// (RiskEngine::CreateFromFile), full evaluation, propagation alone, one
// control change + Recalculate(), the aggregate summary, SoA, coverage and
// save.
//
//   export ISMS_BENCH_REGISTER=benchmarks/.data/L.binpb
//   build/release/benchmarks/engine_benchmark --benchmark_min_time=0.5
//
// Environment:
//   ISMS_BENCH_REGISTER  a register file (normally a .binpb made by
//                        `isms generate`). When unset, a register of
//                        ISMS_BENCH_ASSETS assets (default 10000, seed 1) is
//                        generated in-process and saved to a temporary file,
//                        which BM_Load reads.
//   ISMS_BENCH_THREADS   EngineOptions::threads (default 0: every core).
//
// BM_ControlChange toggles the effectiveness of the control that mitigates
// the most risks among those mitigating at most 1000 between 0.5 and 0.9 and
// calls Recalculate(); "risks_touched" is last_recomputed(). When every
// control of the register mitigates more than 1000 risks (the generated M and
// L registers), the shared register gets one more control, C-BENCH-1000,
// mitigating 1000 risks spread evenly over the register (one extra mitigation
// on each; counter synthetic_control = 1, a note on stderr); the size
// counters are those of the register as loaded. Toggling one control over
// and over keeps its risks in the caches; BM_ControlChangeCold evicts the
// caches (64 MiB read, timing paused) before each of 50 changes.
// BM_ControlChangeFewest and
// BM_ControlChangeLargest do the same with the register's least and most used
// controls.
//
// Every benchmark reports the register's sizes as counters (assets, risks,
// mitigations, edges). At exit the program prints the process's peak resident
// set (getrusage) to stderr as "peak_rss_mib N". The benchmarks share one
// register and one evaluated engine, created on first use (after BM_Load, so
// that at most one register is alive at a time).
//
// With --memory the program runs no benchmark: it loads the register, creates
// the engine and evaluates once, as an application would, and prints to
// stderr, one per line:
//   register_rss_mib N  resident growth while loading the register
//   engine_rss_mib N    resident growth for Create() + Evaluate()
//   peak_rss_mib N      the process's peak resident set
// (With a generated register the peak includes the generator's.)
// --memory_from_file does the same through RiskEngine::CreateFromFile, which
// never holds the whole register, and prints engine_rss_mib (the growth for
// reading, compiling and evaluating) and peak_rss_mib.
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "benchmark/benchmark.h"
#include "isms/compliance.h"
#include "isms/io.h"
#include "isms/risk_engine.h"
#include "isms/v1/register.pb.h"
#include "tools/generate.h"

namespace isms {
namespace {

constexpr char kAsOf[] = "2026-11-22";

[[noreturn]] void Die(const std::string& what, const absl::Status& status) {
  std::fprintf(stderr, "engine_benchmark: %s: %s\n", what.c_str(),
               status.ToString().c_str());
  std::exit(1);
}

int64_t EnvInt(const char* name, int64_t fallback) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return fallback;
  char* end = nullptr;
  const long long parsed = std::strtoll(value, &end, 10);
  if (*end != '\0') {
    Die(name,
        absl::InvalidArgumentError(std::string("not an integer: ") + value));
  }
  return parsed;
}

// Resident set now, in bytes (/proc/self/statm).
int64_t CurrentRss() {
  std::ifstream statm("/proc/self/statm");
  int64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<int64_t>(sysconf(_SC_PAGESIZE));
}

int64_t PeakRss() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<int64_t>(usage.ru_maxrss) * 1024;  // Linux: KiB
}

double Mib(int64_t bytes) { return bytes / (1024.0 * 1024.0); }

struct Sizes {
  int64_t assets = 0;
  int64_t risks = 0;
  int64_t mitigations = 0;
  int64_t edges = 0;
  int64_t controls = 0;
};

// A control and the number of distinct risks it mitigates.
struct ChosenControl {
  std::string id;
  int64_t risks = -1;
};

// The register file, the shared register and the shared evaluated engine.
class Context {
 public:
  static Context& Get() {
    static Context* context = new Context();
    return *context;
  }

  // Resolves the register file; generates one when ISMS_BENCH_REGISTER is
  // unset. Call once, before the benchmarks run.
  void Init() {
    threads_ = static_cast<int>(EnvInt("ISMS_BENCH_THREADS", 0));
    std::error_code ec;
    const std::filesystem::path tmp = std::filesystem::temp_directory_path(ec);
    std::string pattern = (ec ? std::string("/tmp") : tmp.string()) +
                          "/isms_engine_benchmark.XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
      Die("mkdtemp " + pattern, absl::InternalError(std::strerror(errno)));
    }
    temp_dir_ = pattern;
    const char* env = std::getenv("ISMS_BENCH_REGISTER");
    if (env != nullptr && *env != '\0') {
      path_ = env;
    } else {
      tools::GenerateOptions options;
      options.assets = EnvInt("ISMS_BENCH_ASSETS", 10000);
      options.seed = 1;
      std::fprintf(stderr, "engine_benchmark: generating %lld assets\n",
                   static_cast<long long>(options.assets));
      absl::StatusOr<v1::Register> reg = tools::GenerateRegister(options);
      if (!reg.ok()) Die("generate", reg.status());
      path_ = temp_dir_ + "/generated.binpb";
      absl::Status saved = SaveRegister(*reg, path_);
      if (!saved.ok()) Die("save " + path_, saved);
    }
    std::fprintf(stderr, "engine_benchmark: register %s\n", path_.c_str());
  }

  void Cleanup() {
    std::error_code ec;
    if (!temp_dir_.empty()) std::filesystem::remove_all(temp_dir_, ec);
  }

  const std::string& path() const { return path_; }
  const std::string& temp_dir() const { return temp_dir_; }
  int threads() const { return threads_; }

  const v1::Register& reg() {
    if (reg_ == nullptr) {
      const int64_t before = CurrentRss();
      absl::StatusOr<v1::Register> loaded = LoadRegister(path_);
      if (!loaded.ok()) Die("load " + path_, loaded.status());
      reg_ = std::make_unique<v1::Register>(std::move(*loaded));
      register_rss_ = CurrentRss() - before;
      ComputeSizes();
      if (small_control_.risks < 0 && allow_synthetic_) AddSyntheticControl();
    }
    return *reg_;
  }

  const Sizes& sizes() {
    reg();
    return sizes_;
  }

  EngineOptions engine_options() const {
    EngineOptions options;
    options.as_of = kAsOf;
    options.threads = threads_;
    return options;
  }

  // Created and evaluated once.
  RiskEngine& engine() {
    if (engine_ == nullptr) {
      const v1::Register& r = reg();
      const int64_t before = CurrentRss();
      absl::StatusOr<std::unique_ptr<RiskEngine>> e =
          RiskEngine::Create(r, engine_options());
      if (!e.ok()) Die("compile " + path_, e.status());
      engine_ = std::move(*e);
      engine_->Evaluate();
      engine_rss_ = CurrentRss() - before;
    }
    return *engine_;
  }

  // Call before reg(): no synthetic control (--memory).
  void set_allow_synthetic(bool allow) { allow_synthetic_ = allow; }

  // The control mitigating the most risks among those mitigating at most
  // 1000 (the synthetic one when none does), the one mitigating the fewest
  // and the one mitigating the most.
  const ChosenControl& small_control() {
    sizes();
    return small_control_;
  }
  bool synthetic() {
    sizes();
    return synthetic_;
  }
  const ChosenControl& fewest_control() {
    sizes();
    return fewest_control_;
  }
  const ChosenControl& largest_control() {
    sizes();
    return largest_control_;
  }

  int64_t register_rss() const { return register_rss_; }
  int64_t engine_rss() const { return engine_rss_; }

 private:
  static constexpr int64_t kControlRiskLimit = 1000;
  static constexpr char kSyntheticControl[] = "C-BENCH-1000";

  void ComputeSizes() {
    const v1::Register& r = *reg_;
    sizes_.assets = r.assets_size();
    sizes_.risks = r.risks_size();
    sizes_.controls = r.controls_size();
    for (const v1::Asset& a : r.assets()) sizes_.edges += a.depends_on_size();
    absl::flat_hash_map<std::string, int> index;
    for (int c = 0; c < r.controls_size(); ++c) index[r.controls(c).id()] = c;
    std::vector<int64_t> count(r.controls_size(), 0);
    absl::flat_hash_set<int> seen;
    for (const v1::Risk& risk : r.risks()) {
      sizes_.mitigations += risk.mitigations_size();
      seen.clear();
      for (const v1::Mitigation& m : risk.mitigations()) {
        auto it = index.find(m.control_id());
        if (it != index.end() && seen.insert(it->second).second) {
          ++count[it->second];
        }
      }
    }
    int small = -1, fewest = -1, largest = -1;
    for (int c = 0; c < r.controls_size(); ++c) {
      if (count[c] == 0) continue;
      if (count[c] <= kControlRiskLimit &&
          (small < 0 || count[c] > count[small])) {
        small = c;
      }
      if (fewest < 0 || count[c] < count[fewest]) fewest = c;
      if (largest < 0 || count[c] > count[largest]) largest = c;
    }
    if (small >= 0) small_control_ = {r.controls(small).id(), count[small]};
    if (fewest >= 0) fewest_control_ = {r.controls(fewest).id(), count[fewest]};
    if (largest >= 0) {
      largest_control_ = {r.controls(largest).id(), count[largest]};
    }
  }

  // Adds an implemented control that mitigates kControlRiskLimit risks spread
  // evenly over the register (one more mitigation on each), for registers in
  // which every control mitigates more risks than that.
  void AddSyntheticControl() {
    v1::Register& r = *reg_;
    if (r.risks_size() < kControlRiskLimit) return;
    v1::Control* control = r.add_controls();
    control->set_id(kSyntheticControl);
    control->set_name("Benchmark control (added by engine_benchmark)");
    control->set_owner("P-BENCH");
    control->set_status(v1::CONTROL_STATUS_IMPLEMENTED);
    control->set_effectiveness(0.7);
    const int64_t step = r.risks_size() / kControlRiskLimit;
    for (int64_t i = 0; i < kControlRiskLimit; ++i) {
      v1::Mitigation* m =
          r.mutable_risks(static_cast<int>(i * step))->add_mitigations();
      m->set_control_id(kSyntheticControl);
      m->set_reduces(v1::REDUCES_BOTH);
      m->set_strength(0.8);
    }
    small_control_ = {kSyntheticControl, kControlRiskLimit};
    synthetic_ = true;
    std::fprintf(stderr,
                 "engine_benchmark: no control mitigates <= %lld risks; "
                 "added %s mitigating %lld risks spread over the register "
                 "for BM_ControlChange\n",
                 static_cast<long long>(kControlRiskLimit), kSyntheticControl,
                 static_cast<long long>(kControlRiskLimit));
  }

  std::string path_;
  std::string temp_dir_;
  int threads_ = 0;
  std::unique_ptr<v1::Register> reg_;
  Sizes sizes_;
  ChosenControl small_control_, fewest_control_, largest_control_;
  bool allow_synthetic_ = true;
  bool synthetic_ = false;
  std::unique_ptr<RiskEngine> engine_;
  int64_t register_rss_ = 0;
  int64_t engine_rss_ = 0;
};

void SizeCounters(benchmark::State& state) {
  const Sizes& s = Context::Get().sizes();
  state.counters["assets"] = static_cast<double>(s.assets);
  state.counters["risks"] = static_cast<double>(s.risks);
  state.counters["mitigations"] = static_cast<double>(s.mitigations);
  state.counters["edges"] = static_cast<double>(s.edges);
}

void BM_Load(benchmark::State& state) {
  Context& ctx = Context::Get();
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(ctx.path(), ec);
  int64_t risks = 0;
  for (auto _ : state) {
    absl::StatusOr<v1::Register> reg = LoadRegister(ctx.path());
    if (!reg.ok()) {
      state.SkipWithError(reg.status().ToString().c_str());
      return;
    }
    risks = reg->risks_size();
    state.PauseTiming();  // freeing millions of messages is not loading
    reg = absl::StatusOr<v1::Register>();
    state.ResumeTiming();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(ec ? 0 : bytes));
  state.SetItemsProcessed(state.iterations() * risks);
  SizeCounters(state);  // loads the shared register, after the loop
}
BENCHMARK(BM_Load)->Unit(benchmark::kMillisecond)->UseRealTime();

// Times `create`, which makes an engine; destroying it is not timed.
template <typename Create>
void TimeEngineCreation(benchmark::State& state, Create create) {
  for (auto _ : state) {
    absl::StatusOr<std::unique_ptr<RiskEngine>> engine = create();
    if (!engine.ok()) {
      state.SkipWithError(engine.status().ToString().c_str());
      return;
    }
    state.PauseTiming();
    engine = absl::StatusOr<std::unique_ptr<RiskEngine>>();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * Context::Get().sizes().risks);
  SizeCounters(state);
}

// Read and compile in one step, as RiskEngine::CreateFromFile streams a
// binary register: what to compare with BM_Load + BM_Compile.
void BM_CreateFromFile(benchmark::State& state) {
  Context& ctx = Context::Get();
  TimeEngineCreation(state, [&ctx] {
    return RiskEngine::CreateFromFile(ctx.path(), ctx.engine_options());
  });
}
BENCHMARK(BM_CreateFromFile)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Compile(benchmark::State& state) {
  Context& ctx = Context::Get();
  const v1::Register& reg = ctx.reg();
  TimeEngineCreation(state, [&ctx, &reg] {
    return RiskEngine::Create(reg, ctx.engine_options());
  });
}
BENCHMARK(BM_Compile)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Evaluate(benchmark::State& state) {
  Context& ctx = Context::Get();
  RiskEngine& engine = ctx.engine();
  for (auto _ : state) {
    engine.Evaluate();
    benchmark::DoNotOptimize(engine.exposure(RiskEngine::kCurrent));
  }
  state.SetItemsProcessed(state.iterations() * ctx.sizes().risks);
  SizeCounters(state);
}
// At least 3 s whatever --benchmark_min_time says: the number most targets
// are about, and noisy on a shared machine.
BENCHMARK(BM_Evaluate)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(3.0);

void BM_Propagate(benchmark::State& state) {
  Context& ctx = Context::Get();
  RiskEngine& engine = ctx.engine();
  for (auto _ : state) {
    engine.EvaluateAssetValues();
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * ctx.sizes().assets);
  SizeCounters(state);
}
BENCHMARK(BM_Propagate)->Unit(benchmark::kMillisecond)->UseRealTime();

// Toggles one control's effectiveness between 0.5 and 0.9 and recalculates.
// Reads every cache line of a buffer larger than the last-level cache, so
// that the next operation starts with cold caches (reads, so that no dirty
// line has to be written back during the next operation).
void EvictCaches() {
  static std::vector<char>* buffer = new std::vector<char>(64 << 20, 1);
  int64_t sum = 0;
  for (size_t i = 0; i < buffer->size(); i += 64) sum += (*buffer)[i];
  benchmark::DoNotOptimize(sum);
}

// `cold`: evict the caches before each change (timing paused).
void ControlChange(benchmark::State& state, const ChosenControl& control,
                   bool cold = false) {
  Context& ctx = Context::Get();
  RiskEngine& engine = ctx.engine();
  if (control.risks < 0) {
    state.SkipWithError("no control mitigates any risk");
    return;
  }
  bool high = false;
  int64_t touched = 0;
  for (auto _ : state) {
    if (cold) {
      state.PauseTiming();
      EvictCaches();
      state.ResumeTiming();
    }
    high = !high;
    absl::Status st =
        engine.SetControlEffectiveness(control.id, high ? 0.9 : 0.5);
    if (!st.ok()) {
      state.SkipWithError(st.ToString().c_str());
      return;
    }
    engine.Recalculate();
    touched = engine.last_recomputed();
  }
  state.SetLabel(control.id);
  state.SetItemsProcessed(state.iterations() * touched);
  state.counters["risks_touched"] = static_cast<double>(touched);
  state.counters["control_risks"] = static_cast<double>(control.risks);
  state.counters["synthetic_control"] =
      control.id == ctx.small_control().id && ctx.synthetic() ? 1 : 0;
  SizeCounters(state);
  // Back to the control's own effectiveness.
  for (const v1::Control& c : ctx.reg().controls()) {
    if (c.id() != control.id) continue;
    absl::Status st = engine.SetControlEffectiveness(
        control.id, c.has_effectiveness() ? c.effectiveness() : 1.0);
    if (!st.ok()) Die("restore " + control.id, st);
    engine.Recalculate();
    break;
  }
}

void BM_ControlChange(benchmark::State& state) {
  ControlChange(state, Context::Get().small_control());
}
BENCHMARK(BM_ControlChange)->Unit(benchmark::kMicrosecond)->UseRealTime();

// The same, each change starting with cold caches (as when a control changes
// once in a while), with a fixed number of changes.
void BM_ControlChangeCold(benchmark::State& state) {
  ControlChange(state, Context::Get().small_control(), /*cold=*/true);
}
BENCHMARK(BM_ControlChangeCold)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime()
    ->Iterations(50);

// The same with the control that mitigates the fewest risks (of the
// register's own controls).
void BM_ControlChangeFewest(benchmark::State& state) {
  ControlChange(state, Context::Get().fewest_control());
}
BENCHMARK(BM_ControlChangeFewest)->Unit(benchmark::kMicrosecond)->UseRealTime();

// The same with the control that mitigates the most risks.
void BM_ControlChangeLargest(benchmark::State& state) {
  ControlChange(state, Context::Get().largest_control());
}
BENCHMARK(BM_ControlChangeLargest)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

void BM_ToProtoSummary(benchmark::State& state) {
  Context& ctx = Context::Get();
  RiskEngine& engine = ctx.engine();
  AssessmentOptions options;
  options.risks = false;
  options.findings = false;
  options.whatif = false;
  for (auto _ : state) {
    v1::Assessment assessment = engine.ToProto(options);
    benchmark::DoNotOptimize(assessment);
  }
  SizeCounters(state);
}
BENCHMARK(BM_ToProtoSummary)->Unit(benchmark::kMillisecond)->UseRealTime();

ComplianceOptions ComplianceOpts() {
  ComplianceOptions options;
  options.as_of = kAsOf;
  return options;
}

// The Statement of Applicability report (one row per catalog control).
void BM_Soa(benchmark::State& state) {
  Context& ctx = Context::Get();
  const v1::Register& reg = ctx.reg();
  const ComplianceOptions options = ComplianceOpts();
  for (auto _ : state) {
    absl::StatusOr<v1::StatementOfApplicabilityReport> soa =
        BuildSoa(reg, options);
    if (!soa.ok()) {
      state.SkipWithError(soa.status().ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize(*soa);
  }
  SizeCounters(state);
}
BENCHMARK(BM_Soa)->Unit(benchmark::kMillisecond)->UseRealTime();

// Coverage of the catalog, risks and assets (after an evaluation).
void BM_Coverage(benchmark::State& state) {
  Context& ctx = Context::Get();
  RiskEngine& engine = ctx.engine();
  const v1::Register& reg = ctx.reg();
  const ComplianceOptions options = ComplianceOpts();
  for (auto _ : state) {
    absl::StatusOr<v1::Coverage> coverage =
        ComputeCoverage(reg, engine, options);
    if (!coverage.ok()) {
      state.SkipWithError(coverage.status().ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize(*coverage);
  }
  SizeCounters(state);
}
BENCHMARK(BM_Coverage)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Save(benchmark::State& state) {
  Context& ctx = Context::Get();
  const v1::Register& reg = ctx.reg();
  const std::string path = ctx.temp_dir() + "/save.binpb";
  for (auto _ : state) {
    absl::Status st = SaveRegister(reg, path);
    if (!st.ok()) {
      state.SkipWithError(st.ToString().c_str());
      return;
    }
  }
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(path, ec);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(ec ? 0 : bytes));
  SizeCounters(state);
  std::filesystem::remove(path, ec);
}
BENCHMARK(BM_Save)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace isms

int main(int argc, char** argv) {
  // --memory: only load, compile and evaluate once, then report memory.
  // --memory_from_file: the same through RiskEngine::CreateFromFile.
  bool memory_only = false, from_file = false;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--memory") == 0) {
      memory_only = true;
    } else if (std::strcmp(argv[i], "--memory_from_file") == 0) {
      memory_only = from_file = true;
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  argv[argc] = nullptr;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  isms::Context& ctx = isms::Context::Get();
  ctx.Init();
  if (from_file) {
    const int64_t before = isms::CurrentRss();
    absl::StatusOr<std::unique_ptr<isms::RiskEngine>> engine =
        isms::RiskEngine::CreateFromFile(ctx.path(), ctx.engine_options());
    if (!engine.ok()) isms::Die("compile " + ctx.path(), engine.status());
    (*engine)->Evaluate();
    std::fprintf(stderr, "engine_rss_mib %.0f\n",
                 isms::Mib(isms::CurrentRss() - before));
  } else if (memory_only) {
    ctx.set_allow_synthetic(false);
    ctx.engine();
    std::fprintf(stderr, "register_rss_mib %.0f\n",
                 isms::Mib(ctx.register_rss()));
    std::fprintf(stderr, "engine_rss_mib %.0f\n", isms::Mib(ctx.engine_rss()));
  } else {
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
  }
  ctx.Cleanup();
  std::fprintf(stderr, "peak_rss_mib %.0f\n", isms::Mib(isms::PeakRss()));
  return 0;
}
