// Hand-worked correctness tests of isms::RiskEngine against DESIGN.md
// section 4. Every expected value is computed by hand in a comment next to
// the assertion, so a failure points at either the engine or the arithmetic.
//
// Unless a test says otherwise it uses the 5 x 5 method kMethod below, with
// levels as 0-based indexes (likelihood rare 0 .. certain 4, impact
// negligible 0 .. severe 4) and risk levels low 0 (acceptable), medium 1,
// high 2, critical 3 with default weights 1, 2, 3, 4. `ceil` means
// ceil(x - 1e-9) as in DESIGN.md 4.
#include "isms/risk_engine.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "isms/v1/assessment.pb.h"
#include "isms/v1/diagnostics.pb.h"
#include "isms/v1/register.pb.h"
#include "tests/test_util.h"

namespace {

using ::isms::EngineOptions;
using ::isms::RiskEngine;
using ::isms::v1::Register;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAreArray;

constexpr RiskEngine::View kInherent = RiskEngine::kInherent;
constexpr RiskEngine::View kCurrent = RiskEngine::kCurrent;
constexpr RiskEngine::View kTarget = RiskEngine::kTarget;

// Risk level indexes of kMethod.
constexpr int kLow = 0;
constexpr int kMedium = 1;
constexpr int kHigh = 2;
constexpr int kCritical = 3;

constexpr isms::v1::Dimension kC = isms::v1::DIMENSION_CONFIDENTIALITY;
constexpr isms::v1::Dimension kI = isms::v1::DIMENSION_INTEGRITY;
constexpr isms::v1::Dimension kA = isms::v1::DIMENSION_AVAILABILITY;

constexpr char kAsOf[] = "2026-11-22";

// The risk level is fixed by likelihood + impact: 0-2 low, 3-4 medium,
// 5-6 high, 7-8 critical.
constexpr char kMethod[] = R"pb(
  schema_version: "1"
  organization { name: "Acme" }
  risk_method {
    likelihood {
      levels { id: "rare" }
      levels { id: "unlikely" }
      levels { id: "possible" }
      levels { id: "likely" }
      levels { id: "certain" }
    }
    impact {
      levels { id: "negligible" }
      levels { id: "minor" }
      levels { id: "moderate" }
      levels { id: "major" }
      levels { id: "severe" }
    }
    risk_levels { id: "low" acceptable: true }
    risk_levels { id: "medium" }
    risk_levels { id: "high" }
    risk_levels { id: "critical" }
    # Rows: likelihood rare .. certain; columns: impact negligible .. severe.
    grid: [
      "low",    "low",    "low",      "medium",  "medium", "low",      "low",
      "medium", "medium", "high",     "low",     "medium", "medium",   "high",
      "high",   "medium", "medium",   "high",    "high",   "critical", "medium",
      "high",   "high",   "critical", "critical"
    ]
  }
)pb";

Register ParseRaw(absl::string_view text) {
  return isms::testing::RegisterFromText(text);
}

// kMethod followed by `body`.
Register Parse(absl::string_view body) {
  return ParseRaw(absl::StrCat(kMethod, body));
}

EngineOptions Options(int threads = 1) {
  EngineOptions options;
  options.as_of = kAsOf;
  options.threads = threads;
  return options;
}

// A created and evaluated engine, or nullptr (with a test failure).
std::unique_ptr<RiskEngine> Evaluated(
    const Register& reg, const EngineOptions& options = Options()) {
  absl::StatusOr<std::unique_ptr<RiskEngine>> engine =
      RiskEngine::Create(reg, options);
  if (!engine.ok()) {
    ADD_FAILURE() << engine.status();
    return nullptr;
  }
  (*engine)->Evaluate();
  return std::move(*engine);
}

// One risk in one view: likelihood, impact and risk level indexes.
struct Cell {
  int l;
  int i;
  int k;
  bool operator==(const Cell& o) const {
    return l == o.l && i == o.i && k == o.k;
  }
};

void PrintTo(const Cell& c, std::ostream* os) {
  *os << "{l=" << c.l << " i=" << c.i << " k=" << c.k << "}";
}

Cell At(const RiskEngine& e, RiskEngine::View view, int r) {
  return {e.likelihood(view)[r], e.impact(view)[r], e.level(view)[r]};
}

std::vector<int64_t> Heat(const RiskEngine& e, RiskEngine::View view) {
  absl::Span<const int64_t> h = e.heatmap(view);
  return std::vector<int64_t>(h.begin(), h.end());
}

std::vector<int64_t> Counts(const RiskEngine& e, RiskEngine::View view) {
  absl::Span<const int64_t> c = e.level_counts(view);
  return std::vector<int64_t>(c.begin(), c.end());
}

// A 5 x 5 heatmap that is zero except for the given {likelihood, impact,
// count} cells.
std::vector<int64_t> Heatmap5(std::initializer_list<std::array<int, 3>> set) {
  std::vector<int64_t> cells(25, 0);
  for (const auto& [l, i, n] : set) cells[l * 5 + i] = n;
  return cells;
}

// Both engines give the same Assessment, field by field.
void ExpectSameAssessment(const RiskEngine& a, const RiskEngine& b) {
  google::protobuf::util::MessageDifferencer differencer;
  std::string diff;
  differencer.ReportDifferencesToString(&diff);
  EXPECT_TRUE(differencer.Compare(a.ToProto(), b.ToProto())) << diff;
}

// The fresh evaluation of `reg` equals `incremental`.
void ExpectMatchesFresh(const RiskEngine& incremental, const Register& reg) {
  std::unique_ptr<RiskEngine> fresh = Evaluated(reg);
  ASSERT_NE(fresh, nullptr);
  ExpectSameAssessment(incremental, *fresh);
}

const isms::v1::RiskResult& ResultOf(const isms::v1::Assessment& a,
                                     absl::string_view id) {
  for (const isms::v1::RiskResult& r : a.risks()) {
    if (r.risk_id() == id) return r;
  }
  ADD_FAILURE() << "no risk " << id;
  return isms::v1::RiskResult::default_instance();
}

// ===========================================================================
// 4.1 Accumulated asset value
// ===========================================================================

TEST(AccumulatedValueTest, ChainWithDegreeOneCarriesTheFullValue) {
  const Register reg = Parse(R"pb(
    assets {
      id: "SVC"
      type: ASSET_TYPE_SERVICE
      value {
        confidentiality: "major"
        integrity: "moderate"
        availability: "minor"
      }
      depends_on { asset_id: "SRV" }
    }
    assets {
      id: "SRV"
      type: ASSET_TYPE_HARDWARE
      depends_on { asset_id: "SITE" }
    }
    assets { id: "SITE" type: ASSET_TYPE_SITE }
  )pb");
  std::unique_ptr<RiskEngine> e = Evaluated(reg);
  ASSERT_NE(e, nullptr);
  // SVC: own (C, I, A) = (3, 2, 1).
  // SRV: own 0; acc = ceil(acc(SVC) * 1) = (3, 2, 1).
  // SITE: own 0; acc = ceil(acc(SRV) * 1) = (3, 2, 1).
  for (int a = 0; a < 3; ++a) {
    SCOPED_TRACE(reg.assets(a).id());
    EXPECT_EQ(e->accumulated_value(a, kC), 3);
    EXPECT_EQ(e->accumulated_value(a, kI), 2);
    EXPECT_EQ(e->accumulated_value(a, kA), 1);
  }
  // Out of range: -1.
  EXPECT_EQ(e->accumulated_value(3, kC), -1);
  EXPECT_EQ(e->accumulated_value(-1, kC), -1);
  EXPECT_EQ(e->accumulated_value(0, isms::v1::DIMENSION_UNSPECIFIED), -1);

  // The same values as level ids in ToProto().
  const isms::v1::Assessment a = e->ToProto();
  ASSERT_THAT(a.asset_values(), SizeIs(3));
  EXPECT_EQ(a.asset_values(2).asset_id(), "SITE");
  EXPECT_EQ(a.asset_values(2).confidentiality(), "major");
  EXPECT_EQ(a.asset_values(2).integrity(), "moderate");
  EXPECT_EQ(a.asset_values(2).availability(), "minor");
}

TEST(AccumulatedValueTest, ChainWithDegreeHalfRoundsUp) {
  const Register reg = Parse(R"pb(
    assets {
      id: "SVC"
      value {
        confidentiality: "major"
        integrity: "severe"
        availability: "minor"
      }
      depends_on { asset_id: "SRV" degree: 0.5 }
    }
    assets {
      id: "SRV"
      depends_on { asset_id: "SITE" degree: 0.5 }
    }
    assets { id: "SITE" }
  )pb");
  std::unique_ptr<RiskEngine> e = Evaluated(reg);
  ASSERT_NE(e, nullptr);
  // SVC: (3, 4, 1).
  EXPECT_EQ(e->accumulated_value(0, kC), 3);
  EXPECT_EQ(e->accumulated_value(0, kI), 4);
  EXPECT_EQ(e->accumulated_value(0, kA), 1);
  // SRV: C ceil(3 * 0.5 = 1.5) = 2; I ceil(4 * 0.5 = 2) = 2 (exact);
  //      A ceil(1 * 0.5 = 0.5) = 1.
  EXPECT_EQ(e->accumulated_value(1, kC), 2);
  EXPECT_EQ(e->accumulated_value(1, kI), 2);
  EXPECT_EQ(e->accumulated_value(1, kA), 1);
  // SITE: C ceil(2 * 0.5 = 1) = 1; I ceil(2 * 0.5 = 1) = 1;
  //       A ceil(1 * 0.5 = 0.5) = 1.
  EXPECT_EQ(e->accumulated_value(2, kC), 1);
  EXPECT_EQ(e->accumulated_value(2, kI), 1);
  EXPECT_EQ(e->accumulated_value(2, kA), 1);
}

TEST(AccumulatedValueTest, CeilToleratesNoiseBelowOneBillionth) {
  const Register reg = Parse(R"pb(
    assets {
      id: "X"
      value { integrity: "severe" }
      depends_on { asset_id: "QUARTER" degree: 0.25 }
      depends_on { asset_id: "NOISY" degree: 0.5000000001 }
      depends_on { asset_id: "ABOVE" degree: 0.50000001 }
      depends_on { asset_id: "ZERO" degree: 0 }
    }
    assets { id: "QUARTER" }
    assets { id: "NOISY" }
    assets { id: "ABOVE" }
    assets { id: "ZERO" }
  )pb");
  std::unique_ptr<RiskEngine> e = Evaluated(reg);
  ASSERT_NE(e, nullptr);
  // QUARTER: 4 * 0.25 = 1 exactly -> ceil(1 - 1e-9) = 1.
  EXPECT_EQ(e->accumulated_value(1, kI), 1);
  // NOISY: 4 * 0.5000000001 = 2.0000000004; ceil(2.0000000004 - 1e-9) =
  // ceil(1.9999999994) = 2 (a plain ceil would give 3).
  EXPECT_EQ(e->accumulated_value(2, kI), 2);
  // ABOVE: 4 * 0.50000001 = 2.00000004, more than 1e-9 above 2 -> 3.
  EXPECT_EQ(e->accumulated_value(3, kI), 3);
  // ZERO: ceil(4 * 0) = 0.
  EXPECT_EQ(e->accumulated_value(4, kI), 0);
}

TEST(AccumulatedValueTest, DependencyRestrictedToAvailability) {
  const Register reg = Parse(R"pb(
    assets {
      id: "SVC"
      value {
        confidentiality: "severe"
        integrity: "severe"
        availability: "severe"
      }
      depends_on { asset_id: "SRV" dimensions: DIMENSION_AVAILABILITY }
    }
    assets {
      id: "SRV"
      value { confidentiality: "minor" }
      depends_on { asset_id: "SITE" }
    }
    assets { id: "SITE" }
  )pb");
  std::unique_ptr<RiskEngine> e = Evaluated(reg);
  ASSERT_NE(e, nullptr);
  // SRV: C = own 1 (C does not propagate over the A-only edge); I = own 0
  // (does not propagate); A = ceil(4 * 1) = 4.
  EXPECT_EQ(e->accumulated_value(1, kC), 1);
  EXPECT_EQ(e->accumulated_value(1, kI), 0);
  EXPECT_EQ(e->accumulated_value(1, kA), 4);
  // SITE: all dimensions from SRV's accumulated value: (1, 0, 4).
  EXPECT_EQ(e->accumulated_value(2, kC), 1);
  EXPECT_EQ(e->accumulated_value(2, kI), 0);
  EXPECT_EQ(e->accumulated_value(2, kA), 4);
}

TEST(AccumulatedValueTest, OwnValueAboveWhatItCarries) {
  const Register reg = Parse(R"pb(
    assets {
      id: "SVC"
      value { confidentiality: "minor" integrity: "severe" }
      depends_on { asset_id: "SRV" }
    }
    assets {
      id: "SRV"
      value { confidentiality: "major" }
      depends_on { asset_id: "SITE" }
    }
    assets { id: "SITE" }
  )pb");
  std::unique_ptr<RiskEngine> e = Evaluated(reg);
  ASSERT_NE(e, nullptr);
  // SRV: C = max(own 3, ceil(1 * 1) = 1) = 3; I = max(own 0, 4) = 4.
  EXPECT_EQ(e->accumulated_value(1, kC), 3);
  EXPECT_EQ(e->accumulated_value(1, kI), 4);
  // SITE carries SRV's accumulated value, own part included: C 3, I 4.
  EXPECT_EQ(e->accumulated_value(2, kC), 3);
  EXPECT_EQ(e->accumulated_value(2, kI), 4);
  // SVC itself is not raised by what it depends on: C 1.
  EXPECT_EQ(e->accumulated_value(0, kC), 1);
}

TEST(AccumulatedValueTest, FanInTakesTheMaxOfTheDependents) {
  const Register reg = Parse(R"pb(
    assets {
      id: "APP1"
      value { confidentiality: "moderate" }
      depends_on { asset_id: "DB" }
    }
    assets {
      id: "APP2"
      value { confidentiality: "severe" }
      depends_on { asset_id: "DB" degree: 0.75 }
    }
    assets {
      id: "APP3"
      value { confidentiality: "major" }
      depends_on { asset_id: "DB" degree: 0.5 }
    }
    assets {
      id: "DB"
      value { confidentiality: "minor" }
    }
  )pb");
  std::unique_ptr<RiskEngine> e = Evaluated(reg);
  ASSERT_NE(e, nullptr);
  // DB: max(own 1, APP1 ceil(2 * 1) = 2, APP2 ceil(4 * 0.75 = 3) = 3,
  //         APP3 ceil(3 * 0.5 = 1.5) = 2) = 3.
  EXPECT_EQ(e->accumulated_value(3, kC), 3);
  EXPECT_EQ(e->accumulated_value(3, kI), 0);
}

