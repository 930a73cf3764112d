// The thread-safety promises of the public headers, run under
// ThreadSanitizer by the tsan preset (label "concurrency"): work released on
// several threads at once must give the single-threaded results, and TSan
// must see no data race.
//   - catalog.h: BuiltIn() is safe from many threads, even on first use;
//   - risk_engine.h: separate engines are independent; const methods of one
//     evaluated engine may run concurrently;
//   - compliance.h, validate.h, quant.h: only read their arguments;
//   - io.h: every function is safe to call concurrently.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "isms/catalog.h"
#include "isms/compliance.h"
#include "isms/io.h"
#include "isms/quant.h"
#include "isms/risk_engine.h"
#include "isms/validate.h"
#include "tests/test_util.h"

namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;

constexpr int kThreads = 4;
constexpr char kAsOf[] = "2026-11-22";

// Runs body(0) .. body(threads - 1) on their own threads, released together
// so that their work overlaps.
void RunTogether(int threads, const std::function<void(int)>& body) {
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) {
    pool.emplace_back([&, i] {
      ++ready;
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      body(i);
    });
  }
  while (ready.load() < threads) std::this_thread::yield();
  go.store(true, std::memory_order_release);
  for (std::thread& t : pool) t.join();
}

bool Same(const google::protobuf::Message& a,
          const google::protobuf::Message& b) {
  return google::protobuf::util::MessageDifferencer::Equals(a, b);
}

// The sample register, loaded once (before any test starts its threads).
const isms::v1::Register& Acme() {
  static const isms::v1::Register* const acme = [] {
    absl::StatusOr<isms::v1::Register> reg =
        isms::LoadRegister(isms::testing::AcmePath());
    EXPECT_TRUE(reg.ok()) << reg.status();
    return new isms::v1::Register(reg.ok() ? *reg : isms::v1::Register());
  }();
  return *acme;
}

isms::ComplianceOptions Compliance() {
  isms::ComplianceOptions options;
  options.as_of = kAsOf;
  return options;
}

// First in the file: when ctest runs each test in its own process, this is
// the process's first use of BuiltIn(), from all threads at once.
TEST(ConcurrencyTest, BuiltInCatalogsOnFirstUseFromManyThreads) {
  std::vector<const isms::CatalogSet*> seen(kThreads, nullptr);
  std::vector<std::string> titles(kThreads);
  std::vector<std::vector<std::string>> mapped(kThreads);
  RunTogether(kThreads, [&](int i) {
    const isms::CatalogSet& catalogs = isms::CatalogSet::BuiltIn();
    seen[i] = &catalogs;
    const isms::v1::CatalogControl* control =
        catalogs.FindControl("iso27001:2022/5.15");
    if (control != nullptr) titles[i] = control->title();
    mapped[i] =
        catalogs.MapControl("iso27001:2013", "A.9.1.1", "iso27001:2022");
  });
  for (int i = 0; i < kThreads; ++i) {
    EXPECT_EQ(seen[i], &isms::CatalogSet::BuiltIn());
    EXPECT_EQ(titles[i], "Access control");
    EXPECT_THAT(mapped[i], ElementsAre("5.15"));
  }
}

// Engines built from one shared const register on several threads (each
// evaluating with one or two threads of its own), then changed and
// recalculated: each gives the single-threaded results.
TEST(ConcurrencyTest, SeparateEnginesFromOneSharedRegister) {
  const isms::v1::Register& acme = Acme();
  std::unique_ptr<isms::RiskEngine> reference =
      isms::testing::EvaluatedEngine(acme);
  ASSERT_NE(reference, nullptr);
  const isms::v1::Assessment before = reference->ToProto();
  EXPECT_EQ(reference->exposure(isms::RiskEngine::kCurrent), 95);
  ASSERT_TRUE(
      reference->SetControlStatus("C-049", isms::v1::CONTROL_STATUS_IMPLEMENTED)
          .ok());
  reference->Recalculate();
  const isms::v1::Assessment after = reference->ToProto();
  EXPECT_EQ(reference->exposure(isms::RiskEngine::kCurrent), 91);

  RunTogether(kThreads, [&](int i) {
    isms::EngineOptions options;
    options.as_of = kAsOf;
    options.threads = 1 + i % 2;
    absl::StatusOr<std::unique_ptr<isms::RiskEngine>> engine =
        isms::RiskEngine::Create(acme, options);
    ASSERT_TRUE(engine.ok()) << engine.status();
    (*engine)->Evaluate();
    EXPECT_TRUE(Same((*engine)->ToProto(), before)) << "thread " << i;
    EXPECT_TRUE(
        (*engine)
            ->SetControlStatus("C-049", isms::v1::CONTROL_STATUS_IMPLEMENTED)
            .ok());
    (*engine)->Recalculate();
    EXPECT_EQ((*engine)->exposure(isms::RiskEngine::kCurrent), 91);
    EXPECT_TRUE(Same((*engine)->ToProto(), after)) << "thread " << i;
  });
}

