// Property test of incremental recalculation (DESIGN.md 4.9): after every
// batch of random changes, an engine updated with Set*() + Recalculate() must
// give exactly the results of a fresh engine built from the changed register,
// field by field (the whole Assessment message, per-risk arrays included).
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "isms/risk_engine.h"

namespace {

class Random {
 public:
  explicit Random(uint64_t seed) : rng_(seed) {}
  // Uniform in [0, n).
  int Below(int n) {
    return static_cast<int>(rng_() % static_cast<uint64_t>(n));
  }
  bool Chance(double p) { return (rng_() % 1000000) < p * 1000000; }
  // A value in 0..1 on a coarse grid, so that level boundaries are hit often.
  double Unit() { return Below(21) / 20.0; }

 private:
  std::mt19937_64 rng_;
};

constexpr int kLikelihoods = 5;
constexpr int kImpacts = 4;
const char* const kLikelihoodIds[] = {"l0", "l1", "l2", "l3", "l4"};
const char* const kImpactIds[] = {"i0", "i1", "i2", "i3"};

isms::v1::Register RandomRegister(Random& rnd, int assets, int risks,
                                  int controls) {
  isms::v1::Register reg;
  auto* m = reg.mutable_risk_method();
  for (const char* id : kLikelihoodIds) {
    m->mutable_likelihood()->add_levels()->set_id(id);
  }
  for (const char* id : kImpactIds)
    m->mutable_impact()->add_levels()->set_id(id);
  const char* levels[] = {"low", "medium", "high"};
  for (int k = 0; k < 3; ++k) {
    auto* level = m->add_risk_levels();
    level->set_id(levels[k]);
    level->set_acceptable(k == 0);
    if (k == 2) level->set_weight(2.5);  // a non-default weight
  }
  for (int l = 0; l < kLikelihoods; ++l) {
    for (int i = 0; i < kImpacts; ++i) {
      const int sum = l + i;
      m->add_grid(levels[sum <= 2 ? 0 : sum <= 4 ? 1 : 2]);
    }
  }
  const char* units[] = {"Ops", "Eng", "Sales", ""};
  const char* owners[] = {"alice", "bob", "carol", ""};
  for (int a = 0; a < assets; ++a) {
    auto* asset = reg.add_assets();
    asset->set_id(absl::StrCat("A", a));
    asset->set_business_unit(units[rnd.Below(4)]);
    if (rnd.Chance(0.6)) {
      asset->mutable_value()->set_confidentiality(
          kImpactIds[rnd.Below(kImpacts)]);
    }
    if (rnd.Chance(0.5)) {
      asset->mutable_value()->set_integrity(kImpactIds[rnd.Below(kImpacts)]);
    }
    if (rnd.Chance(0.5)) {
      asset->mutable_value()->set_availability(kImpactIds[rnd.Below(kImpacts)]);
    }
  }
  // Mostly forward edges (a DAG), with some backward ones making cycles.
  for (int a = 0; a < assets; ++a) {
    const int deps = rnd.Below(3);
    for (int d = 0; d < deps; ++d) {
      int target = rnd.Chance(0.9) && a + 1 < assets
                       ? a + 1 + rnd.Below(assets - a - 1)
                       : rnd.Below(assets);
      auto* dep = reg.mutable_assets(a)->add_depends_on();
      dep->set_asset_id(absl::StrCat("A", target));
      if (rnd.Chance(0.4)) dep->set_degree(rnd.Unit());
      if (rnd.Chance(0.3)) {
        dep->add_dimensions(static_cast<isms::v1::Dimension>(1 + rnd.Below(3)));
      }
    }
  }
  for (int t = 0; t < 4; ++t) {
    auto* threat = reg.add_threats();
    threat->set_id(absl::StrCat("T", t));
    threat->set_likelihood(kLikelihoodIds[rnd.Below(kLikelihoods)]);
    if (t % 2 == 1) {
      threat->add_dimensions(
          static_cast<isms::v1::Dimension>(1 + rnd.Below(3)));
    }
  }
  for (int c = 0; c < controls; ++c) {
    auto* control = reg.add_controls();
    control->set_id(absl::StrCat("C", c));
    control->set_status(static_cast<isms::v1::ControlStatus>(rnd.Below(5)));
    if (rnd.Chance(0.5)) control->set_implementation(rnd.Unit());
    if (rnd.Chance(0.5)) control->set_effectiveness(rnd.Unit());
    if (rnd.Chance(0.7)) control->set_annual_cost(1000 * (1 + rnd.Below(50)));
  }
  for (int r = 0; r < risks; ++r) {
    auto* risk = reg.add_risks();
    risk->set_id(absl::StrCat("R", r));
    risk->set_owner(owners[rnd.Below(4)]);
    const int n_assets = 1 + rnd.Below(3);
    for (int j = 0; j < n_assets; ++j) {
      risk->add_asset_ids(absl::StrCat("A", rnd.Below(assets)));
    }
    risk->set_threat_id(absl::StrCat("T", rnd.Below(4)));
    if (rnd.Chance(0.3))
      risk->set_likelihood(kLikelihoodIds[rnd.Below(kLikelihoods)]);
    if (rnd.Chance(0.1)) risk->set_impact(kImpactIds[rnd.Below(kImpacts)]);
    if (rnd.Chance(0.2)) {
      risk->add_dimensions(static_cast<isms::v1::Dimension>(1 + rnd.Below(3)));
    }
    const int mits = rnd.Below(5);
    for (int j = 0; j < mits; ++j) {
      auto* mit = risk->add_mitigations();
      mit->set_control_id(absl::StrCat("C", rnd.Below(controls)));
      mit->set_reduces(static_cast<isms::v1::Reduces>(rnd.Below(4)));
      if (rnd.Chance(0.7)) mit->set_strength(rnd.Unit());
    }
    if (rnd.Chance(0.1)) {
      risk->mutable_residual_override()->set_likelihood(
          kLikelihoodIds[rnd.Below(kLikelihoods)]);
    }
    if (rnd.Chance(0.1)) {
      risk->mutable_residual_override()->set_impact(
          kImpactIds[rnd.Below(kImpacts)]);
    }
    if (rnd.Chance(0.15)) {
      risk->mutable_acceptance()->set_accepted_by("ciso");
      risk->mutable_acceptance()->set_date("2026-01-01");
      if (rnd.Chance(0.5))
        risk->mutable_acceptance()->set_expires("2026-06-30");
    }
    if (rnd.Chance(0.5)) {
      risk->mutable_treatment()->set_option(
          static_cast<isms::v1::TreatmentOption>(rnd.Below(5)));
    }
  }
  return reg;
}

// Applies one random change to both the engine and the mirror register.
void RandomChange(Random& rnd, isms::RiskEngine& engine,
                  isms::v1::Register& mirror) {
  switch (rnd.Below(7)) {
    case 0: {
      const int c = rnd.Below(mirror.controls_size());
      auto status = static_cast<isms::v1::ControlStatus>(rnd.Below(5));
      ASSERT_TRUE(
          engine.SetControlStatus(mirror.controls(c).id(), status).ok());
      mirror.mutable_controls(c)->set_status(status);
      break;
    }
    case 1: {
      const int c = rnd.Below(mirror.controls_size());
      const double v = rnd.Unit();
      ASSERT_TRUE(
          engine.SetControlImplementation(mirror.controls(c).id(), v).ok());
      mirror.mutable_controls(c)->set_implementation(v);
      break;
    }
    case 2: {
      const int c = rnd.Below(mirror.controls_size());
      const double v = rnd.Unit();
      ASSERT_TRUE(
          engine.SetControlEffectiveness(mirror.controls(c).id(), v).ok());
      mirror.mutable_controls(c)->set_effectiveness(v);
      break;
    }
    case 3: {
      const int a = rnd.Below(mirror.assets_size());
      const int dim = 1 + rnd.Below(3);
      const std::string level =
          rnd.Chance(0.2) ? "" : kImpactIds[rnd.Below(kImpacts)];
      ASSERT_TRUE(engine
                      .SetAssetValue(mirror.assets(a).id(),
                                     static_cast<isms::v1::Dimension>(dim),
                                     level)
                      .ok());
      auto* value = mirror.mutable_assets(a)->mutable_value();
      if (dim == 1) value->set_confidentiality(level);
      if (dim == 2) value->set_integrity(level);
      if (dim == 3) value->set_availability(level);
      break;
    }
    case 4: {
      const int r = rnd.Below(mirror.risks_size());
      const std::string level =
          rnd.Chance(0.3) ? "" : kLikelihoodIds[rnd.Below(kLikelihoods)];
      ASSERT_TRUE(engine.SetRiskLikelihood(mirror.risks(r).id(), level).ok());
      mirror.mutable_risks(r)->set_likelihood(level);
      break;
    }
    case 5: {
      const int r = rnd.Below(mirror.risks_size());
      const std::string level =
          rnd.Chance(0.5) ? "" : kImpactIds[rnd.Below(kImpacts)];
      ASSERT_TRUE(engine.SetRiskImpact(mirror.risks(r).id(), level).ok());
      mirror.mutable_risks(r)->set_impact(level);
      break;
    }
    case 6: {
      const int r = rnd.Below(mirror.risks_size());
      std::vector<isms::v1::Mitigation> mits(rnd.Below(6));
      for (auto& mit : mits) {
        mit.set_control_id(
            absl::StrCat("C", rnd.Below(mirror.controls_size())));
        mit.set_reduces(static_cast<isms::v1::Reduces>(rnd.Below(4)));
        if (rnd.Chance(0.7)) mit.set_strength(rnd.Unit());
      }
      ASSERT_TRUE(engine.SetRiskMitigations(mirror.risks(r).id(), mits).ok());
      auto* field = mirror.mutable_risks(r)->mutable_mitigations();
      field->Clear();
      for (const auto& mit : mits) *field->Add() = mit;
      break;
    }
  }
}

void ExpectSameResults(const isms::RiskEngine& incremental,
                       const isms::RiskEngine& fresh) {
  using V = isms::RiskEngine::View;
  for (V v : {isms::RiskEngine::kInherent, isms::RiskEngine::kCurrent,
              isms::RiskEngine::kTarget}) {
    ASSERT_TRUE(std::equal(incremental.level(v).begin(),
                           incremental.level(v).end(), fresh.level(v).begin()));
    ASSERT_TRUE(std::equal(incremental.heatmap(v).begin(),
                           incremental.heatmap(v).end(),
                           fresh.heatmap(v).begin()));
    ASSERT_EQ(incremental.exposure(v), fresh.exposure(v));
  }
  // The whole result message, field by field.
  const isms::v1::Assessment a = incremental.ToProto();
  const isms::v1::Assessment b = fresh.ToProto();
  google::protobuf::util::MessageDifferencer differ;
  std::string diff;
  differ.ReportDifferencesToString(&diff);
  ASSERT_TRUE(differ.Compare(a, b)) << diff.substr(0, 4000);
}

struct Shape {
  int assets, risks, controls;
};

class IncrementalTest : public ::testing::TestWithParam<int> {};

TEST_P(IncrementalTest, EqualsFreshEvaluationAfterEveryBatch) {
  const int seed = GetParam();
  Random rnd(seed);
  const Shape shapes[] = {{12, 30, 6}, {40, 120, 15}, {200, 600, 40}};
  const Shape shape = shapes[seed % 3];
  isms::v1::Register reg =
      RandomRegister(rnd, shape.assets, shape.risks, shape.controls);
  isms::EngineOptions options;
  options.as_of = "2026-05-01";
  options.threads = 1 + seed % 2;
  auto engine = isms::RiskEngine::Create(reg, options);
  ASSERT_TRUE(engine.ok()) << engine.status();
  (*engine)->Evaluate();
  for (int batch = 0; batch < 40; ++batch) {
    const int changes = 1 + rnd.Below(8);
    for (int i = 0; i < changes; ++i) {
      ASSERT_NO_FATAL_FAILURE(RandomChange(rnd, **engine, reg));
    }
    (*engine)->Recalculate();
    auto fresh = isms::RiskEngine::Create(reg, options);
    ASSERT_TRUE(fresh.ok()) << fresh.status();
    (*fresh)->Evaluate();
    SCOPED_TRACE(absl::StrCat("seed ", seed, " batch ", batch));
    ASSERT_NO_FATAL_FAILURE(ExpectSameResults(**engine, **fresh));
  }
}

// 30 registers x 40 batches x up to 8 changes: thousands of random changes.
INSTANTIATE_TEST_SUITE_P(RandomRegisters, IncrementalTest,
                         ::testing::Range(1, 31));

// Recalculate() recomputes only the risks that depend on a change.
TEST(IncrementalTest, TouchesOnlyDependentRisks) {
  Random rnd(7);
  isms::v1::Register reg = RandomRegister(rnd, 200, 600, 40);
  isms::EngineOptions options;
  options.as_of = "2026-05-01";
  auto engine = isms::RiskEngine::Create(reg, options);
  ASSERT_TRUE(engine.ok());
  (*engine)->Evaluate();
  EXPECT_EQ((*engine)->last_recomputed(), 600);
  // Risks that name control C3, counted once each.
  int expected = 0;
  for (const auto& risk : reg.risks()) {
    for (const auto& mit : risk.mitigations()) {
      if (mit.control_id() == "C3") {
        ++expected;
        break;
      }
    }
  }
  ASSERT_TRUE((*engine)->SetControlEffectiveness("C3", 0.35).ok());
  (*engine)->Recalculate();
  EXPECT_EQ((*engine)->last_recomputed(), expected);
  (*engine)->Recalculate();  // nothing pending
  EXPECT_EQ((*engine)->last_recomputed(), 0);
  ASSERT_TRUE((*engine)->SetRiskLikelihood("R5", "l2").ok());
  (*engine)->Recalculate();
  EXPECT_EQ((*engine)->last_recomputed(), 1);
}

}  // namespace