// P and Q depend on each other; W depends on P from outside; Q depends on Z.
constexpr char kCycle[] = R"pb(
  assets {
    id: "CYC-P"
    value { confidentiality: "major" }
    depends_on { asset_id: "CYC-Q" }
  }
  assets {
    id: "CYC-Q"
    value { confidentiality: "minor" availability: "moderate" }
    depends_on { asset_id: "CYC-P" degree: 0.5 }
    depends_on { asset_id: "Z-1" }
  }
  assets {
    id: "W-1"
    value { integrity: "severe" }
    depends_on { asset_id: "CYC-P" degree: 0.5 }
  }
  assets { id: "Z-1" }
)pb";

TEST(AccumulatedValueTest, CycleTakesTheComponentMax) {
  std::unique_ptr<RiskEngine> e = Evaluated(Parse(kCycle));
  ASSERT_NE(e, nullptr);
  // Component {P, Q}: C = max(P 3, Q 1) = 3; A = max(0, Q 2) = 2;
  // I = from W: ceil(4 * 0.5 = 2) = 2. Both members take (3, 2, 2); the
  // degree 0.5 of Q -> P inside the cycle does not scale the shared max.
  for (int a : {0, 1}) {
    EXPECT_EQ(e->accumulated_value(a, kC), 3);
    EXPECT_EQ(e->accumulated_value(a, kI), 2);
    EXPECT_EQ(e->accumulated_value(a, kA), 2);
  }
  // W: own only: (0, 4, 0).
  EXPECT_EQ(e->accumulated_value(2, kC), 0);
  EXPECT_EQ(e->accumulated_value(2, kI), 4);
  EXPECT_EQ(e->accumulated_value(2, kA), 0);
  // Z: from Q with degree 1: (3, 2, 2).
  EXPECT_EQ(e->accumulated_value(3, kC), 3);
  EXPECT_EQ(e->accumulated_value(3, kI), 2);
  EXPECT_EQ(e->accumulated_value(3, kA), 2);
}

TEST(AccumulatedValueTest, StrictCyclesFailsNamingTheCycle) {
  EngineOptions options = Options();
  options.strict_cycles = true;
  absl::StatusOr<std::unique_ptr<RiskEngine>> engine =
      RiskEngine::Create(Parse(kCycle), options);
  ASSERT_FALSE(engine.ok());
  EXPECT_EQ(engine.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(engine.status().message(), HasSubstr("cycle"));
  EXPECT_THAT(engine.status().message(), HasSubstr("CYC-P"));
  EXPECT_THAT(engine.status().message(), HasSubstr("CYC-Q"));
  EXPECT_THAT(engine.status().message(), Not(HasSubstr("W-1")));
  EXPECT_THAT(engine.status().message(), Not(HasSubstr("Z-1")));

  // Without a cycle, strict_cycles changes nothing.
  const Register dag = Parse(R"pb(
    assets {
      id: "A"
      depends_on { asset_id: "B" }
    }
    assets { id: "B" }
  )pb");
  EXPECT_TRUE(RiskEngine::Create(dag, options).ok());
}

// ===========================================================================
// 4.2 Inherent impact and likelihood
// ===========================================================================

TEST(InherentTest, ImpactAndLikelihoodSources) {
  const Register reg = Parse(R"pb(
    assets {
      id: "A1"
      value {
        confidentiality: "major"
        integrity: "minor"
        availability: "severe"
      }
    }
    assets {
      id: "A2"
      value { confidentiality: "moderate" integrity: "major" }
    }
    threats {
      id: "T-AVAIL"
      dimensions: DIMENSION_AVAILABILITY
      likelihood: "likely"
    }
    threats { id: "T-ALL" likelihood: "possible" }
    risks {
      id: "R1"
      asset_ids: [ "A1", "A2" ]
      threat_id: "T-AVAIL"
      dimensions: [ DIMENSION_CONFIDENTIALITY, DIMENSION_INTEGRITY ]
      likelihood: "unlikely"
    }
    risks { id: "R2" asset_ids: "A2" threat_id: "T-AVAIL" }
    risks { id: "R3" asset_ids: "A1" threat_id: "T-ALL" }
    risks {
      id: "R4"
      asset_ids: "A1"
      threat_id: "T-ALL"
      likelihood: "certain"
      impact: "minor"
    }
    risks {
      id: "R5"
      asset_ids: [ "A1", "A2" ]
      threat_id: "T-AVAIL"
    }
  )pb");
  std::unique_ptr<RiskEngine> e = Evaluated(reg);
  ASSERT_NE(e, nullptr);
  // R1: risk's dimensions {C, I} win over the threat's {A}:
  //     I0 = max(A1.C 3, A1.I 1, A2.C 2, A2.I 3) = 3 (A1.A 4 excluded);
  //     L0 = the risk's own "unlikely" 1 (not the threat's 3);
  //     grid[1][3]: 1 + 3 = 4 -> medium.
  EXPECT_EQ(At(*e, kInherent, 0), (Cell{1, 3, kMedium}));
  // R2: no dimensions -> the threat's {A}: I0 = A2.A = 0; L0 = the threat's
  //     "likely" 3; 3 + 0 = 3 -> medium.
  EXPECT_EQ(At(*e, kInherent, 1), (Cell{3, 0, kMedium}));
  // R3: the threat has no dimensions -> all three: I0 = max(3, 1, 4) = 4;
  //     L0 = the threat's "possible" 2; 2 + 4 = 6 -> high.
  EXPECT_EQ(At(*e, kInherent, 2), (Cell{2, 4, kHigh}));
  // R4: explicit impact "minor" 1 (derived would be 4); own likelihood 4;
  //     4 + 1 = 5 -> high.
  EXPECT_EQ(At(*e, kInherent, 3), (Cell{4, 1, kHigh}));
  // R5: two assets, threat's {A}: I0 = max(A1.A 4, A2.A 0) = 4; L0 = 3;
  //     3 + 4 = 7 -> critical.
  EXPECT_EQ(At(*e, kInherent, 4), (Cell{3, 4, kCritical}));
  // No mitigations: current and target equal inherent.
  for (int r = 0; r < 5; ++r) {
    EXPECT_EQ(At(*e, kCurrent, r), At(*e, kInherent, r));
    EXPECT_EQ(At(*e, kTarget, r), At(*e, kInherent, r));
  }
}

// ===========================================================================
// 4.3 Control strength
// ===========================================================================

// Every risk: L0 = certain 4, I0 = severe 4 (critical), one control.
constexpr char kStrength[] = R"pb(
  controls {
    id: "C-IMPL"
    status: CONTROL_STATUS_IMPLEMENTED
    implementation: 0.5
    effectiveness: 0.8
  }
  controls {
    id: "C-PROG"
    status: CONTROL_STATUS_IN_PROGRESS
    implementation: 0.25
  }
  controls {
    id: "C-PLAN"
    status: CONTROL_STATUS_PLANNED
    implementation: 0.6
    effectiveness: 0.5
  }
  controls {
    id: "C-RET"
    status: CONTROL_STATUS_RETIRED
    implementation: 1
    effectiveness: 1
  }
  assets { id: "A" }
  risks {
    id: "R-IMPL"
    asset_ids: "A"
    likelihood: "certain"
    impact: "severe"
    mitigations { control_id: "C-IMPL" }
  }
  risks {
    id: "R-PROG"
    asset_ids: "A"
    likelihood: "certain"
    impact: "severe"
    mitigations { control_id: "C-PROG" }
  }
  risks {
    id: "R-PLAN"
    asset_ids: "A"
    likelihood: "certain"
    impact: "severe"
    mitigations { control_id: "C-PLAN" }
  }
  risks {
    id: "R-RET"
    asset_ids: "A"
    likelihood: "certain"
    impact: "severe"
    mitigations { control_id: "C-RET" }
  }
  risks {
    id: "R-HALF"
    asset_ids: "A"
    likelihood: "certain"
    impact: "severe"
    mitigations { control_id: "C-IMPL" strength: 0.5 }
  }
)pb";

TEST(ControlStrengthTest, StatusImplementationEffectivenessAndStrength) {
  std::unique_ptr<RiskEngine> e = Evaluated(Parse(kStrength));
  ASSERT_NE(e, nullptr);
  for (int r = 0; r < 5; ++r) {
    EXPECT_EQ(At(*e, kInherent, r), (Cell{4, 4, kCritical}));
  }
  // No reduces given = both axes, so likelihood and impact move together.
  //
  // R-IMPL (implemented, implementation 0.5, effectiveness 0.8, strength 1):
  //   current s = 1 * 0.8 * 0.5 = 0.4; R = 0.4; ceil(4 * 0.6 = 2.4) = 3;
  //           3 + 3 = 6 -> high.
  //   target  s = 1 * 0.8 * 1 = 0.8; R = 0.8; ceil(4 * 0.2 = 0.8) = 1;
  //           1 + 1 = 2 -> low.
  EXPECT_EQ(At(*e, kCurrent, 0), (Cell{3, 3, kHigh}));
  EXPECT_EQ(At(*e, kTarget, 0), (Cell{1, 1, kLow}));
  // R-PROG (in progress at 0.25, effectiveness default 1):
  //   current s = 1 * 1 * 0.25 = 0.25; ceil(4 * 0.75 = 3) = 3 -> high.
  //   target  s = 1 * 1 * 1 = 1; ceil(4 * 0) = 0 -> (0, 0) low.
  EXPECT_EQ(At(*e, kCurrent, 1), (Cell{3, 3, kHigh}));
  EXPECT_EQ(At(*e, kTarget, 1), (Cell{0, 0, kLow}));
  // R-PLAN (planned; its implementation 0.6 does not count for current):
  //   current s = 0; (4, 4) critical.
  //   target  s = 1 * 0.5 * 1 = 0.5; ceil(4 * 0.5 = 2) = 2; 2 + 2 = 4 ->
  //           medium.
  EXPECT_EQ(At(*e, kCurrent, 2), (Cell{4, 4, kCritical}));
  EXPECT_EQ(At(*e, kTarget, 2), (Cell{2, 2, kMedium}));
  // R-RET (retired at implementation 1, effectiveness 1): s = 0 in both.
  EXPECT_EQ(At(*e, kCurrent, 3), (Cell{4, 4, kCritical}));
  EXPECT_EQ(At(*e, kTarget, 3), (Cell{4, 4, kCritical}));
  // R-HALF (C-IMPL at strength 0.5):
  //   current s = 0.5 * 0.8 * 0.5 = 0.2; ceil(4 * 0.8 = 3.2) = 4 -> critical.
  //   target  s = 0.5 * 0.8 * 1 = 0.4; ceil(4 * 0.6 = 2.4) = 3 -> high.
  EXPECT_EQ(At(*e, kCurrent, 4), (Cell{4, 4, kCritical}));
  EXPECT_EQ(At(*e, kTarget, 4), (Cell{3, 3, kHigh}));

  const double current[] = {0.4, 0.25, 0.0, 0.0, 0.2};
  const double target[] = {0.8, 1.0, 0.5, 0.0, 0.4};
  ASSERT_THAT(e->likelihood_reduction(kCurrent), SizeIs(5));
  ASSERT_THAT(e->likelihood_reduction(kTarget), SizeIs(5));
  ASSERT_THAT(e->impact_reduction(kCurrent), SizeIs(5));
  ASSERT_THAT(e->impact_reduction(kTarget), SizeIs(5));
  for (int r = 0; r < 5; ++r) {
    SCOPED_TRACE(r);
    EXPECT_NEAR(e->likelihood_reduction(kCurrent)[r], current[r], 1e-12);
    EXPECT_NEAR(e->impact_reduction(kCurrent)[r], current[r], 1e-12);
    EXPECT_NEAR(e->likelihood_reduction(kTarget)[r], target[r], 1e-12);
    EXPECT_NEAR(e->impact_reduction(kTarget)[r], target[r], 1e-12);
  }
  // The same numbers in ToProto().
  const isms::v1::Assessment a = e->ToProto();
  EXPECT_NEAR(a.risks(0).current_likelihood_reduction(), 0.4, 1e-12);
  EXPECT_NEAR(a.risks(0).current_impact_reduction(), 0.4, 1e-12);
  EXPECT_NEAR(a.risks(0).target_likelihood_reduction(), 0.8, 1e-12);
  EXPECT_NEAR(a.risks(0).target_impact_reduction(), 0.8, 1e-12);
}

TEST(ControlStrengthTest, InherentReductionIsZero) {
  // The header: "Combined reductions R on each axis (kCurrent or kTarget;
  // kInherent is 0)": one 0 per risk, like every other per-risk array.
  std::unique_ptr<RiskEngine> e = Evaluated(Parse(kStrength));
  ASSERT_NE(e, nullptr);
  EXPECT_THAT(e->likelihood_reduction(kInherent), SizeIs(5));
  EXPECT_THAT(e->impact_reduction(kInherent), SizeIs(5));
  for (double r : e->likelihood_reduction(kInherent)) EXPECT_EQ(r, 0.0);
  for (double r : e->impact_reduction(kInherent)) EXPECT_EQ(r, 0.0);
}