// Every const read of one evaluated engine, and the compliance functions on
// it, from several threads while nothing mutates it.
TEST(ConcurrencyTest, ConstReadsOfOneEvaluatedEngine) {
  const isms::v1::Register& acme = Acme();
  const std::unique_ptr<isms::RiskEngine> owned =
      isms::testing::EvaluatedEngine(acme);
  ASSERT_NE(owned, nullptr);
  const isms::RiskEngine& engine = *owned;
  using View = isms::RiskEngine::View;
  constexpr View kViews[] = {isms::RiskEngine::kInherent,
                             isms::RiskEngine::kCurrent,
                             isms::RiskEngine::kTarget};

  // The single-threaded results.
  const isms::v1::Assessment assessment = engine.ToProto();
  const std::vector<int> top = engine.TopRisks(10);
  const std::vector<isms::v1::Finding> findings = engine.Findings();
  const std::vector<isms::v1::WhatIfEntry> whatif = engine.WhatIf();
  std::vector<std::vector<int64_t>> heatmaps;
  std::vector<std::vector<uint8_t>> levels;
  for (View view : kViews) {
    heatmaps.emplace_back(engine.heatmap(view).begin(),
                          engine.heatmap(view).end());
    levels.emplace_back(engine.level(view).begin(), engine.level(view).end());
  }
  const isms::v1::Coverage coverage =
      *isms::ComputeCoverage(acme, engine, Compliance());
  const isms::v1::Readiness readiness =
      *isms::CheckReadiness(acme, engine, Compliance());
  const isms::v1::StatementOfApplicabilityReport soa =
      *isms::BuildSoa(acme, Compliance());
  const isms::v1::Assessment with_coverage =
      isms::AssessWithCoverage(acme, engine, {}, Compliance());
  ASSERT_EQ(top.size(), 10u);
  ASSERT_FALSE(findings.empty());
  ASSERT_FALSE(whatif.empty());
  ASSERT_EQ(soa.rows_size(), 93);

  RunTogether(kThreads, [&](int i) {
    SCOPED_TRACE(absl::StrCat("thread ", i));
    EXPECT_TRUE(Same(engine.ToProto(), assessment));
    EXPECT_EQ(engine.TopRisks(10), top);
    const std::vector<isms::v1::Finding> f = engine.Findings();
    ASSERT_EQ(f.size(), findings.size());
    for (size_t k = 0; k < f.size(); ++k) EXPECT_TRUE(Same(f[k], findings[k]));
    const std::vector<isms::v1::WhatIfEntry> w = engine.WhatIf();
    ASSERT_EQ(w.size(), whatif.size());
    for (size_t k = 0; k < w.size(); ++k) EXPECT_TRUE(Same(w[k], whatif[k]));
    for (size_t v = 0; v < std::size(kViews); ++v) {
      EXPECT_THAT(engine.heatmap(kViews[v]),
                  testing::ElementsAreArray(heatmaps[v]));
      EXPECT_THAT(engine.level(kViews[v]),
                  testing::ElementsAreArray(levels[v]));
    }
    EXPECT_TRUE(
        Same(*isms::ComputeCoverage(acme, engine, Compliance()), coverage));
    EXPECT_TRUE(
        Same(*isms::CheckReadiness(acme, engine, Compliance()), readiness));
    EXPECT_TRUE(Same(*isms::BuildSoa(acme, Compliance()), soa));
    EXPECT_TRUE(Same(isms::AssessWithCoverage(acme, engine, {}, Compliance()),
                     with_coverage));
  });
}

