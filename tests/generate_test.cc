// isms::tools::GenerateRegister(): deterministic, valid, acyclic, with the
// counts and the fan-in shape DESIGN 11 asks for.
#include "tools/generate.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "isms/v1/diagnostics.pb.h"
#include "isms/v1/register.pb.h"
#include "isms/validate.h"

namespace {

using ::isms::tools::GenerateOptions;
using ::isms::tools::GenerateRegister;
using ::isms::v1::Register;

Register Generate(int64_t assets, uint64_t seed) {
  GenerateOptions options;
  options.assets = assets;
  options.seed = seed;
  absl::StatusOr<Register> reg = GenerateRegister(options);
  EXPECT_TRUE(reg.ok()) << reg.status();
  return reg.ok() ? *std::move(reg) : Register();
}

std::string Bytes(const Register& reg) {
  std::string out;
  EXPECT_TRUE(reg.SerializeToString(&out));
  return out;
}

int64_t Edges(const Register& reg) {
  int64_t edges = 0;
  for (const auto& asset : reg.assets()) edges += asset.depends_on_size();
  return edges;
}

int64_t Mitigations(const Register& reg) {
  int64_t mitigations = 0;
  for (const auto& risk : reg.risks()) mitigations += risk.mitigations_size();
  return mitigations;
}

std::string Describe(const isms::v1::ValidationReport& report) {
  std::string out;
  for (int i = 0; i < report.diagnostics_size() && i < 10; ++i) {
    out += isms::FormatDiagnostic(report.diagnostics(i), "generated") + "\n";
  }
  return out;
}

TEST(GenerateTest, SameSeedGivesIdenticalBytes) {
  const std::string a = Bytes(Generate(3000, 7));
  const std::string b = Bytes(Generate(3000, 7));
  EXPECT_FALSE(a.empty());
  EXPECT_TRUE(a == b);
}

TEST(GenerateTest, DifferentSeedGivesDifferentRegister) {
  EXPECT_NE(Bytes(Generate(3000, 7)), Bytes(Generate(3000, 8)));
}

TEST(GenerateTest, CountsAreInRange) {
  const Register reg = Generate(2000, 1);
  const int64_t assets = reg.assets_size();
  const int64_t risks = reg.risks_size();
  EXPECT_EQ(assets, 2000);
  EXPECT_GE(risks, 3 * assets);
  EXPECT_LE(risks, 6 * assets);
  EXPECT_GE(Mitigations(reg), 2 * risks);
  EXPECT_LE(Mitigations(reg), 5 * risks);
  EXPECT_GE(Edges(reg), assets);
  EXPECT_LE(Edges(reg), 3 * assets);
  EXPECT_EQ(reg.controls_size(), 202);  // 200 + 2000 / 1000
  EXPECT_GE(reg.threats_size(), 35);
  EXPECT_LE(reg.threats_size(), 45);
  EXPECT_EQ(reg.vulnerabilities_size(), 100);
  EXPECT_EQ(reg.soa().entries_size(), 93);
  EXPECT_EQ(reg.people_size(), 40);  // one owner per 50 assets
  // Every threat category is used.
  absl::flat_hash_set<int> categories;
  for (const auto& t : reg.threats()) categories.insert(t.category());
  EXPECT_EQ(categories.size(), 7u);
}

TEST(GenerateTest, ControlCountIsCapped) {
  GenerateOptions options;
  options.assets = 1;
  absl::StatusOr<Register> small = GenerateRegister(options);
  ASSERT_TRUE(small.ok()) << small.status();
  EXPECT_EQ(small->controls_size(), 200);
  options.controls = 7;
  options.max_mitigations_per_risk = 5;
  absl::StatusOr<Register> few = GenerateRegister(options);
  ASSERT_TRUE(few.ok()) << few.status();
  EXPECT_EQ(few->controls_size(), 7);
}

TEST(GenerateTest, ValidatesWithoutErrorsOrWarnings) {
  for (int64_t assets : {1, 7, 1000, 20000}) {
    for (uint64_t seed : {1u, 2u, 12345u}) {
      if (assets == 20000 && seed != 1) continue;  // keep the test quick
      const Register reg = Generate(assets, seed);
      ASSERT_EQ(reg.assets_size(), assets);
      const isms::v1::ValidationReport report = isms::Validate(reg);
      EXPECT_EQ(report.error_count(), 0)
          << assets << " assets, seed " << seed << "\n"
          << Describe(report);
      EXPECT_EQ(report.warning_count(), 0)
          << assets << " assets, seed " << seed << "\n"
          << Describe(report);
    }
  }
}

TEST(GenerateTest, OptionsAtTheirLimitsValidate) {
  GenerateOptions options;
  options.assets = 500;
  options.min_risks_per_asset = 8;
  options.max_risks_per_asset = 8;
  options.min_mitigations_per_risk = 10;
  options.max_mitigations_per_risk = 10;
  options.controls = 10;
  options.fan_in_bias = 1;
  options.shuffle_assets = false;
  options.quant_fraction = 1;
  options.risk_titles = false;
  absl::StatusOr<Register> reg = GenerateRegister(options);
  ASSERT_TRUE(reg.ok()) << reg.status();
  EXPECT_EQ(reg->risks_size(), 8 * 500);
  EXPECT_EQ(Mitigations(*reg), 10 * 8 * 500);
  const isms::v1::ValidationReport report = isms::Validate(*reg);
  EXPECT_EQ(report.error_count() + report.warning_count(), 0)
      << Describe(report);
}

TEST(GenerateTest, DependencyGraphIsAcyclic) {
  for (bool shuffle : {true, false}) {
    GenerateOptions options;
    options.assets = 20000;
    options.seed = 3;
    options.shuffle_assets = shuffle;
    absl::StatusOr<Register> reg = GenerateRegister(options);
    ASSERT_TRUE(reg.ok()) << reg.status();
    isms::ValidateOptions strict;
    strict.strict_cycles = true;
    const isms::v1::ValidationReport report = isms::Validate(*reg, strict);
    for (const auto& d : report.diagnostics()) {
      EXPECT_NE(d.code(), "DEPENDENCY_CYCLE") << d.message();
    }
    EXPECT_EQ(report.error_count(), 0) << Describe(report);
  }
}

TEST(GenerateTest, FanInHasAHeavyTail) {
  const Register reg = Generate(20000, 1);
  absl::flat_hash_map<std::string, int64_t> in_degree;
  int64_t edges = 0;
  for (const auto& asset : reg.assets()) {
    for (const auto& dep : asset.depends_on()) {
      ++in_degree[dep.asset_id()];
      ++edges;
    }
  }
  int64_t max = 0;
  for (const auto& [id, degree] : in_degree) max = std::max(max, degree);
  const double mean = static_cast<double>(edges) / reg.assets_size();
  EXPECT_GE(static_cast<double>(max), 20 * mean)
      << "max " << max << ", mean " << mean;

  // The tail is not only the few sites: servers too have a hub.
  int64_t max_hardware = 0;
  int64_t hardware = 0;
  int64_t into_hardware = 0;
  for (const auto& asset : reg.assets()) {
    if (asset.type() != isms::v1::ASSET_TYPE_HARDWARE) continue;
    ++hardware;
    auto it = in_degree.find(asset.id());
    const int64_t degree = it == in_degree.end() ? 0 : it->second;
    into_hardware += degree;
    max_hardware = std::max(max_hardware, degree);
  }
  ASSERT_GT(hardware, 0);
  const double mean_hardware = static_cast<double>(into_hardware) / hardware;
  EXPECT_GE(static_cast<double>(max_hardware), 20 * mean_hardware)
      << "max " << max_hardware << ", mean " << mean_hardware;
}

TEST(GenerateTest, DependenciesHaveDegreesAndDimensions) {
  const Register reg = Generate(2000, 1);
  int partial = 0;
  int availability_only = 0;
  for (const auto& asset : reg.assets()) {
    for (const auto& dep : asset.depends_on()) {
      if (dep.has_degree() && dep.degree() < 1) ++partial;
      if (dep.dimensions_size() == 1 &&
          dep.dimensions(0) == isms::v1::DIMENSION_AVAILABILITY) {
        ++availability_only;
      }
    }
  }
  EXPECT_GT(partial, 0);
  EXPECT_GT(availability_only, 0);
}

TEST(GenerateTest, EveryAssetTypeAndControlStatusAppears) {
  const Register reg = Generate(20000, 1);
  absl::flat_hash_map<int, int> types;
  for (const auto& asset : reg.assets()) ++types[asset.type()];
  for (int t = isms::v1::ASSET_TYPE_INFORMATION;
       t <= isms::v1::ASSET_TYPE_OTHER; ++t) {
    EXPECT_GT(types[t], 0) << isms::v1::AssetType_Name(t);
  }
  EXPECT_EQ(types[isms::v1::ASSET_TYPE_UNSPECIFIED], 0);
  EXPECT_EQ(types[isms::v1::ASSET_TYPE_SITE], 20);  // 0.1%
  EXPECT_EQ(types[isms::v1::ASSET_TYPE_INFORMATION], 8000);

  absl::flat_hash_map<int, int> statuses;
  for (const auto& control : reg.controls()) ++statuses[control.status()];
  for (int s = isms::v1::CONTROL_STATUS_PLANNED;
       s <= isms::v1::CONTROL_STATUS_RETIRED; ++s) {
    EXPECT_GT(statuses[s], 0) << isms::v1::ControlStatus_Name(s);
  }
  EXPECT_EQ(statuses[isms::v1::CONTROL_STATUS_UNSPECIFIED], 0);
}

TEST(GenerateTest, RisksExerciseTheEnginePaths) {
  const Register reg = Generate(2000, 1);
  int two_assets = 0, own_likelihood = 0, accepted = 0, overridden = 0,
      treated = 0, quant = 0;
  for (const auto& risk : reg.risks()) {
    if (risk.asset_ids_size() == 2) ++two_assets;
    if (!risk.likelihood().empty()) ++own_likelihood;
    if (risk.has_acceptance()) ++accepted;
    if (risk.has_residual_override()) ++overridden;
    if (risk.has_treatment()) ++treated;
    if (risk.has_quant()) ++quant;
    EXPECT_FALSE(risk.owner().empty());
    EXPECT_FALSE(risk.threat_id().empty());
  }
  const int risks = reg.risks_size();
  EXPECT_GT(two_assets, risks / 20);
  EXPECT_LT(two_assets, risks / 5);
  EXPECT_GT(own_likelihood, risks / 5);
  EXPECT_LT(own_likelihood, risks * 2 / 5);
  EXPECT_GT(accepted, 0);
  EXPECT_GT(overridden, 0);
  EXPECT_GT(treated, 0);
  EXPECT_GT(quant, 0);
}

TEST(GenerateTest, InvalidOptionsAreRejected) {
  auto rejected = [](GenerateOptions options) {
    absl::StatusOr<Register> reg = GenerateRegister(options);
    return reg.status().code() == absl::StatusCode::kInvalidArgument;
  };
  GenerateOptions o;
  o.assets = 0;
  EXPECT_TRUE(rejected(o));
  o.assets = -5;
  EXPECT_TRUE(rejected(o));
  o.assets = 10'000'001;
  EXPECT_TRUE(rejected(o));
  o = {};
  o.min_risks_per_asset = 4;
  o.max_risks_per_asset = 3;
  EXPECT_TRUE(rejected(o));
  o = {};
  o.max_risks_per_asset = 9;
  EXPECT_TRUE(rejected(o));
  o = {};
  o.max_mitigations_per_risk = 11;
  EXPECT_TRUE(rejected(o));
  o = {};
  o.controls = 3;  // fewer controls than mitigations per risk
  EXPECT_TRUE(rejected(o));
  o = {};
  o.controls = 0;
  EXPECT_TRUE(rejected(o));
  o = {};
  o.fan_in_bias = 1.5;
  EXPECT_TRUE(rejected(o));
  o = {};
  o.quant_fraction = -0.1;
  EXPECT_TRUE(rejected(o));
}

}  // namespace