TEST(ControlStrengthTest, MitigationsCombineOnTheirAxes) {
  const Register reg = Parse(R"pb(
    controls { id: "C-A" status: CONTROL_STATUS_IMPLEMENTED effectiveness: 0.5 }
    controls { id: "C-B" status: CONTROL_STATUS_IMPLEMENTED effectiveness: 0.6 }
    assets { id: "A" }
    risks {
      id: "R1"
      asset_ids: "A"
      likelihood: "certain"
      impact: "severe"
      mitigations { control_id: "C-A" reduces: REDUCES_LIKELIHOOD }
      mitigations { control_id: "C-B" reduces: REDUCES_BOTH }
    }
    risks {
      id: "R2"
      asset_ids: "A"
      likelihood: "certain"
      impact: "severe"
      mitigations { control_id: "C-A" reduces: REDUCES_UNSPECIFIED }
    }
    risks {
      id: "R3"
      asset_ids: "A"
      likelihood: "certain"
      impact: "severe"
      mitigations { control_id: "C-A" reduces: REDUCES_IMPACT }
    }
    risks {
      id: "R4"
      asset_ids: "A"
      likelihood: "certain"
      impact: "severe"
      mitigations { control_id: "C-B" reduces: REDUCES_LIKELIHOOD }
    }
    risks {
      id: "R5"
      asset_ids: "A"
      likelihood: "certain"
      impact: "severe"
      mitigations { control_id: "C-A" reduces: REDUCES_BOTH }
      mitigations { control_id: "C-B" reduces: REDUCES_BOTH }
    }
  )pb");
  std::unique_ptr<RiskEngine> e = Evaluated(reg);
  ASSERT_NE(e, nullptr);
  // s(C-A) = 0.5, s(C-B) = 0.6 (implemented, implementation default 1).
  // R1: likelihood R = 1 - (1-0.5)(1-0.6) = 1 - 0.2 = 0.8;
  //     ceil(4 * 0.2 = 0.8) = 1. Impact R = 0.6; ceil(4 * 0.4 = 1.6) = 2.
  //     1 + 2 = 3 -> medium.
  EXPECT_EQ(At(*e, kCurrent, 0), (Cell{1, 2, kMedium}));
  EXPECT_NEAR(e->likelihood_reduction(kCurrent)[0], 0.8, 1e-12);
  EXPECT_NEAR(e->impact_reduction(kCurrent)[0], 0.6, 1e-12);
  // R2: unspecified = both: R = 0.5 on each axis; ceil(4 * 0.5) = 2;
  //     2 + 2 = 4 -> medium.
  EXPECT_EQ(At(*e, kCurrent, 1), (Cell{2, 2, kMedium}));
  EXPECT_DOUBLE_EQ(e->likelihood_reduction(kCurrent)[1], 0.5);
  EXPECT_DOUBLE_EQ(e->impact_reduction(kCurrent)[1], 0.5);
  // R3: impact only: L stays 4; I = ceil(4 * 0.5) = 2; 4 + 2 = 6 -> high.
  EXPECT_EQ(At(*e, kCurrent, 2), (Cell{4, 2, kHigh}));
  EXPECT_DOUBLE_EQ(e->likelihood_reduction(kCurrent)[2], 0.0);
  EXPECT_DOUBLE_EQ(e->impact_reduction(kCurrent)[2], 0.5);
  // R4: likelihood only: L = ceil(4 * 0.4 = 1.6) = 2; I 4; 6 -> high.
  EXPECT_EQ(At(*e, kCurrent, 3), (Cell{2, 4, kHigh}));
  EXPECT_NEAR(e->likelihood_reduction(kCurrent)[3], 0.6, 1e-12);
  EXPECT_DOUBLE_EQ(e->impact_reduction(kCurrent)[3], 0.0);
  // R5: both on both axes: R = 0.8; ceil(0.8) = 1; 1 + 1 = 2 -> low.
  EXPECT_EQ(At(*e, kCurrent, 4), (Cell{1, 1, kLow}));
  EXPECT_NEAR(e->likelihood_reduction(kCurrent)[4], 0.8, 1e-12);
  EXPECT_NEAR(e->impact_reduction(kCurrent)[4], 0.8, 1e-12);
  // All implemented at implementation 1: target = current.
  for (int r = 0; r < 5; ++r) {
    EXPECT_EQ(At(*e, kTarget, r), At(*e, kCurrent, r));
  }
}

// ===========================================================================
// 4.4 Reduced levels at the boundaries
// ===========================================================================

TEST(ReducedLevelTest, RoundingAtLevelBoundaries) {
  const Register reg = Parse(R"pb(
    controls {
      id: "C-HALF"
      status: CONTROL_STATUS_IMPLEMENTED
      effectiveness: 0.5
    }
    controls {
      id: "C-03"
      status: CONTROL_STATUS_IMPLEMENTED
      effectiveness: 0.3
    }
    controls {
      id: "C-NOISE"
      status: CONTROL_STATUS_IMPLEMENTED
      effectiveness: 0.4999999999
    }
    controls { id: "C-FULL" status: CONTROL_STATUS_IMPLEMENTED }
    assets { id: "A" }
    risks {
      id: "R1"
      asset_ids: "A"
      likelihood: "certain"
      impact: "severe"
      mitigations { control_id: "C-HALF" }
    }
    risks {
      id: "R2"
      asset_ids: "A"
      likelihood: "likely"
      impact: "major"
      mitigations { control_id: "C-03" }
    }
    risks {
      id: "R3"
      asset_ids: "A"
      likelihood: "certain"
      impact: "severe"
      mitigations { control_id: "C-NOISE" }
    }
    risks {
      id: "R4"
      asset_ids: "A"
      likelihood: "certain"
      impact: "severe"
      mitigations { control_id: "C-FULL" }
    }
    risks {
      id: "R5"
      asset_ids: "A"
      likelihood: "rare"
      impact: "negligible"
      mitigations { control_id: "C-HALF" }
    }
    risks {
      id: "R6"
      asset_ids: "A"
      likelihood: "possible"
      impact: "moderate"
      mitigations { control_id: "C-03" }
    }
  )pb");
  std::unique_ptr<RiskEngine> e = Evaluated(reg);
  ASSERT_NE(e, nullptr);
  // R1: s = 0.5, 1 - R = 0.5; 4 * 0.5 = 2 exactly -> 2; 2 + 2 = 4 -> medium.
  EXPECT_EQ(At(*e, kCurrent, 0), (Cell{2, 2, kMedium}));
  // R2: s = 0.3; R = 1 - 0.7 = 0.30000000000000004; 1 - R = 0.7;
  //     3 * 0.7 = 2.0999999999999996 (2.1 in reals) -> 3: no level drop.
  //     3 + 3 = 6 -> high.
  EXPECT_EQ(At(*e, kCurrent, 1), (Cell{3, 3, kHigh}));
  // R3: s = 0.4999999999; 1 - R = 0.5000000001; 4 * that = 2.0000000004;
  //     ceil(2.0000000004 - 1e-9) = 2 (a plain ceil gives 3) -> medium.
  EXPECT_EQ(At(*e, kCurrent, 2), (Cell{2, 2, kMedium}));
  // R4: s = 1; R = 1; 4 * 0 = 0 -> 0 (never below 0); (0, 0) low.
  EXPECT_EQ(At(*e, kCurrent, 3), (Cell{0, 0, kLow}));
  // R5: L0 = I0 = 0; 0 * 0.5 = 0 -> (0, 0) low.
  EXPECT_EQ(At(*e, kCurrent, 4), (Cell{0, 0, kLow}));
  // R6: L0 = I0 = 2; 2 * 0.7 = 1.4 -> 2: never above L0, here equal to it.
  EXPECT_EQ(At(*e, kCurrent, 5), (Cell{2, 2, kMedium}));
  for (int r = 0; r < 6; ++r) {
    EXPECT_LE(e->likelihood(kCurrent)[r], e->likelihood(kInherent)[r]);
    EXPECT_LE(e->impact(kCurrent)[r], e->impact(kInherent)[r]);
  }
}

TEST(ReducedLevelTest, FloatNoiseAboveAnIntegerDoesNotRaiseTheLevel) {
  // An 11-level likelihood scale: 10 * (1 - R) for s = 0.7 is
  // 10 * 0.30000000000000004 = 3.0000000000000004 in doubles (3 in reals).
  const Register reg = ParseRaw(R"pb(
    risk_method {
      likelihood {
        levels { id: "l0" }
        levels { id: "l1" }
        levels { id: "l2" }
        levels { id: "l3" }
        levels { id: "l4" }
        levels { id: "l5" }
        levels { id: "l6" }
        levels { id: "l7" }
        levels { id: "l8" }
        levels { id: "l9" }
        levels { id: "l10" }
      }
      impact { levels { id: "any" } }
      risk_levels { id: "ok" acceptable: true }
      risk_levels { id: "not_ok" }
      # l0..l3 ok, l4..l10 not ok.
      grid: [
        "ok",
        "ok",
        "ok",
        "ok",
        "not_ok",
        "not_ok",
        "not_ok",
        "not_ok",
        "not_ok",
        "not_ok",
        "not_ok"
      ]
    }
    controls {
      id: "C-07"
      status: CONTROL_STATUS_IMPLEMENTED
      effectiveness: 0.7
    }
    assets { id: "A" }
    risks {
      id: "R"
      asset_ids: "A"
      likelihood: "l10"
      mitigations { control_id: "C-07" reduces: REDUCES_LIKELIHOOD }
    }
  )pb");
  std::unique_ptr<RiskEngine> e = Evaluated(reg);
  ASSERT_NE(e, nullptr);
  // ceil(3.0000000000000004 - 1e-9) = 3 (a plain ceil gives 4, "not_ok").
  EXPECT_EQ(At(*e, kCurrent, 0), (Cell{3, 0, 0}));
  EXPECT_EQ(e->status()[0], isms::v1::RISK_STATUS_ACCEPTABLE);
}

// ===========================================================================
// 4.4 residual_override
// ===========================================================================

TEST(ResidualOverrideTest, ReplacesCurrentAxisByAxis) {
  const Register reg = Parse(R"pb(
    controls {
      id: "C-IMPL"
      status: CONTROL_STATUS_IMPLEMENTED
      effectiveness: 0.5
    }
    controls { id: "C-PLAN" status: CONTROL_STATUS_PLANNED }
    assets { id: "A" }
    risks {
      id: "R1"
      asset_ids: "A"
      likelihood: "certain"
      impact: "severe"
      mitigations { control_id: "C-IMPL" }
      mitigations { control_id: "C-PLAN" }
      residual_override { likelihood: "unlikely" rationale: "judged" }
    }
    risks {
      id: "R2"
      asset_ids: "A"
      likelihood: "certain"
      impact: "severe"
      mitigations { control_id: "C-IMPL" }
      mitigations { control_id: "C-PLAN" }
      residual_override { impact: "negligible" }
    }
    risks {
      id: "R3"
      asset_ids: "A"
      likelihood: "certain"
      impact: "severe"
      mitigations { control_id: "C-IMPL" }
      mitigations { control_id: "C-PLAN" }
      residual_override { likelihood: "rare" impact: "minor" }
    }
  )pb");
  std::unique_ptr<RiskEngine> e = Evaluated(reg);
  ASSERT_NE(e, nullptr);
  // Computed current for all three: s(C-IMPL) = 0.5, s(C-PLAN) = 0 ->
  // R = 0.5; ceil(4 * 0.5) = 2 on both axes.
  // Target: s(C-IMPL) = 0.5, s(C-PLAN) = 1 * 1 * 1 = 1 ->
  // R = 1 - (0.5)(0) = 1; (0, 0) low, whatever the override.
  //
  // R1: likelihood overridden to 1, impact computed 2: 1 + 2 = 3 -> medium.
  EXPECT_EQ(At(*e, kCurrent, 0), (Cell{1, 2, kMedium}));
  // R2: impact overridden to 0, likelihood computed 2: 2 -> low.
  EXPECT_EQ(At(*e, kCurrent, 1), (Cell{2, 0, kLow}));
  // R3: both overridden: (0, 1) -> low.
  EXPECT_EQ(At(*e, kCurrent, 2), (Cell{0, 1, kLow}));
  for (int r = 0; r < 3; ++r) {
    EXPECT_EQ(At(*e, kInherent, r), (Cell{4, 4, kCritical}));
    EXPECT_EQ(At(*e, kTarget, r), (Cell{0, 0, kLow}));
    // The reductions are still the computed ones.
    EXPECT_DOUBLE_EQ(e->likelihood_reduction(kCurrent)[r], 0.5);
    EXPECT_DOUBLE_EQ(e->impact_reduction(kCurrent)[r], 0.5);
  }
  const isms::v1::Assessment a = e->ToProto();
  ASSERT_THAT(a.risks(), SizeIs(3));
  EXPECT_TRUE(a.risks(0).likelihood_overridden());
  EXPECT_FALSE(a.risks(0).impact_overridden());
  EXPECT_FALSE(a.risks(1).likelihood_overridden());
  EXPECT_TRUE(a.risks(1).impact_overridden());
  EXPECT_TRUE(a.risks(2).likelihood_overridden());
  EXPECT_TRUE(a.risks(2).impact_overridden());
  EXPECT_EQ(a.risks(0).current().likelihood(), "unlikely");
  EXPECT_EQ(a.risks(0).current().impact(), "moderate");
  EXPECT_EQ(a.risks(0).current().level(), "medium");
  EXPECT_EQ(a.risks(0).target().level(), "low");
}

// ===========================================================================
// 4.5 Risk level and exposure
// ===========================================================================

constexpr char kThreeRisks[] = R"pb(
  controls {
    id: "C-IMPL"
    status: CONTROL_STATUS_IMPLEMENTED
    effectiveness: 0.5
  }
  controls { id: "C-PLAN" status: CONTROL_STATUS_PLANNED }
  assets { id: "A" }
  risks {
    id: "R1"
    asset_ids: "A"
    likelihood: "certain"
    impact: "severe"
    mitigations { control_id: "C-IMPL" }
  }
  risks { id: "R2" asset_ids: "A" likelihood: "unlikely" impact: "minor" }
  risks {
    id: "R3"
    asset_ids: "A"
    likelihood: "likely"
    impact: "major"
    mitigations { control_id: "C-PLAN" }
  }
)pb";