// Loss simulations on one evaluated engine from several threads, each with
// one or two threads of its own: the same result as alone, whatever the
// thread count (quant.h). acme.json has three risks with quant.
TEST(ConcurrencyTest, QuantSimulationsOnOneEngine) {
  const isms::v1::Register& acme = Acme();
  const std::unique_ptr<isms::RiskEngine> engine =
      isms::testing::EvaluatedEngine(acme);
  ASSERT_NE(engine, nullptr);
  isms::QuantOptions options;
  options.years = 2000;
  options.threads = 1;
  absl::StatusOr<isms::v1::QuantAssessment> reference =
      isms::SimulateLosses(acme, *engine, options);
  ASSERT_TRUE(reference.ok()) << reference.status();
  ASSERT_EQ(reference->risks_size(), 3);
  RunTogether(kThreads, [&](int i) {
    isms::QuantOptions mine = options;
    mine.threads = 1 + i % 2;
    absl::StatusOr<isms::v1::QuantAssessment> result =
        isms::SimulateLosses(acme, *engine, mine);
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_TRUE(Same(*result, *reference)) << "thread " << i;
  });
}

// Validation of one register from several threads, with faults to report
// (acme.json itself has none).
TEST(ConcurrencyTest, ValidateFromManyThreads) {
  isms::v1::Register broken = Acme();
  broken.mutable_risks(0)->add_asset_ids("A-99");
  broken.mutable_risks(1)->mutable_mitigations(0)->set_control_id("C-999");
  const isms::v1::ValidationReport reference = isms::Validate(broken);
  ASSERT_EQ(reference.error_count(), 2);
  RunTogether(kThreads, [&](int i) {
    EXPECT_TRUE(Same(isms::Validate(broken), reference)) << "thread " << i;
  });
}

// A folder of this test's own, removed afterwards.
class ConcurrentIoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           absl::StrCat(
               "isms_concurrency_test_", ::getpid(), "_",
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

// Each thread saves and loads its own files, in every format.
TEST_F(ConcurrentIoTest, SaveAndLoadDifferentPaths) {
  const isms::v1::Register& acme = Acme();
  RunTogether(kThreads, [&](int i) {
    for (const char* extension : {".json", ".binpb", ".txtpb"}) {
      const std::string path = dir_ / absl::StrCat("t", i, extension);
      ASSERT_TRUE(isms::SaveRegister(acme, path).ok()) << path;
      absl::StatusOr<isms::v1::Register> back = isms::LoadRegister(path);
      ASSERT_TRUE(back.ok()) << back.status();
      EXPECT_TRUE(Same(*back, acme)) << path;
    }
  });
}

// Half the threads save versions of the register (differing in the
// organization's name) to one path, the other half load it meanwhile: every
// load is one of the versions, whole.
TEST_F(ConcurrentIoTest, SaveAndLoadOnePath) {
  const isms::v1::Register& acme = Acme();
  const std::string path = dir_ / "shared.json";
  ASSERT_TRUE(isms::SaveRegister(acme, path).ok());
  std::set<std::string> names = {acme.organization().name()};
  for (int i = 0; i < kThreads; ++i) names.insert(absl::StrCat("version ", i));
  constexpr int kRounds = 5;
  RunTogether(kThreads, [&](int i) {
    for (int round = 0; round < kRounds; ++round) {
      if (i % 2 == 0) {
        isms::v1::Register version = acme;
        version.mutable_organization()->set_name(absl::StrCat("version ", i));
        EXPECT_TRUE(isms::SaveRegister(version, path).ok());
        continue;
      }
      absl::StatusOr<isms::v1::Register> loaded = isms::LoadRegister(path);
      ASSERT_TRUE(loaded.ok()) << loaded.status();
      EXPECT_EQ(names.count(loaded->organization().name()), 1u)
          << loaded->organization().name();
      loaded->mutable_organization()->set_name(acme.organization().name());
      EXPECT_TRUE(Same(*loaded, acme));
    }
  });
}

}  // namespace