TEST(LevelAndExposureTest, DefaultWeights) {
  std::unique_ptr<RiskEngine> e = Evaluated(Parse(kThreeRisks));
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->risk_count(), 3);
  EXPECT_EQ(e->likelihood_levels(), 5);
  EXPECT_EQ(e->impact_levels(), 5);
  EXPECT_EQ(e->risk_levels(), 4);
  // R1: inherent (4, 4) critical; current and target s = 0.5 ->
  //     ceil(4 * 0.5) = 2: (2, 2) medium.
  // R2: (1, 1) low in every view.
  // R3: inherent and current (3, 3) high (C-PLAN is planned); target
  //     s = 1 -> (0, 0) low.
  EXPECT_EQ(At(*e, kInherent, 0), (Cell{4, 4, kCritical}));
  EXPECT_EQ(At(*e, kCurrent, 0), (Cell{2, 2, kMedium}));
  EXPECT_EQ(At(*e, kTarget, 0), (Cell{2, 2, kMedium}));
  EXPECT_EQ(At(*e, kInherent, 1), (Cell{1, 1, kLow}));
  EXPECT_EQ(At(*e, kCurrent, 1), (Cell{1, 1, kLow}));
  EXPECT_EQ(At(*e, kTarget, 1), (Cell{1, 1, kLow}));
  EXPECT_EQ(At(*e, kInherent, 2), (Cell{3, 3, kHigh}));
  EXPECT_EQ(At(*e, kCurrent, 2), (Cell{3, 3, kHigh}));
  EXPECT_EQ(At(*e, kTarget, 2), (Cell{0, 0, kLow}));

  // Level counts [low, medium, high, critical]:
  //   inherent {R2} {} {R3} {R1} = [1, 0, 1, 1]
  //   current  {R2} {R1} {R3} {} = [1, 1, 1, 0]
  //   target   {R2, R3} {R1} {} {} = [2, 1, 0, 0]
  EXPECT_THAT(Counts(*e, kInherent), ElementsAre(1, 0, 1, 1));
  EXPECT_THAT(Counts(*e, kCurrent), ElementsAre(1, 1, 1, 0));
  EXPECT_THAT(Counts(*e, kTarget), ElementsAre(2, 1, 0, 0));
  // Heatmaps: one risk per cell.
  EXPECT_EQ(Heat(*e, kInherent), Heatmap5({{4, 4, 1}, {1, 1, 1}, {3, 3, 1}}));
  EXPECT_EQ(Heat(*e, kCurrent), Heatmap5({{2, 2, 1}, {1, 1, 1}, {3, 3, 1}}));
  EXPECT_EQ(Heat(*e, kTarget), Heatmap5({{2, 2, 1}, {1, 1, 1}, {0, 0, 1}}));
  // Default weights index + 1 = 1, 2, 3, 4:
  //   inherent 4 + 1 + 3 = 8; current 2 + 1 + 3 = 6; target 2 + 1 + 1 = 4.
  EXPECT_DOUBLE_EQ(e->exposure(kInherent), 8.0);
  EXPECT_DOUBLE_EQ(e->exposure(kCurrent), 6.0);
  EXPECT_DOUBLE_EQ(e->exposure(kTarget), 4.0);

  const isms::v1::Assessment a = e->ToProto();
  EXPECT_DOUBLE_EQ(a.inherent_exposure(), 8.0);
  EXPECT_DOUBLE_EQ(a.current_exposure(), 6.0);
  EXPECT_DOUBLE_EQ(a.target_exposure(), 4.0);
  ASSERT_THAT(a.level_counts(), SizeIs(4));
  EXPECT_EQ(a.level_counts(1).level(), "medium");
  EXPECT_EQ(a.level_counts(1).inherent(), 0);
  EXPECT_EQ(a.level_counts(1).current(), 1);
  EXPECT_EQ(a.level_counts(1).target(), 1);
  EXPECT_EQ(a.level_counts(0).target(), 2);
  EXPECT_EQ(a.current_heatmap().rows(), 5);
  EXPECT_EQ(a.current_heatmap().cols(), 5);
  EXPECT_EQ(a.current_heatmap().cells(2 * 5 + 2), 1);
  EXPECT_EQ(a.target_heatmap().cells(0), 1);
  EXPECT_EQ(a.risks(0).inherent().level(), "critical");
  EXPECT_EQ(a.risks(0).inherent().level_index(), kCritical);
  EXPECT_EQ(a.risks(0).current().likelihood(), "possible");
  EXPECT_EQ(a.risks(0).current().likelihood_index(), 2);
  EXPECT_EQ(a.risks(0).current().impact(), "moderate");
  EXPECT_EQ(a.risks(2).target().level(), "low");
}

TEST(LevelAndExposureTest, ExplicitWeights) {
  Register reg = Parse(kThreeRisks);
  const double weights[] = {0, 1.5, 4, 10};  // low, medium, high, critical
  for (int k = 0; k < 4; ++k) {
    reg.mutable_risk_method()->mutable_risk_levels(k)->set_weight(weights[k]);
  }
  std::unique_ptr<RiskEngine> e = Evaluated(reg);
  ASSERT_NE(e, nullptr);
  // inherent: critical 10 + low 0 + high 4 = 14
  // current:  medium 1.5 + low 0 + high 4 = 5.5
  // target:   medium 1.5 + low 0 + low 0 = 1.5
  EXPECT_DOUBLE_EQ(e->exposure(kInherent), 14.0);
  EXPECT_DOUBLE_EQ(e->exposure(kCurrent), 5.5);
  EXPECT_DOUBLE_EQ(e->exposure(kTarget), 1.5);
}

// ===========================================================================
// 4.6 Status at as_of (2026-11-22)
// ===========================================================================

TEST(StatusTest, FirstThatHolds) {
  // Every risk is (3, 3) high, not acceptable, unless said otherwise.
  const Register reg = Parse(R"pb(
    controls { id: "C-PLAN" status: CONTROL_STATUS_PLANNED }
    assets { id: "A" }
    risks { id: "R-OK" asset_ids: "A" likelihood: "unlikely" impact: "minor" }
    risks {
      id: "R-ACC"
      asset_ids: "A"
      likelihood: "likely"
      impact: "major"
      acceptance { accepted_by: "CEO" date: "2026-01-10" }
    }
    risks {
      id: "R-ACC-DAY"
      asset_ids: "A"
      likelihood: "likely"
      impact: "major"
      acceptance { accepted_by: "CEO" date: "2026-11-22" }
    }
    risks {
      id: "R-EXP-DAY"
      asset_ids: "A"
      likelihood: "likely"
      impact: "major"
      acceptance { accepted_by: "CEO" date: "2026-01-10" expires: "2026-11-22" }
    }
    risks {
      id: "R-FUTURE"
      asset_ids: "A"
      likelihood: "likely"
      impact: "major"
      acceptance { accepted_by: "CEO" date: "2026-11-23" }
    }
    risks {
      id: "R-EXPIRED"
      asset_ids: "A"
      likelihood: "likely"
      impact: "major"
      acceptance { accepted_by: "CEO" date: "2025-01-10" expires: "2026-11-21" }
    }
    risks {
      id: "R-PLAN"
      asset_ids: "A"
      likelihood: "likely"
      impact: "major"
      mitigations { control_id: "C-PLAN" }
    }
    risks {
      id: "R-PLAN-ACC"
      asset_ids: "A"
      likelihood: "likely"
      impact: "major"
      mitigations { control_id: "C-PLAN" }
      acceptance { accepted_by: "CEO" date: "2026-03-01" }
    }
    risks { id: "R-UNT" asset_ids: "A" likelihood: "likely" impact: "major" }
  )pb");
  std::unique_ptr<RiskEngine> e = Evaluated(reg);
  ASSERT_NE(e, nullptr);
  using isms::v1::RISK_STATUS_ACCEPTABLE;
  using isms::v1::RISK_STATUS_ACCEPTED;
  using isms::v1::RISK_STATUS_TREATMENT_PLANNED;
  using isms::v1::RISK_STATUS_UNTREATED;
  const std::vector<int> statuses(e->status().begin(), e->status().end());
  EXPECT_THAT(statuses,
              ElementsAre(
                  // R-OK: (1, 1) low is acceptable.
                  RISK_STATUS_ACCEPTABLE,
                  // R-ACC: accepted 2026-01-10 <= as_of, no expiry.
                  RISK_STATUS_ACCEPTED,
                  // R-ACC-DAY: accepted on as_of itself.
                  RISK_STATUS_ACCEPTED,
                  // R-EXP-DAY: expires on as_of: still valid that day.
                  RISK_STATUS_ACCEPTED,
                  // R-FUTURE: dated 2026-11-23 > as_of: not yet; target
                  // = current (no control) high -> untreated.
                  RISK_STATUS_UNTREATED,
                  // R-EXPIRED: expired 2026-11-21 < as_of -> untreated.
                  RISK_STATUS_UNTREATED,
                  // R-PLAN: target s = 1 -> (0, 0) low is acceptable.
                  RISK_STATUS_TREATMENT_PLANNED,
                  // R-PLAN-ACC: accepted comes before treatment_planned.
                  RISK_STATUS_ACCEPTED,
                  // R-UNT: nothing.
                  RISK_STATUS_UNTREATED));

  // ToProto: one count per status 1..4: acceptable 1, accepted 4,
  // treatment_planned 1, untreated 3.
  const isms::v1::Assessment a = e->ToProto();
  ASSERT_THAT(a.status_counts(), SizeIs(4));
  EXPECT_EQ(a.status_counts(0).status(), RISK_STATUS_ACCEPTABLE);
  EXPECT_EQ(a.status_counts(0).count(), 1);
  EXPECT_EQ(a.status_counts(1).status(), RISK_STATUS_ACCEPTED);
  EXPECT_EQ(a.status_counts(1).count(), 4);
  EXPECT_EQ(a.status_counts(2).status(), RISK_STATUS_TREATMENT_PLANNED);
  EXPECT_EQ(a.status_counts(2).count(), 1);
  EXPECT_EQ(a.status_counts(3).status(), RISK_STATUS_UNTREATED);
  EXPECT_EQ(a.status_counts(3).count(), 3);
  EXPECT_EQ(ResultOf(a, "R-PLAN").status(), RISK_STATUS_TREATMENT_PLANNED);
  EXPECT_EQ(a.as_of(), kAsOf);
  EXPECT_EQ(e->as_of(), kAsOf);

  EXPECT_EQ(isms::RiskStatusName(RISK_STATUS_ACCEPTABLE), "acceptable");
  EXPECT_EQ(isms::RiskStatusName(RISK_STATUS_ACCEPTED), "accepted");
  EXPECT_EQ(isms::RiskStatusName(RISK_STATUS_TREATMENT_PLANNED),
            "treatment_planned");
  EXPECT_EQ(isms::RiskStatusName(RISK_STATUS_UNTREATED), "untreated");
}

// ===========================================================================
// 4.7 Aggregates
// ===========================================================================

const isms::v1::ExposureGroup* Group(
    const google::protobuf::RepeatedPtrField<isms::v1::ExposureGroup>& groups,
    absl::string_view key) {
  for (const isms::v1::ExposureGroup& g : groups) {
    if (g.key() == key) return &g;
  }
  return nullptr;
}

// risks, inherent, current, target of one group.
void ExpectGroup(
    const google::protobuf::RepeatedPtrField<isms::v1::ExposureGroup>& groups,
    absl::string_view key, int64_t risks, double inherent, double current,
    double target) {
  SCOPED_TRACE(absl::StrCat("group \"", key, "\""));
  const isms::v1::ExposureGroup* g = Group(groups, key);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->risks(), risks);
  EXPECT_DOUBLE_EQ(g->inherent(), inherent);
  EXPECT_DOUBLE_EQ(g->current(), current);
  EXPECT_DOUBLE_EQ(g->target(), target);
}

TEST(AggregatesTest, ExposureByAssetOwnerAndBusinessUnit) {
  const Register reg = Parse(R"pb(
    controls { id: "C-PLAN" status: CONTROL_STATUS_PLANNED }
    assets { id: "A1" business_unit: "Retail" }
    assets { id: "A2" business_unit: "Retail" }
    assets { id: "A3" business_unit: "Corporate" }
    assets { id: "A4" }
    assets { id: "A5" business_unit: "Idle" }
    risks {
      id: "R1"
      owner: "alice"
      asset_ids: [ "A1", "A2" ]
      likelihood: "certain"
      impact: "severe"
    }
    risks {
      id: "R2"
      owner: "alice"
      asset_ids: [ "A2", "A3" ]
      likelihood: "likely"
      impact: "major"
      mitigations { control_id: "C-PLAN" }
    }
    risks {
      id: "R3"
      owner: "bob"
      asset_ids: "A3"
      likelihood: "unlikely"
      impact: "minor"
    }
    risks { id: "R4" asset_ids: "A4" likelihood: "possible" impact: "moderate" }
  )pb");
  std::unique_ptr<RiskEngine> e = Evaluated(reg);
  ASSERT_NE(e, nullptr);
  // Weights (default): R1 critical 4 in every view; R2 high 3 inherent and
  // current, target low 1 (C-PLAN at 1 -> (0, 0)); R3 low 1; R4 (2, 2)
  // medium 2.
  const isms::v1::Assessment a = e->ToProto();
  // By asset (a risk counts for each of its assets):
  //   A1: R1 -> 4 / 4 / 4.  A2: R1 + R2 -> 7 / 7 / 4 + 1 = 5.
  //   A3: R2 + R3 -> 4 / 4 / 1 + 1 = 2.  A4: R4 -> 2 / 2 / 2.
  //   A5 has no risk: no group.
  ExpectGroup(a.exposure_by_asset(), "A1", 1, 4, 4, 4);
  ExpectGroup(a.exposure_by_asset(), "A2", 2, 7, 7, 5);
  ExpectGroup(a.exposure_by_asset(), "A3", 2, 4, 4, 2);
  ExpectGroup(a.exposure_by_asset(), "A4", 1, 2, 2, 2);
  EXPECT_EQ(Group(a.exposure_by_asset(), "A5"), nullptr);
  EXPECT_THAT(a.exposure_by_asset(), SizeIs(4));
  // By owner: alice R1 + R2 -> 7 / 7 / 5; bob R3 -> 1; "" R4 -> 2.
  ExpectGroup(a.exposure_by_owner(), "alice", 2, 7, 7, 5);
  ExpectGroup(a.exposure_by_owner(), "bob", 1, 1, 1, 1);
  ExpectGroup(a.exposure_by_owner(), "", 1, 2, 2, 2);
  EXPECT_THAT(a.exposure_by_owner(), SizeIs(3));
  // By business unit, each distinct unit of a risk's assets once:
  //   Retail: R1 (A1 and A2, counted once) + R2 (A2) -> 4 + 3 = 7 /
  //           7 / 4 + 1 = 5.
  //   Corporate: R2 (A3) + R3 -> 3 + 1 = 4 / 4 / 1 + 1 = 2.
  //   "": R4 -> 2.
  ExpectGroup(a.exposure_by_business_unit(), "Retail", 2, 7, 7, 5);
  ExpectGroup(a.exposure_by_business_unit(), "Corporate", 2, 4, 4, 2);
  ExpectGroup(a.exposure_by_business_unit(), "", 1, 2, 2, 2);
  EXPECT_EQ(Group(a.exposure_by_business_unit(), "Idle"), nullptr);
  EXPECT_THAT(a.exposure_by_business_unit(), SizeIs(3));
  // Total: 4 + 3 + 1 + 2 = 10 current (each risk once).
  EXPECT_DOUBLE_EQ(a.current_exposure(), 10.0);
  EXPECT_DOUBLE_EQ(a.target_exposure(), 4 + 1 + 1 + 2);

  isms::AssessmentOptions without;
  without.exposure_groups = false;
  EXPECT_THAT(e->ToProto(without).exposure_by_asset(), IsEmpty());
}

TEST(AggregatesTest, TopRisksOrderAndTieBreakers) {
  // Registered in a shuffled order; ids chosen so that the id tie-breaker
  // (T-D before T-E) is not the register order.
  const Register reg = Parse(R"pb(
    assets { id: "A" }
    risks { id: "T-G" asset_ids: "A" likelihood: "rare" impact: "negligible" }
    risks { id: "T-E" asset_ids: "A" likelihood: "possible" impact: "major" }
    risks { id: "T-F" asset_ids: "A" likelihood: "likely" impact: "moderate" }
    risks { id: "T-C" asset_ids: "A" likelihood: "certain" impact: "major" }
    risks { id: "T-D" asset_ids: "A" likelihood: "possible" impact: "major" }
    risks { id: "T-A" asset_ids: "A" likelihood: "certain" impact: "severe" }
    risks { id: "T-H" asset_ids: "A" likelihood: "possible" impact: "severe" }
    risks { id: "T-B" asset_ids: "A" likelihood: "likely" impact: "severe" }
  )pb");
  std::unique_ptr<RiskEngine> e = Evaluated(reg);
  ASSERT_NE(e, nullptr);
  // Current (level, impact, likelihood):
  //   T-A (critical 3, 4, 4)  4 + 4 = 8
  //   T-B (critical 3, 4, 3)  same level and impact as T-A, lower likelihood
  //   T-C (critical 3, 3, 4)  lower impact than T-B despite likelihood 4
  //   T-H (high 2, 4, 2)      impact 4 but a lower level than T-C
  //   T-D (high 2, 3, 2)      tie with T-E on everything: id T-D < T-E
  //   T-E (high 2, 3, 2)
  //   T-F (high 2, 2, 3)      lower impact than T-D / T-E
  //   T-G (low 0, 0, 0)
  // Register indexes: T-G 0, T-E 1, T-F 2, T-C 3, T-D 4, T-A 5, T-H 6, T-B 7.
  EXPECT_THAT(e->TopRisks(100), ElementsAre(5, 7, 3, 6, 4, 1, 2, 0));
  EXPECT_THAT(e->TopRisks(3), ElementsAre(5, 7, 3));
  EXPECT_THAT(e->TopRisks(5), ElementsAre(5, 7, 3, 6, 4));
  EXPECT_THAT(e->TopRisks(0), IsEmpty());
  // Any n above the risk count means all of them (n + 1 used to overflow).
  EXPECT_THAT(e->TopRisks(std::numeric_limits<int>::max()),
              ElementsAre(5, 7, 3, 6, 4, 1, 2, 0));

  isms::AssessmentOptions options;
  options.top_n = 6;
  EXPECT_THAT(e->ToProto(options).top_risk_ids(),
              ElementsAre("T-A", "T-B", "T-C", "T-H", "T-D", "T-E"));
  // Default top_n 10 > 8 risks: all of them.
  EXPECT_THAT(
      e->ToProto().top_risk_ids(),
      ElementsAre("T-A", "T-B", "T-C", "T-H", "T-D", "T-E", "T-F", "T-G"));
  // Heatmaps count per cell: T-D and T-E share (2, 3).
  EXPECT_EQ(Heat(*e, kCurrent), Heatmap5({{4, 4, 1},
                                          {3, 4, 1},
                                          {4, 3, 1},
                                          {2, 4, 1},
                                          {2, 3, 2},
                                          {3, 2, 1},
                                          {0, 0, 1}}));
  EXPECT_EQ(Heat(*e, kInherent), Heat(*e, kCurrent));
  EXPECT_EQ(Heat(*e, kTarget), Heat(*e, kCurrent));
  // Counts: low {T-G}, medium {}, high {T-H, T-D, T-E, T-F},
  // critical {T-A, T-B, T-C}.
  EXPECT_THAT(Counts(*e, kCurrent), ElementsAre(1, 0, 4, 3));
}

// ===========================================================================
// 4.8 Findings
// ===========================================================================

// "CODE object SEVERITY" per finding.
std::vector<std::string> Describe(const std::vector<isms::v1::Finding>& fs) {
  std::vector<std::string> out;
  for (const isms::v1::Finding& f : fs) {
    out.push_back(absl::StrCat(f.code(), " ", f.object_id(), " ",
                               isms::v1::Severity_Name(f.severity())));
  }
  return out;
}

// Raises no finding: R-1 is (0, 2) inherent (A-1's C moderate 2), (0, 0)
// current low, owned, assessed recently; C-1 is owned, used, tested.
constexpr char kClean[] = R"pb(
  assets {
    id: "A-1"
    owner: "it"
    value { confidentiality: "moderate" }
  }
  controls {
    id: "C-1"
    owner: "ops"
    status: CONTROL_STATUS_IMPLEMENTED
    last_tested: "2026-06-01"
  }
  risks {
    id: "R-1"
    owner: "alice"
    asset_ids: "A-1"
    likelihood: "rare"
    assessed_on: "2026-06-01"
    mitigations { control_id: "C-1" }
  }
)pb";

struct FindingCase {
  const char* name;
  const char* extra;  // appended to kClean
  std::vector<std::string> expected;
};

std::vector<FindingCase> FindingCases() {
  return {
      {"RISK_UNTREATED",
       // (4, 4) critical, no treatment, no acceptance.
       R"pb(risks {
              id: "R-2"
              owner: "alice"
              asset_ids: "A-1"
              likelihood: "certain"
              impact: "severe"
            })pb",
       {"RISK_UNTREATED R-2 SEVERITY_ERROR"}},
      {"TREATMENT_INSUFFICIENT",
       // (4, 4) critical with a treatment; target s = 0.25 ->
       // ceil(4 * 0.75) = 3: (3, 3) high, still above appetite.
       R"pb(controls {
              id: "C-2"
              owner: "ops"
              status: CONTROL_STATUS_PLANNED
              effectiveness: 0.25
            }
            risks {
              id: "R-2"
              owner: "alice"
              asset_ids: "A-1"
              likelihood: "certain"
              impact: "severe"
              mitigations { control_id: "C-2" }
              treatment {
                option: TREATMENT_OPTION_MODIFY
                due_date: "2027-06-30"
                status: TREATMENT_STATUS_IN_PROGRESS
              }
            })pb",
       {"TREATMENT_INSUFFICIENT R-2 SEVERITY_WARNING"}},
      {"ACCEPTANCE_MISSING",
       // (4, 4) critical, retained; the acceptance has a date (so the risk
       // counts as accepted: no RISK_UNTREATED / TREATMENT_INSUFFICIENT)
       // but does not say who accepted it.
       R"pb(risks {
              id: "R-2"
              owner: "alice"
              asset_ids: "A-1"
              likelihood: "certain"
              impact: "severe"
              treatment { option: TREATMENT_OPTION_RETAIN }
              acceptance { date: "2026-01-10" }
            })pb",
       {"ACCEPTANCE_MISSING R-2 SEVERITY_ERROR"}},
      {"ACCEPTANCE_EXPIRED",
       // Expired 2026-11-21 < as_of 2026-11-22.
       R"pb(risks {
              id: "R-2"
              owner: "alice"
              asset_ids: "A-1"
              likelihood: "unlikely"
              impact: "minor"
              acceptance {
                accepted_by: "CEO"
                date: "2025-01-10"
                expires: "2026-11-21"
              }
            })pb",
       {"ACCEPTANCE_EXPIRED R-2 SEVERITY_WARNING"}},
      {"TREATMENT_OVERDUE",
       // Due 2026-11-21 < as_of, in progress.
       R"pb(risks {
              id: "R-2"
              owner: "alice"
              asset_ids: "A-1"
              likelihood: "unlikely"
              impact: "minor"
              treatment {
                option: TREATMENT_OPTION_MODIFY
                due_date: "2026-11-21"
                status: TREATMENT_STATUS_IN_PROGRESS
              }
            })pb",
       {"TREATMENT_OVERDUE R-2 SEVERITY_WARNING"}},
      {"OVERRIDE_ABOVE_INHERENT",
       // Inherent (0, 1); override likelihood 1 > 0. Current (1, 1) low.
       R"pb(risks {
              id: "R-2"
              owner: "alice"
              asset_ids: "A-1"
              likelihood: "rare"
              impact: "minor"
              residual_override { likelihood: "unlikely" }
            })pb",
       {"OVERRIDE_ABOVE_INHERENT R-2 SEVERITY_WARNING"}},
      {"OVERRIDE_WITHOUT_CONTROL",
       // Inherent (2, 1) medium; override likelihood 0 < 2 with no control.
       R"pb(risks {
              id: "R-2"
              owner: "alice"
              asset_ids: "A-1"
              likelihood: "possible"
              impact: "minor"
              residual_override { likelihood: "rare" }
            })pb",
       {"OVERRIDE_WITHOUT_CONTROL R-2 SEVERITY_WARNING"}},
      {"RISK_NO_OWNER",
       R"pb(risks {
              id: "R-2"
              asset_ids: "A-1"
              likelihood: "unlikely"
              impact: "minor"
            })pb",
       {"RISK_NO_OWNER R-2 SEVERITY_WARNING"}},
      {"CONTROL_NO_OWNER",
       R"pb(controls {
              id: "C-2"
              status: CONTROL_STATUS_IMPLEMENTED
              last_tested: "2026-06-01"
            }
            risks {
              id: "R-2"
              owner: "alice"
              asset_ids: "A-1"
              likelihood: "unlikely"
              impact: "minor"
              mitigations { control_id: "C-2" }
            })pb",
       {"CONTROL_NO_OWNER C-2 SEVERITY_WARNING"}},
      {"MITIGATION_RETIRED_CONTROL",
       // Reported on the risk; a retired control is not "unused".
       R"pb(controls { id: "C-2" owner: "ops" status: CONTROL_STATUS_RETIRED }
            risks {
              id: "R-2"
              owner: "alice"
              asset_ids: "A-1"
              likelihood: "unlikely"
              impact: "minor"
              mitigations { control_id: "C-2" }
            })pb",
       {"MITIGATION_RETIRED_CONTROL R-2 SEVERITY_WARNING"}},
      {"CONTROL_OVERDUE",
       // Planned, due 2026-11-21 < as_of.
       R"pb(controls {
              id: "C-2"
              owner: "ops"
              status: CONTROL_STATUS_PLANNED
              due_date: "2026-11-21"
            }
            risks {
              id: "R-2"
              owner: "alice"
              asset_ids: "A-1"
              likelihood: "unlikely"
              impact: "minor"
              mitigations { control_id: "C-2" }
            })pb",
       {"CONTROL_OVERDUE C-2 SEVERITY_WARNING"}},
      {"CONTROL_NOT_TESTED",
       // Tested 2025-11-22, exactly 12 months before as_of: a year old;
       // C-3 never tested.
       R"pb(controls {
              id: "C-2"
              owner: "ops"
              status: CONTROL_STATUS_IMPLEMENTED
              last_tested: "2025-11-22"
            }
            controls {
              id: "C-3"
              owner: "ops"
              status: CONTROL_STATUS_IMPLEMENTED
            }
            risks {
              id: "R-2"
              owner: "alice"
              asset_ids: "A-1"
              likelihood: "unlikely"
              impact: "minor"
              mitigations { control_id: "C-2" }
              mitigations { control_id: "C-3" }
            })pb",
       {"CONTROL_NOT_TESTED C-2 SEVERITY_INFO",
        "CONTROL_NOT_TESTED C-3 SEVERITY_INFO"}},
      {"CONTROL_UNUSED",
       R"pb(controls { id: "C-2" owner: "ops" status: CONTROL_STATUS_PLANNED })pb",
       {"CONTROL_UNUSED C-2 SEVERITY_INFO"}},
      {"ASSET_NO_RISK",
       // A-2 own I minor 1; A-3 carries it: ceil(1 * 1) = 1. Neither has a
       // risk. A-4 has value 0 and is not flagged.
       R"pb(assets {
              id: "A-2"
              owner: "it"
              value { integrity: "minor" }
              depends_on { asset_id: "A-3" }
            }
            assets { id: "A-3" owner: "it" }
            assets { id: "A-4" owner: "it" })pb",
       {"ASSET_NO_RISK A-2 SEVERITY_INFO", "ASSET_NO_RISK A-3 SEVERITY_INFO"}},
      {"RISK_REVIEW_OVERDUE",
       // Assessed 2025-11-22, 12 months before as_of: a year old.
       R"pb(risks {
              id: "R-2"
              owner: "alice"
              asset_ids: "A-1"
              likelihood: "unlikely"
              impact: "minor"
              assessed_on: "2025-11-22"
            })pb",
       {"RISK_REVIEW_OVERDUE R-2 SEVERITY_INFO"}},
  };
}

TEST(FindingsTest, CleanRegisterHasNone) {
  std::unique_ptr<RiskEngine> e = Evaluated(Parse(kClean));
  ASSERT_NE(e, nullptr);
  EXPECT_THAT(Describe(e->Findings()), IsEmpty());
  EXPECT_THAT(e->ToProto().findings(), IsEmpty());
}

TEST(FindingsTest, EachCodeFromItsSmallestCause) {
  for (const FindingCase& c : FindingCases()) {
    SCOPED_TRACE(c.name);
    std::unique_ptr<RiskEngine> e =
        Evaluated(Parse(absl::StrCat(kClean, c.extra)));
    ASSERT_NE(e, nullptr);
    EXPECT_THAT(Describe(e->Findings()), UnorderedElementsAreArray(c.expected));
    // ToProto() carries the same findings.
    const isms::v1::Assessment a = e->ToProto();
    EXPECT_EQ(a.findings_size(), static_cast<int>(c.expected.size()));
  }
}

TEST(FindingsTest, EveryCodeIsCoveredWithItsTableSeverity) {
  const std::vector<FindingCase> cases = FindingCases();
  for (const isms::FindingCodeInfo& info : isms::FindingCodes()) {
    SCOPED_TRACE(info.code);
    bool covered = false;
    for (const FindingCase& c : cases) {
      if (std::string(c.name) != info.code) continue;
      covered = true;
      for (const std::string& expected : c.expected) {
        EXPECT_EQ(expected.substr(expected.rfind(' ') + 1),
                  isms::v1::Severity_Name(info.severity));
      }
    }
    EXPECT_TRUE(covered) << "no test case for finding code " << info.code;
  }
}

// A date that does not parse never widens a decision (model/dates.h): the
// acceptance with "expires": "2025-13-01" has expired (R-2 is untreated, not
// accepted for ever), one given on "2026-02-30" was never given (R-5), and
// unreadable due and test dates count as passed.
// Threads are capped (internal::kMaxThreads) and what Evaluate() allocates
// per chunk does not grow with the number asked for: ten million threads
// give a 3-risk register's results with one chunk.
TEST(EngineOptionsTest, AbsurdThreadCountsAreCapped) {
  std::unique_ptr<RiskEngine> one = Evaluated(Parse(kClean), Options(1));
  std::unique_ptr<RiskEngine> many =
      Evaluated(Parse(kClean), Options(10'000'000));
  ASSERT_NE(one, nullptr);
  ASSERT_NE(many, nullptr);
  EXPECT_EQ(one->ToProto().SerializeAsString(),
            many->ToProto().SerializeAsString());
}

// Ids with a control character are refused at compile (a C host would see
// "R\0X" cut to "R"), naming the place.
TEST(EngineCreateTest, ControlCharacterInIdIsRefused) {
  Register reg = Parse(kClean);
  reg.mutable_risks(0)->set_id(std::string("R\0X", 3));
  absl::StatusOr<std::unique_ptr<RiskEngine>> engine =
      RiskEngine::Create(reg, Options());
  ASSERT_FALSE(engine.ok());
  EXPECT_EQ(engine.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(engine.status().message(),
            "risks[0].id: the id \"R\\000X\" contains a control character "
            "at byte 1");
  reg = Parse(kClean);
  reg.mutable_risk_method()->mutable_impact()->mutable_levels(0)->set_id("a\n");
  engine = RiskEngine::Create(reg, Options());
  ASSERT_FALSE(engine.ok());
  EXPECT_THAT(engine.status().message(),
              HasSubstr("risk_method.impact.levels[0].id: the id"));
}

TEST(FindingsTest, UnreadableDatesNeverWidenADecision) {
  std::unique_ptr<RiskEngine> e = Evaluated(Parse(absl::StrCat(kClean, R"pb(
    controls {
      id: "C-2"
      owner: "ops"
      status: CONTROL_STATUS_PLANNED
      due_date: "2026-13-01"
    }
    controls {
      id: "C-3"
      owner: "ops"
      status: CONTROL_STATUS_IMPLEMENTED
      last_tested: "20250101"
    }
    risks {
      id: "R-2"
      owner: "alice"
      asset_ids: "A-1"
      likelihood: "certain"
      impact: "severe"
      acceptance { accepted_by: "CEO" date: "2026-01-10" expires: "2025-13-01" }
    }
    risks {
      id: "R-3"
      owner: "alice"
      asset_ids: "A-1"
      likelihood: "unlikely"
      impact: "minor"
      treatment {
        option: TREATMENT_OPTION_MODIFY
        due_date: "2026-02-30"
        status: TREATMENT_STATUS_IN_PROGRESS
      }
      mitigations { control_id: "C-2" }
      mitigations { control_id: "C-3" }
    }
    risks {
      id: "R-4"
      owner: "alice"
      asset_ids: "A-1"
      likelihood: "unlikely"
      impact: "minor"
      assessed_on: "last year"
    }
    risks {
      id: "R-5"
      owner: "alice"
      asset_ids: "A-1"
      likelihood: "certain"
      impact: "severe"
      acceptance { accepted_by: "CEO" date: "2026-02-30" }
    })pb")));
  ASSERT_NE(e, nullptr);
  EXPECT_THAT(
      Describe(e->Findings()),
      testing::UnorderedElementsAre("ACCEPTANCE_EXPIRED R-2 SEVERITY_WARNING",
                                    "RISK_UNTREATED R-2 SEVERITY_ERROR",
                                    "RISK_UNTREATED R-5 SEVERITY_ERROR",
                                    "TREATMENT_OVERDUE R-3 SEVERITY_WARNING",
                                    "CONTROL_OVERDUE C-2 SEVERITY_WARNING",
                                    "CONTROL_NOT_TESTED C-3 SEVERITY_INFO",
                                    "RISK_REVIEW_OVERDUE R-4 SEVERITY_INFO"));
  const isms::v1::Assessment a = e->ToProto();
  for (const isms::v1::RiskResult& r : a.risks()) {
    if (r.risk_id() == "R-2" || r.risk_id() == "R-5") {
      EXPECT_EQ(r.status(), isms::v1::RISK_STATUS_UNTREATED) << r.risk_id();
    }
  }
}

TEST(FindingsTest, NearMissesRaiseNothing) {
  const char* near_misses[] = {
      // Acceptance expiring on as_of itself is still valid; the risk is
      // critical but accepted, so not untreated either.
      R"pb(risks {
             id: "R-2"
             owner: "alice"
             asset_ids: "A-1"
             likelihood: "certain"
             impact: "severe"
             acceptance {
               accepted_by: "CEO"
               date: "2026-01-10"
               expires: "2026-11-22"
             }
           })pb",
      // Treatment due on as_of, and one past due but done.
      R"pb(risks {
             id: "R-2"
             owner: "alice"
             asset_ids: "A-1"
             likelihood: "unlikely"
             impact: "minor"
             treatment {
               option: TREATMENT_OPTION_MODIFY
               due_date: "2026-11-22"
               status: TREATMENT_STATUS_IN_PROGRESS
             }
           }
           risks {
             id: "R-3"
             owner: "alice"
             asset_ids: "A-1"
             likelihood: "unlikely"
             impact: "minor"
             treatment {
               option: TREATMENT_OPTION_MODIFY
               due_date: "2026-01-01"
               status: TREATMENT_STATUS_DONE
             }
           })pb",
      // Control due on as_of; control tested and risk assessed on
      // 2025-11-23, one day within the 12 months up to as_of (2025-11-22
      // itself is a year old: model::WithinAYear).
      R"pb(controls {
             id: "C-2"
             owner: "ops"
             status: CONTROL_STATUS_PLANNED
             due_date: "2026-11-22"
           }
           controls {
             id: "C-3"
             owner: "ops"
             status: CONTROL_STATUS_IMPLEMENTED
             last_tested: "2025-11-23"
           }
           risks {
             id: "R-2"
             owner: "alice"
             asset_ids: "A-1"
             likelihood: "unlikely"
             impact: "minor"
             assessed_on: "2025-11-23"
             mitigations { control_id: "C-2" }
             mitigations { control_id: "C-3" }
           })pb",
      // Retaining a risk within appetite needs no acceptance record.
      R"pb(risks {
             id: "R-2"
             owner: "alice"
             asset_ids: "A-1"
             likelihood: "unlikely"
             impact: "minor"
             treatment { option: TREATMENT_OPTION_RETAIN }
           })pb",
      // A retained critical risk with a complete acceptance.
      R"pb(risks {
             id: "R-2"
             owner: "alice"
             asset_ids: "A-1"
             likelihood: "certain"
             impact: "severe"
             treatment { option: TREATMENT_OPTION_RETAIN }
             acceptance { accepted_by: "CEO" date: "2026-01-10" }
           })pb",
      // An override lowering the risk with an implemented control.
      R"pb(risks {
             id: "R-2"
             owner: "alice"
             asset_ids: "A-1"
             likelihood: "possible"
             impact: "minor"
             mitigations { control_id: "C-1" reduces: REDUCES_IMPACT }
             residual_override { likelihood: "rare" }
           })pb",
      // A retired control that nothing uses; an asset without value.
      R"pb(controls { id: "C-2" owner: "ops" status: CONTROL_STATUS_RETIRED }
           assets { id: "A-2" owner: "it" })pb",
  };
  for (const char* extra : near_misses) {
    SCOPED_TRACE(extra);
    std::unique_ptr<RiskEngine> e =
        Evaluated(Parse(absl::StrCat(kClean, extra)));
    ASSERT_NE(e, nullptr);
    EXPECT_THAT(Describe(e->Findings()), IsEmpty());
  }
}

// ===========================================================================
// 4.10 What-if
// ===========================================================================

TEST(WhatIfTest, RanksControlsByExposureRemoved) {
  const Register reg = Parse(R"pb(
    controls {
      id: "C-P"
      name: "Patch management"
      status: CONTROL_STATUS_PLANNED
      effectiveness: 0.5
      annual_cost: 2000
    }
    controls {
      id: "C-Q"
      status: CONTROL_STATUS_IN_PROGRESS
      implementation: 0.5
      annual_cost: 0
    }
    controls {
      id: "C-H"
      status: CONTROL_STATUS_IMPLEMENTED
      implementation: 0.5
    }
    controls { id: "C-A" status: CONTROL_STATUS_PLANNED }
    controls { id: "C-Z" status: CONTROL_STATUS_PLANNED }
    controls { id: "C-I" status: CONTROL_STATUS_IMPLEMENTED effectiveness: 0.8 }
    controls { id: "C-R" status: CONTROL_STATUS_RETIRED }
    assets { id: "A" }
    risks {
      id: "R1"
      asset_ids: "A"
      likelihood: "certain"
      impact: "severe"
      mitigations { control_id: "C-P" }
    }
    risks {
      id: "R2"
      asset_ids: "A"
      likelihood: "likely"
      impact: "major"
      mitigations { control_id: "C-P" }
    }
    risks {
      id: "R3"
      asset_ids: "A"
      likelihood: "certain"
      impact: "moderate"
      mitigations { control_id: "C-Q" reduces: REDUCES_LIKELIHOOD }
    }
    risks {
      id: "R4"
      asset_ids: "A"
      likelihood: "certain"
      impact: "severe"
      mitigations { control_id: "C-I" }
      mitigations { control_id: "C-R" }
    }
    risks {
      id: "R5"
      asset_ids: "A"
      likelihood: "rare"
      impact: "negligible"
      mitigations { control_id: "C-Z" }
    }
    risks {
      id: "R6"
      asset_ids: "A"
      likelihood: "possible"
      impact: "moderate"
      mitigations { control_id: "C-A" }
    }
    risks {
      id: "R7"
      asset_ids: "A"
      likelihood: "likely"
      impact: "major"
      mitigations { control_id: "C-H" }
    }
  )pb");
  std::unique_ptr<RiskEngine> e = Evaluated(reg);
  ASSERT_NE(e, nullptr);
  // Current now (weights 1..4):
  //   R1 (4, 4) critical 4 (C-P planned: s = 0).
  //   R2 (3, 3) high 3.
  //   R3 L = ceil(4 * (1 - 0.5)) = 2, I 2: (2, 2) medium 2.
  //   R4 s(C-I) = 0.8, C-R nothing: ceil(4 * 0.2 = 0.8) = 1: (1, 1) low 1.
  //   R5 (0, 0) low 1.  R6 (2, 2) medium 2.
  //   R7 s(C-H) = 0.5: ceil(3 * 0.5 = 1.5) = 2: (2, 2) medium 2.
  //   Total 4 + 3 + 2 + 1 + 1 + 2 + 2 = 15.
  EXPECT_DOUBLE_EQ(e->exposure(kCurrent), 15.0);
  // What-if, each control at implementation 1 with its own effectiveness:
  //   C-P s = 0.5: R1 ceil(4 * 0.5) = 2 -> (2, 2) medium: 4 - 2 = 2;
  //                R2 ceil(3 * 0.5 = 1.5) = 2 -> medium: 3 - 2 = 1.
  //                Removed 3, 2 risks improved, 3 / 2000 = 0.0015 per cost.
  //   C-A s = 1: R6 (0, 0) low: 2 - 1 = 1.
  //   C-H s = 1 (implemented at 0.5 is not fully implemented): R7 (0, 0)
  //                low: 2 - 1 = 1.
  //   C-Q s = 1: R3 L = 0: (0, 2) low: 2 - 1 = 1; cost 0 -> no per cost.
  //   C-Z s = 1: R5 already (0, 0): removed 0.
  //   C-I (implemented at 1) and C-R (retired) are absent.
  // Ranked by removed, ties by control id: C-P 3, C-A 1, C-H 1, C-Q 1,
  // C-Z 0.
  const std::vector<isms::v1::WhatIfEntry> w = e->WhatIf();
  ASSERT_THAT(w, SizeIs(5));
  EXPECT_EQ(w[0].control_id(), "C-P");
  EXPECT_EQ(w[0].name(), "Patch management");
  EXPECT_DOUBLE_EQ(w[0].exposure_removed(), 3.0);
  EXPECT_EQ(w[0].risks_improved(), 2);
  ASSERT_TRUE(w[0].has_annual_cost());
  EXPECT_DOUBLE_EQ(w[0].annual_cost(), 2000.0);
  ASSERT_TRUE(w[0].has_exposure_removed_per_cost());
  EXPECT_DOUBLE_EQ(w[0].exposure_removed_per_cost(), 0.0015);

  EXPECT_EQ(w[1].control_id(), "C-A");
  EXPECT_DOUBLE_EQ(w[1].exposure_removed(), 1.0);
  EXPECT_EQ(w[1].risks_improved(), 1);
  EXPECT_FALSE(w[1].has_annual_cost());
  EXPECT_FALSE(w[1].has_exposure_removed_per_cost());

  EXPECT_EQ(w[2].control_id(), "C-H");
  EXPECT_DOUBLE_EQ(w[2].exposure_removed(), 1.0);
  EXPECT_EQ(w[2].risks_improved(), 1);

  EXPECT_EQ(w[3].control_id(), "C-Q");
  EXPECT_DOUBLE_EQ(w[3].exposure_removed(), 1.0);
  EXPECT_EQ(w[3].risks_improved(), 1);
  EXPECT_TRUE(w[3].has_annual_cost());
  EXPECT_DOUBLE_EQ(w[3].annual_cost(), 0.0);
  EXPECT_FALSE(w[3].has_exposure_removed_per_cost());

  EXPECT_EQ(w[4].control_id(), "C-Z");
  EXPECT_DOUBLE_EQ(w[4].exposure_removed(), 0.0);
  EXPECT_EQ(w[4].risks_improved(), 0);

  // ToProto carries the same list.
  const isms::v1::Assessment a = e->ToProto();
  ASSERT_THAT(a.whatif(), SizeIs(5));
  EXPECT_EQ(a.whatif(0).control_id(), "C-P");
  EXPECT_EQ(a.whatif(4).control_id(), "C-Z");

  // Doing it: C-P implemented removes exactly the predicted 3.
  ASSERT_TRUE(
      e->SetControlStatus("C-P", isms::v1::CONTROL_STATUS_IMPLEMENTED).ok());
  e->Recalculate();
  EXPECT_DOUBLE_EQ(e->exposure(kCurrent), 15.0 - 3.0);
  // ... and C-P is now fully implemented: absent.
  for (const isms::v1::WhatIfEntry& entry : e->WhatIf()) {
    EXPECT_NE(entry.control_id(), "C-P");
  }
}

// ===========================================================================
// 4.9 Incremental recalculation
// ===========================================================================

constexpr char kIncremental[] = R"pb(
  threats { id: "T" likelihood: "likely" }
  controls {
    id: "C-P"
    owner: "ops"
    status: CONTROL_STATUS_PLANNED
    effectiveness: 0.5
  }
  controls { id: "C-X" owner: "ops" status: CONTROL_STATUS_IMPLEMENTED }
  assets {
    id: "SVC"
    value { confidentiality: "moderate" }
  }
  risks {
    id: "R1"
    asset_ids: "SVC"
    threat_id: "T"
    likelihood: "certain"
    impact: "severe"
    mitigations { control_id: "C-P" }
  }
  risks {
    id: "R2"
    asset_ids: "SVC"
    threat_id: "T"
    impact: "major"
    mitigations { control_id: "C-P" }
  }
  risks {
    id: "R3"
    asset_ids: "SVC"
    threat_id: "T"
    likelihood: "unlikely"
    impact: "minor"
  }
)pb";

TEST(IncrementalTest, ControlStatusAndImplementation) {
  Register reg = Parse(kIncremental);
  absl::StatusOr<std::unique_ptr<RiskEngine>> created =
      RiskEngine::Create(reg, Options());
  ASSERT_TRUE(created.ok()) << created.status();
  RiskEngine& e = **created;
  // Recalculate() before any Evaluate() evaluates everything: 3 risks.
  e.Recalculate();
  EXPECT_EQ(e.last_recomputed(), 3);
  // Before: R1 (4, 4) critical; R2 (3 from the threat, 3) high; R3 (1, 1)
  // low. C-P is planned: nothing in current.
  EXPECT_EQ(At(e, kCurrent, 0), (Cell{4, 4, kCritical}));
  EXPECT_EQ(At(e, kCurrent, 1), (Cell{3, 3, kHigh}));
  EXPECT_EQ(At(e, kCurrent, 2), (Cell{1, 1, kLow}));
  EXPECT_EQ(Heat(e, kCurrent), Heatmap5({{4, 4, 1}, {3, 3, 1}, {1, 1, 1}}));
  const std::vector<int64_t> target_before = Heat(e, kTarget);

  // planned -> implemented (implementation default 1): s = 0.5.
  ASSERT_TRUE(
      e.SetControlStatus("C-P", isms::v1::CONTROL_STATUS_IMPLEMENTED).ok());
  e.Recalculate();
  // Only R1 and R2 name C-P.
  EXPECT_EQ(e.last_recomputed(), 2);
  // R1: ceil(4 * 0.5) = 2 -> (2, 2) medium.
  // R2: ceil(3 * 0.5 = 1.5) = 2 -> (2, 2) medium.
  EXPECT_EQ(At(e, kCurrent, 0), (Cell{2, 2, kMedium}));
  EXPECT_EQ(At(e, kCurrent, 1), (Cell{2, 2, kMedium}));
  EXPECT_EQ(At(e, kCurrent, 2), (Cell{1, 1, kLow}));
  // Heatmap: (4, 4) and (3, 3) emptied, (2, 2) holds 2.
  EXPECT_EQ(Heat(e, kCurrent), Heatmap5({{2, 2, 2}, {1, 1, 1}}));
  EXPECT_THAT(Counts(e, kCurrent), ElementsAre(1, 2, 0, 0));
  // Exposure 1 + 2 + 2 = 5.
  EXPECT_DOUBLE_EQ(e.exposure(kCurrent), 5.0);
  // Target already counted C-P at 1: unchanged.
  EXPECT_EQ(Heat(e, kTarget), target_before);
  reg.mutable_controls(0)->set_status(isms::v1::CONTROL_STATUS_IMPLEMENTED);
  ExpectMatchesFresh(e, reg);

  // Implementation 0.5: s = 0.5 * 0.5 = 0.25.
  ASSERT_TRUE(e.SetControlImplementation("C-P", 0.5).ok());
  e.Recalculate();
  EXPECT_EQ(e.last_recomputed(), 2);
  // R1: ceil(4 * 0.75 = 3) = 3 -> (3, 3) high.
  // R2: ceil(3 * 0.75 = 2.25) = 3 -> (3, 3) high.
  EXPECT_EQ(At(e, kCurrent, 0), (Cell{3, 3, kHigh}));
  EXPECT_EQ(At(e, kCurrent, 1), (Cell{3, 3, kHigh}));
  EXPECT_EQ(Heat(e, kCurrent), Heatmap5({{3, 3, 2}, {1, 1, 1}}));
  EXPECT_DOUBLE_EQ(e.exposure(kCurrent), 1 + 3 + 3);
  reg.mutable_controls(0)->set_implementation(0.5);
  ExpectMatchesFresh(e, reg);

  // Effectiveness 1: s = 1 * 0.5 = 0.5 -> back to (2, 2) medium for both.
  ASSERT_TRUE(e.SetControlEffectiveness("C-P", 1.0).ok());
  e.Recalculate();
  EXPECT_EQ(e.last_recomputed(), 2);
  EXPECT_EQ(At(e, kCurrent, 0), (Cell{2, 2, kMedium}));
  EXPECT_EQ(At(e, kCurrent, 1), (Cell{2, 2, kMedium}));
  // Target: s = 1 -> (0, 0) for both.
  EXPECT_EQ(At(e, kTarget, 0), (Cell{0, 0, kLow}));
  EXPECT_EQ(At(e, kTarget, 1), (Cell{0, 0, kLow}));
  reg.mutable_controls(0)->set_effectiveness(1.0);
  ExpectMatchesFresh(e, reg);

  // Nothing pending: nothing recomputed.
  e.Recalculate();
  EXPECT_EQ(e.last_recomputed(), 0);
}

constexpr char kChain[] = R"pb(
  threats { id: "T" likelihood: "likely" }
  assets {
    id: "SVC"
    value { confidentiality: "minor" }
    depends_on { asset_id: "SRV" }
  }
  assets {
    id: "SRV"
    depends_on { asset_id: "SITE" degree: 0.5 }
  }
  assets { id: "SITE" }
  assets {
    id: "OTHER"
    value { integrity: "moderate" }
  }
  risks { id: "R-SVC" asset_ids: "SVC" threat_id: "T" }
  risks { id: "R-SRV" asset_ids: "SRV" threat_id: "T" }
  risks { id: "R-SITE" asset_ids: "SITE" threat_id: "T" }
  risks { id: "R-OTHER" asset_ids: "OTHER" threat_id: "T" }
)pb";

TEST(IncrementalTest, AssetValueFlowsDownTheChain) {
  Register reg = Parse(kChain);
  std::unique_ptr<RiskEngine> e = Evaluated(reg);
  ASSERT_NE(e, nullptr);
  // C: SVC 1; SRV ceil(1 * 1) = 1; SITE ceil(1 * 0.5 = 0.5) = 1.
  // Every risk: L = the threat's 3. R-SVC, R-SRV, R-SITE (3, 1) medium;
  // R-OTHER (3, 2) high.
  EXPECT_EQ(At(*e, kCurrent, 0), (Cell{3, 1, kMedium}));
  EXPECT_EQ(At(*e, kCurrent, 1), (Cell{3, 1, kMedium}));
  EXPECT_EQ(At(*e, kCurrent, 2), (Cell{3, 1, kMedium}));
  EXPECT_EQ(At(*e, kCurrent, 3), (Cell{3, 2, kHigh}));

  // 1. The service's C becomes severe 4: SVC 4; SRV ceil(4 * 1) = 4;
  //    SITE ceil(4 * 0.5 = 2) = 2.
  ASSERT_TRUE(e->SetAssetValue("SVC", kC, "severe").ok());
  e->Recalculate();
  EXPECT_EQ(e->last_recomputed(), 3);  // R-OTHER untouched
  EXPECT_EQ(e->accumulated_value(0, kC), 4);
  EXPECT_EQ(e->accumulated_value(1, kC), 4);
  EXPECT_EQ(e->accumulated_value(2, kC), 2);
  // R-SVC, R-SRV (3, 4): 7 critical; R-SITE (3, 2): 5 high.
  EXPECT_EQ(At(*e, kCurrent, 0), (Cell{3, 4, kCritical}));
  EXPECT_EQ(At(*e, kCurrent, 1), (Cell{3, 4, kCritical}));
  EXPECT_EQ(At(*e, kCurrent, 2), (Cell{3, 2, kHigh}));
  EXPECT_EQ(Heat(*e, kCurrent), Heatmap5({{3, 4, 2}, {3, 2, 2}}));
  reg.mutable_assets(0)->mutable_value()->set_confidentiality("severe");
  ExpectMatchesFresh(*e, reg);

  // 2. The site's A becomes major 3: only the site moves. A dependency's
  //    value does not flow back to the assets that depend on it (4.1:
  //    acc(B) takes from A with A depends_on B, not the other way).
  ASSERT_TRUE(e->SetAssetValue("SITE", kA, "major").ok());
  e->Recalculate();
  EXPECT_EQ(e->last_recomputed(), 1);
  // R-SITE: I0 = max(C 2, I 0, A 3) = 3: (3, 3) high.
  EXPECT_EQ(At(*e, kCurrent, 2), (Cell{3, 3, kHigh}));
  EXPECT_EQ(At(*e, kCurrent, 0), (Cell{3, 4, kCritical}));
  EXPECT_EQ(At(*e, kCurrent, 1), (Cell{3, 4, kCritical}));
  reg.mutable_assets(2)->mutable_value()->set_availability("major");
  ExpectMatchesFresh(*e, reg);

  // 3. The middle of the chain: SRV's I becomes moderate 2 -> SITE I
  //    ceil(2 * 0.5) = 1; SVC unchanged. R-SRV: I0 = max(4, 2, 0) = 4, no
  //    change in level; R-SITE: max(2, 1, 3) = 3. Both are recomputed
  //    (SRV's and SITE's values moved), R-SVC is not.
  ASSERT_TRUE(e->SetAssetValue("SRV", kI, "moderate").ok());
  e->Recalculate();
  EXPECT_EQ(e->last_recomputed(), 2);
  EXPECT_EQ(e->accumulated_value(2, kI), 1);
  EXPECT_EQ(e->accumulated_value(0, kI), 0);
  reg.mutable_assets(1)->mutable_value()->set_integrity("moderate");
  ExpectMatchesFresh(*e, reg);

  // 4. Clearing the service's C ("" = unset = 0): SVC C 0; SRV C 0;
  //    SITE C 0. R-SVC (3, 0) medium; R-SRV I0 = max(0, 2, 0) = 2 ->
  //    (3, 2) high; R-SITE I0 = max(0, 1, 3) = 3, same level, but its value
  //    moved so it is recomputed too: 3 risks.
  ASSERT_TRUE(e->SetAssetValue("SVC", kC, "").ok());
  e->Recalculate();
  EXPECT_EQ(e->last_recomputed(), 3);
  EXPECT_EQ(At(*e, kCurrent, 0), (Cell{3, 0, kMedium}));
  EXPECT_EQ(At(*e, kCurrent, 1), (Cell{3, 2, kHigh}));
  EXPECT_EQ(At(*e, kCurrent, 2), (Cell{3, 3, kHigh}));
  EXPECT_EQ(At(*e, kCurrent, 3), (Cell{3, 2, kHigh}));
  reg.mutable_assets(0)->mutable_value()->clear_confidentiality();
  ExpectMatchesFresh(*e, reg);
}

// EvaluateAssetValues() between a change and Recalculate() updates the
// values at once and still lets Recalculate() recompute the risks.
TEST(IncrementalTest, AssetValuesFirstThenRecalculate) {
  Register reg = Parse(kChain);
  std::unique_ptr<RiskEngine> e = Evaluated(reg);
  ASSERT_NE(e, nullptr);
  // As in AssetValueFlowsDownTheChain: the service's C becomes severe 4,
  // SRV ceil(4 * 1) = 4, SITE ceil(4 * 0.5) = 2.
  ASSERT_TRUE(e->SetAssetValue("SVC", kC, "severe").ok());
  e->EvaluateAssetValues();
  EXPECT_EQ(e->accumulated_value(0, kC), 4);
  EXPECT_EQ(e->accumulated_value(1, kC), 4);
  EXPECT_EQ(e->accumulated_value(2, kC), 2);
  // The risks wait for Recalculate(): R-SVC is still (3, 1) medium.
  EXPECT_EQ(At(*e, kCurrent, 0), (Cell{3, 1, kMedium}));
  e->Recalculate();
  EXPECT_EQ(e->last_recomputed(), 3);
  EXPECT_EQ(At(*e, kCurrent, 0), (Cell{3, 4, kCritical}));
  reg.mutable_assets(0)->mutable_value()->set_confidentiality("severe");
  ExpectMatchesFresh(*e, reg);
}

TEST(IncrementalTest, RiskLikelihoodImpactAndMitigations) {
  Register reg = Parse(kIncremental);
  std::unique_ptr<RiskEngine> e = Evaluated(reg);
  ASSERT_NE(e, nullptr);

  // R3 likelihood certain: (4, 1) 5 high.
  ASSERT_TRUE(e->SetRiskLikelihood("R3", "certain").ok());
  e->Recalculate();
  EXPECT_EQ(e->last_recomputed(), 1);
  EXPECT_EQ(At(*e, kCurrent, 2), (Cell{4, 1, kHigh}));
  EXPECT_EQ(At(*e, kInherent, 2), (Cell{4, 1, kHigh}));
  reg.mutable_risks(2)->set_likelihood("certain");
  ExpectMatchesFresh(*e, reg);

  // "" -> the threat's likely 3: (3, 1) 4 medium.
  ASSERT_TRUE(e->SetRiskLikelihood("R3", "").ok());
  e->Recalculate();
  EXPECT_EQ(At(*e, kCurrent, 2), (Cell{3, 1, kMedium}));
  reg.mutable_risks(2)->clear_likelihood();
  ExpectMatchesFresh(*e, reg);

  // R2 impact negligible: inherent (3, 0) medium; current the same (C-P
  // planned); target s = 0.5: L ceil(1.5) = 2, I 0 -> (2, 0) low.
  ASSERT_TRUE(e->SetRiskImpact("R2", "negligible").ok());
  e->Recalculate();
  EXPECT_EQ(e->last_recomputed(), 1);
  EXPECT_EQ(At(*e, kInherent, 1), (Cell{3, 0, kMedium}));
  EXPECT_EQ(At(*e, kCurrent, 1), (Cell{3, 0, kMedium}));
  EXPECT_EQ(At(*e, kTarget, 1), (Cell{2, 0, kLow}));
  reg.mutable_risks(1)->set_impact("negligible");
  ExpectMatchesFresh(*e, reg);

  // "" -> derived: SVC C moderate 2: inherent (3, 2) high; target
  // L 2, I ceil(2 * 0.5 = 1) = 1 -> (2, 1) medium.
  ASSERT_TRUE(e->SetRiskImpact("R2", "").ok());
  e->Recalculate();
  EXPECT_EQ(At(*e, kInherent, 1), (Cell{3, 2, kHigh}));
  EXPECT_EQ(At(*e, kTarget, 1), (Cell{2, 1, kMedium}));
  reg.mutable_risks(1)->clear_impact();
  ExpectMatchesFresh(*e, reg);

  // R3 gets C-X (implemented, s = 1) on impact: (3, 0) medium.
  isms::v1::Mitigation m;
  m.set_control_id("C-X");
  m.set_reduces(isms::v1::REDUCES_IMPACT);
  ASSERT_TRUE(e->SetRiskMitigations("R3", {m}).ok());
  e->Recalculate();
  EXPECT_EQ(e->last_recomputed(), 1);
  EXPECT_EQ(At(*e, kCurrent, 2), (Cell{3, 0, kMedium}));
  EXPECT_DOUBLE_EQ(e->impact_reduction(kCurrent)[2], 1.0);
  EXPECT_DOUBLE_EQ(e->likelihood_reduction(kCurrent)[2], 0.0);
  *reg.mutable_risks(2)->add_mitigations() = m;
  ExpectMatchesFresh(*e, reg);

  // Retiring C-X must reach R3 through the new mitigation: (3, 1) again.
  ASSERT_TRUE(
      e->SetControlStatus("C-X", isms::v1::CONTROL_STATUS_RETIRED).ok());
  e->Recalculate();
  EXPECT_EQ(e->last_recomputed(), 1);
  EXPECT_EQ(At(*e, kCurrent, 2), (Cell{3, 1, kMedium}));
  reg.mutable_controls(1)->set_status(isms::v1::CONTROL_STATUS_RETIRED);
  ExpectMatchesFresh(*e, reg);

  // Clearing R1's mitigations: target back to inherent (4, 4) critical.
  ASSERT_TRUE(e->SetRiskMitigations("R1", {}).ok());
  e->Recalculate();
  EXPECT_EQ(At(*e, kTarget, 0), (Cell{4, 4, kCritical}));
  reg.mutable_risks(0)->clear_mitigations();
  ExpectMatchesFresh(*e, reg);
}

TEST(IncrementalTest, Errors) {
  std::unique_ptr<RiskEngine> e = Evaluated(Parse(kIncremental));
  ASSERT_NE(e, nullptr);
  const isms::v1::Assessment before = e->ToProto();

  EXPECT_EQ(e->SetControlStatus("C-NOPE", isms::v1::CONTROL_STATUS_IMPLEMENTED)
                .code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(e->SetControlImplementation("C-NOPE", 0.5).code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(e->SetControlImplementation("C-P", 1.5).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(e->SetControlImplementation("C-P", -0.1).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(e->SetControlEffectiveness("C-P", 2.0).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(e->SetAssetValue("A-NOPE", kC, "minor").code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(e->SetAssetValue("SVC", kC, "huge").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      e->SetAssetValue("SVC", isms::v1::DIMENSION_UNSPECIFIED, "minor").code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(e->SetRiskLikelihood("R-NOPE", "rare").code(),
            absl::StatusCode::kNotFound);
  // "severe" is an impact level, not a likelihood level.
  EXPECT_EQ(e->SetRiskLikelihood("R1", "severe").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(e->SetRiskImpact("R-NOPE", "minor").code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(e->SetRiskImpact("R1", "likely").code(),
            absl::StatusCode::kInvalidArgument);
  isms::v1::Mitigation unknown;
  unknown.set_control_id("C-NOPE");
  EXPECT_EQ(e->SetRiskMitigations("R1", {unknown}).code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(e->SetRiskMitigations("R-NOPE", {}).code(),
            absl::StatusCode::kNotFound);
  isms::v1::Mitigation too_strong;
  too_strong.set_control_id("C-P");
  too_strong.set_strength(1.5);
  EXPECT_EQ(e->SetRiskMitigations("R1", {too_strong}).code(),
            absl::StatusCode::kInvalidArgument);

  // Failed calls change nothing.
  e->Recalculate();
  EXPECT_EQ(e->last_recomputed(), 0);
  google::protobuf::util::MessageDifferencer differencer;
  std::string diff;
  differencer.ReportDifferencesToString(&diff);
  EXPECT_TRUE(differencer.Compare(before, e->ToProto())) << diff;
}

// ===========================================================================
// Threads
// ===========================================================================

TEST(ThreadsTest, TwoThreadsGiveTheSameResults) {
  // 70,000 risks (enough for Evaluate() to split the work): risk r has
  // likelihood r % 5 and impact (r / 5) % 5, so each of the 25 cells holds
  // 70000 / 25 = 2800 risks. Even risks have C-1 (implemented, s = 0.5).
  Register reg = Parse(R"pb(
    controls { id: "C-1" status: CONTROL_STATUS_IMPLEMENTED effectiveness: 0.5 }
    assets { id: "A" }
  )pb");
  const char* likelihoods[] = {"rare", "unlikely", "possible", "likely",
                               "certain"};
  const char* impacts[] = {"negligible", "minor", "moderate", "major",
                           "severe"};
  constexpr int kRisks = 70000;
  for (int r = 0; r < kRisks; ++r) {
    isms::v1::Risk* risk = reg.add_risks();
    risk->set_id(absl::StrCat("R", r));
    risk->add_asset_ids("A");
    risk->set_likelihood(likelihoods[r % 5]);
    risk->set_impact(impacts[(r / 5) % 5]);
    if (r % 2 == 0) risk->add_mitigations()->set_control_id("C-1");
  }
  std::unique_ptr<RiskEngine> one = Evaluated(reg, Options(1));
  std::unique_ptr<RiskEngine> two = Evaluated(reg, Options(2));
  ASSERT_NE(one, nullptr);
  ASSERT_NE(two, nullptr);
  // Inherent by hand: cells by likelihood + impact: sum 0-2 low: 1 + 2 + 3
  // = 6 cells; 3-4 medium: 4 + 5 = 9; 5-6 high: 4 + 3 = 7; 7-8 critical:
  // 2 + 1 = 3. Times 2800: [16800, 25200, 19600, 8400]. Exposure
  // 16800 * 1 + 25200 * 2 + 19600 * 3 + 8400 * 4 = 159600.
  for (const RiskEngine* e : {one.get(), two.get()}) {
    EXPECT_EQ(Heat(*e, kInherent), std::vector<int64_t>(25, 2800));
    EXPECT_THAT(Counts(*e, kInherent), ElementsAre(16800, 25200, 19600, 8400));
    EXPECT_DOUBLE_EQ(e->exposure(kInherent), 159600.0);
  }
  ExpectSameAssessment(*one, *two);
  for (RiskEngine::View v : {kInherent, kCurrent, kTarget}) {
    EXPECT_TRUE(std::equal(one->level(v).begin(), one->level(v).end(),
                           two->level(v).begin(), two->level(v).end()));
  }
}

// ===========================================================================
// Edge cases
// ===========================================================================

TEST(EdgeCaseTest, EmptyRegister) {
  std::unique_ptr<RiskEngine> e = Evaluated(Parse(""));
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->risk_count(), 0);
  for (RiskEngine::View v : {kInherent, kCurrent, kTarget}) {
    EXPECT_EQ(Heat(*e, v), std::vector<int64_t>(25, 0));
    EXPECT_THAT(Counts(*e, v), ElementsAre(0, 0, 0, 0));
    EXPECT_DOUBLE_EQ(e->exposure(v), 0.0);
    EXPECT_THAT(e->level(v), IsEmpty());
  }
  EXPECT_THAT(e->TopRisks(10), IsEmpty());
  EXPECT_THAT(e->Findings(), IsEmpty());
  EXPECT_THAT(e->WhatIf(), IsEmpty());
  const isms::v1::Assessment a = e->ToProto();
  EXPECT_THAT(a.risks(), IsEmpty());
  EXPECT_THAT(a.top_risk_ids(), IsEmpty());
  EXPECT_THAT(a.current_heatmap().cells(), SizeIs(25));
  for (const isms::v1::StatusCount& sc : a.status_counts()) {
    EXPECT_EQ(sc.count(), 0);
  }
  EXPECT_DOUBLE_EQ(a.current_exposure(), 0.0);
}

absl::Status CreateStatus(const Register& reg,
                          const EngineOptions& options = Options()) {
  return RiskEngine::Create(reg, options).status();
}

// What-if costs the square of a risk's mitigations, so hostile input could
// make it hang: Create() and SetRiskMitigations() refuse more than 1000
// (found with a stress input made for tests/fuzz/engine_fuzzer.cc).
TEST(EdgeCaseTest, AtMostAThousandMitigationsPerRisk) {
  Register reg = Parse(R"pb(
    assets { id: "A-1" }
    controls { id: "C-1" }
    risks { id: "R-1" asset_ids: "A-1" likelihood: "rare" }
  )pb");
  isms::v1::Mitigation mitigation;
  mitigation.set_control_id("C-1");
  const std::vector<isms::v1::Mitigation> thousand(1000, mitigation);
  reg.mutable_risks(0)->mutable_mitigations()->Assign(thousand.begin(),
                                                      thousand.end());
  absl::StatusOr<std::unique_ptr<RiskEngine>> engine =
      RiskEngine::Create(reg, Options());
  ASSERT_TRUE(engine.ok()) << engine.status();
  EXPECT_TRUE((*engine)->SetRiskMitigations("R-1", thousand).ok());
  const std::vector<isms::v1::Mitigation> too_many(1001, mitigation);
  absl::Status st = (*engine)->SetRiskMitigations("R-1", too_many);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(st.message(), HasSubstr("at most 1000 mitigations"));

  *reg.mutable_risks(0)->add_mitigations() = mitigation;
  st = CreateStatus(reg);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(st.message(), HasSubstr("risks[0].mitigations: a risk may have "
                                      "at most 1000 mitigations"));
}

TEST(EdgeCaseTest, CreateErrorsNameThePlace) {
  {
    absl::Status st = CreateStatus(Parse(R"pb(
      assets { id: "A-1" }
      risks { id: "R-1" asset_ids: "A-99" likelihood: "rare" }
    )pb"));
    EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(st.message(), HasSubstr("risks[0].asset_ids[0]"));
    EXPECT_THAT(st.message(), HasSubstr("A-99"));
  }
  {
    // The second asset of the second risk.
    absl::Status st = CreateStatus(Parse(R"pb(
      assets { id: "A-1" }
      risks { id: "R-1" asset_ids: "A-1" likelihood: "rare" }
      risks {
        id: "R-2"
        asset_ids: [ "A-1", "A-98" ]
        likelihood: "rare"
      }
    )pb"));
    EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(st.message(), HasSubstr("risks[1].asset_ids[1]"));
    EXPECT_THAT(st.message(), HasSubstr("A-98"));
  }
  {
    // 24 cells for 5 x 5 levels.
    Register reg = Parse("");
    reg.mutable_risk_method()->mutable_grid()->RemoveLast();
    absl::Status st = CreateStatus(reg);
    EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(st.message(), HasSubstr("risk_method.grid"));
  }
  {
    // A grid cell naming no risk level.
    Register reg = Parse("");
    reg.mutable_risk_method()->set_grid(7, "purple");
    absl::Status st = CreateStatus(reg);
    EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(st.message(), HasSubstr("risk_method.grid[7]"));
  }
  {
    // No likelihood on the risk, no threat.
    absl::Status st = CreateStatus(Parse(R"pb(
      assets { id: "A-1" }
      risks { id: "R-1" asset_ids: "A-1" }
    )pb"));
    EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(st.message(), HasSubstr("risks[0].likelihood"));
  }
  {
    // A threat without likelihood does not help.
    absl::Status st = CreateStatus(Parse(R"pb(
      assets { id: "A-1" }
      threats { id: "T-1" }
      risks { id: "R-1" asset_ids: "A-1" threat_id: "T-1" }
    )pb"));
    EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(st.message(), HasSubstr("risks[0].likelihood"));
  }
  {
    absl::Status st = CreateStatus(Parse(R"pb(
      assets { id: "A-1" }
      risks { id: "R-1" asset_ids: "A-1" likelihood: "rare" impact: "huge" }
    )pb"));
    EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(st.message(), HasSubstr("risks[0].impact"));
    EXPECT_THAT(st.message(), HasSubstr("huge"));
  }
  {
    absl::Status st = CreateStatus(Parse(R"pb(
      assets { id: "A-1" }
      risks {
        id: "R-1"
        asset_ids: "A-1"
        likelihood: "rare"
        mitigations { control_id: "C-404" }
      }
    )pb"));
    EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(st.message(), HasSubstr("risks[0].mitigations[0].control_id"));
    EXPECT_THAT(st.message(), HasSubstr("C-404"));
  }
  {
    absl::Status st = CreateStatus(Parse(R"pb(
      assets {
        id: "A-1"
        depends_on { asset_id: "A-2" degree: 1.5 }
      }
      assets { id: "A-2" }
    )pb"));
    EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(st.message(), HasSubstr("assets[0].depends_on[0].degree"));
  }
}

TEST(EdgeCaseTest, AsOfMustBeARealDate) {
  EngineOptions options = Options();
  options.as_of = "2026-02-30";
  absl::Status st = CreateStatus(Parse(""), options);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(st.message(), HasSubstr("as_of"));

  options.as_of = "2028-02-29";  // a leap day is fine
  EXPECT_TRUE(CreateStatus(Parse(""), options).ok());
}

TEST(EdgeCaseTest, SameAssetTwiceInOneRiskCountsOnce) {
  const Register reg = Parse(R"pb(
    assets {
      id: "A-1"
      value { availability: "major" }
    }
    risks {
      id: "R-1"
      asset_ids: [ "A-1", "A-1" ]
      likelihood: "likely"
    }
  )pb");
  std::unique_ptr<RiskEngine> e = Evaluated(reg);
  ASSERT_NE(e, nullptr);
  // I0 = 3; (3, 3) high, weight 3, counted once for A-1.
  EXPECT_EQ(At(*e, kCurrent, 0), (Cell{3, 3, kHigh}));
  const isms::v1::Assessment a = e->ToProto();
  ExpectGroup(a.exposure_by_asset(), "A-1", 1, 3, 3, 3);
}

}  // namespace
