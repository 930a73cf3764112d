// isms::Validate(): a smallest valid register validates cleanly, and for every
// diagnostic code the smallest change that should trigger it does, at the
// exact path and with the expected severity.
#include "isms/validate.h"

#include <functional>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "isms/catalog.h"
#include "isms/v1/catalog.pb.h"
#include "isms/v1/diagnostics.pb.h"
#include "isms/v1/register.pb.h"

namespace {

using ::isms::v1::Diagnostic;
using ::isms::v1::Register;
using ::isms::v1::Severity;
using ::isms::v1::ValidationReport;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr Severity kError = isms::v1::SEVERITY_ERROR;
constexpr Severity kWarning = isms::v1::SEVERITY_WARNING;

// The smallest valid register: a 3x3 method (ValidRegister() adds its monotone
// grid), one asset, one threat with a likelihood, one applied control and one
// risk that names them with one mitigation.
constexpr char kValidRegister[] = R"pb(
  schema_version: "1"
  organization { name: "Acme" scope: "Everything" }
  risk_method {
    likelihood {
      levels { id: "low" }
      levels { id: "medium" }
      levels { id: "high" }
    }
    impact {
      levels { id: "minor" }
      levels { id: "moderate" }
      levels { id: "major" }
    }
    risk_levels { id: "green" acceptable: true }
    risk_levels { id: "amber" }
    risk_levels { id: "red" }
  }
  assets {
    id: "A-1"
    name: "Customer database"
    type: ASSET_TYPE_INFORMATION
    value {
      confidentiality: "major"
      integrity: "moderate"
      availability: "minor"
    }
  }
  threats {
    id: "T-1"
    name: "Credential theft"
    category: THREAT_CATEGORY_HUMAN_ACTION
    likelihood: "medium"
  }
  controls {
    id: "C-1"
    name: "Access control policy"
    catalog_refs: "iso27001:2022/5.15"
    status: CONTROL_STATUS_IMPLEMENTED
  }
  risks {
    id: "R-1"
    title: "Database breach through stolen credentials"
    asset_ids: "A-1"
    threat_id: "T-1"
    mitigations { control_id: "C-1" reduces: REDUCES_LIKELIHOOD }
  }
)pb";

// Parses proto text format into `reg`, appending to repeated fields.
void Merge(absl::string_view text, Register* reg) {
  ASSERT_TRUE(
      google::protobuf::TextFormat::MergeFromString(std::string(text), reg))
      << text;
}

Register ValidRegister() {
  Register reg;
  Merge(kValidRegister, &reg);
  // The monotone grid, row-major: likelihood low, medium, high (rows) x
  // impact minor, moderate, major (columns).
  for (const char* cell : {"green", "green", "amber",  //
                           "green", "amber", "red",    //
                           "amber", "red", "red"}) {
    reg.mutable_risk_method()->add_grid(cell);
  }
  return reg;
}

// A Statement of Applicability with one decided, justified row for each of
// the 93 controls of ISO/IEC 27001:2022.
void AddCompleteSoa(Register* reg) {
  const isms::v1::Catalog* catalog =
      isms::CatalogSet::BuiltIn().FindCatalog("iso27001:2022");
  ASSERT_NE(catalog, nullptr);
  for (const isms::v1::CatalogControl& control : catalog->controls()) {
    isms::v1::SoaEntry* entry = reg->mutable_soa()->add_entries();
    entry->set_control_ref(control.id());
    entry->set_applicable(true);
    entry->add_reasons(isms::v1::SOA_REASON_RISK_TREATMENT);
  }
}

// Valid FAIR-style parameters for the risk.
constexpr char kValidQuant[] = R"pb(
  threat_event_frequency { pert { low: 0.5 mode: 2 high: 10 } }
  vulnerability { constant: 0.3 }
  primary_loss { lognormal { low: 1000 high: 100000 } }
  secondary_loss_probability { constant: 0.1 }
  secondary_loss { pert { low: 0 mode: 5000 high: 20000 } }
  currency: "EUR"
)pb";

void SetValidQuant(Register* reg) {
  isms::v1::QuantParameters quant;
  ASSERT_TRUE(
      google::protobuf::TextFormat::ParseFromString(kValidQuant, &quant));
  *reg->mutable_risks(0)->mutable_quant() = quant;
}

// The whole report, one compiler-style line per diagnostic.
std::string Dump(const ValidationReport& report) {
  std::string out = absl::StrCat(report.error_count(), " error(s), ",
                                 report.warning_count(), " warning(s)\n");
  for (const Diagnostic& d : report.diagnostics()) {
    absl::StrAppend(&out, "  ", isms::FormatDiagnostic(d, ""), "\n");
  }
  return out;
}

// The diagnostics of `report` that carry `code`.
std::vector<Diagnostic> WithCode(const ValidationReport& report,
                                 absl::string_view code) {
  std::vector<Diagnostic> out;
  for (const Diagnostic& d : report.diagnostics()) {
    if (d.code() == code) out.push_back(d);
  }
  return out;
}

// Success if `report` has a diagnostic with `code` at `path` of `severity`;
// the failure message holds the whole report.
testing::AssertionResult HasDiagnostic(const ValidationReport& report,
                                       absl::string_view code,
                                       absl::string_view path,
                                       Severity severity) {
  for (const Diagnostic& d : report.diagnostics()) {
    if (d.code() != code || d.path() != path) continue;
    if (d.severity() == severity) return testing::AssertionSuccess();
    return testing::AssertionFailure()
           << code << " at " << path << " has severity "
           << isms::SeverityName(d.severity()) << ", expected "
           << isms::SeverityName(severity) << "; report:\n"
           << Dump(report);
  }
  return testing::AssertionFailure()
         << "no " << code << " at " << path << "; report:\n"
         << Dump(report);
}

// Success if no diagnostic of `report` carries `code`.
testing::AssertionResult LacksCode(const ValidationReport& report,
                                   absl::string_view code) {
  if (WithCode(report, code).empty()) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "unexpected " << code << "; report:\n"
                                     << Dump(report);
}

// Success if `report` has neither errors nor warnings.
testing::AssertionResult IsClean(const ValidationReport& report) {
  if (report.error_count() == 0 && report.warning_count() == 0 &&
      report.diagnostics().empty()) {
    return testing::AssertionSuccess();
  }
  return testing::AssertionFailure() << "report is not clean:\n"
                                     << Dump(report);
}

// One smallest fault: applied to ValidRegister(), `mutate` must make Validate()
// report `code` at `path` with `severity`.
struct Case {
  std::string code;
  std::string name;  // what the case varies, for the test name
  std::string path;
  Severity severity;
  std::function<void(Register*)> mutate;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.code << "/" << c.name << " at " << c.path;
}

// Appends `text` (proto text format) to the register.
std::function<void(Register*)> Add(std::string text) {
  return [text](Register* reg) { Merge(text, reg); };
}

// Appends likelihood levels until the scale has `count`, each with a grid row
// of "red" (the grid keeps its shape and stays monotone).
void GrowLikelihood(Register* reg, int count) {
  isms::v1::RiskMethod* m = reg->mutable_risk_method();
  while (m->likelihood().levels_size() < count) {
    m->mutable_likelihood()->add_levels()->set_id(
        absl::StrCat("L-", m->likelihood().levels_size()));
    for (int i = 0; i < m->impact().levels_size(); ++i) m->add_grid("red");
  }
}

// Appends impact levels until the scale has `count` (the grid is left as it
// is).
void GrowImpact(Register* reg, int count) {
  isms::v1::Scale* scale = reg->mutable_risk_method()->mutable_impact();
  while (scale->levels_size() < count) {
    scale->add_levels()->set_id(absl::StrCat("I-", scale->levels_size()));
  }
}

// Appends risk levels until the method has `count`.
void GrowRiskLevels(Register* reg, int count) {
  isms::v1::RiskMethod* m = reg->mutable_risk_method();
  while (m->risk_levels_size() < count) {
    m->add_risk_levels()->set_id(absl::StrCat("K-", m->risk_levels_size()));
  }
}

// Appends controls and mitigations of risks[0] by them until the risk has
// `count` mitigations, each of another control.
void GrowMitigations(Register* reg, int count) {
  isms::v1::Risk* risk = reg->mutable_risks(0);
  while (risk->mitigations_size() < count) {
    std::string id = absl::StrCat("C-", reg->controls_size() + 1);
    reg->add_controls()->set_id(id);
    isms::v1::Mitigation* mit = risk->add_mitigations();
    mit->set_control_id(id);
    mit->set_reduces(isms::v1::REDUCES_LIKELIHOOD);
  }
}

const std::vector<Case>& Cases() {
  static const std::vector<Case>* const cases = new std::vector<Case>{
      // --- Ids ---------------------------------------------------------------
      {"EMPTY_ID", "Asset", "assets[1].id", kError,
       Add(R"pb(assets { name: "nameless" })pb")},
      {"EMPTY_ID", "RiskLevel", "risk_method.risk_levels[3].id", kError,
       Add(R"pb(risk_method { risk_levels { name: "nameless" } })pb")},
      // A NUL would cut the id short for a C host: "A\0B" and "A" alike.
      {"BAD_ID", "AssetNul", "assets[1].id", kError,
       [](Register* reg) { reg->add_assets()->set_id(std::string("A\0B", 3)); }},
      {"BAD_ID", "RiskNewline", "risks[1].id", kError,
       [](Register* reg) {
         *reg->add_risks() = reg->risks(0);
         reg->mutable_risks(1)->set_id("R-1\nR-2");
       }},
      {"BAD_ID", "ImpactLevelTab", "risk_method.impact.levels[0].id", kError,
       [](Register* reg) {
         reg->mutable_risk_method()->mutable_impact()->mutable_levels(0)->set_id(
             "low\t");
       }},
      {"DUPLICATE_ID", "Asset", "assets[1].id", kError,
       Add(R"pb(assets { id: "A-1" })pb")},
      {"DUPLICATE_ID", "Incident", "incidents[1].id", kError,
       Add(R"pb(incidents { id: "I-1" } incidents { id: "I-1" })pb")},
      {"DUPLICATE_ID", "LikelihoodLevel", "risk_method.likelihood.levels[2].id",
       kError,
       [](Register* reg) {
         reg->mutable_risk_method()
             ->mutable_likelihood()
             ->mutable_levels(2)
             ->set_id("medium");
       }},
      // --- Dangling references ----------------------------------------------
      {"UNKNOWN_ASSET", "Risk", "risks[0].asset_ids[0]", kError,
       [](Register* reg) { reg->mutable_risks(0)->set_asset_ids(0, "A-99"); }},
      {"UNKNOWN_ASSET", "Dependency", "assets[0].depends_on[0].asset_id",
       kError,
       [](Register* reg) {
         reg->mutable_assets(0)->add_depends_on()->set_asset_id("A-99");
       }},
      {"UNKNOWN_ASSET", "Incident", "incidents[0].asset_ids[0]", kError,
       Add(R"pb(incidents { id: "I-1" asset_ids: "A-99" })pb")},
      {"UNKNOWN_ASSET", "Supplier", "suppliers[0].asset_id", kError,
       Add(R"pb(suppliers { id: "S-1" asset_id: "A-99" })pb")},
      {"UNKNOWN_THREAT", "Risk", "risks[0].threat_id", kError,
       [](Register* reg) { reg->mutable_risks(0)->set_threat_id("T-99"); }},
      {"UNKNOWN_VULNERABILITY", "Risk", "risks[0].vulnerability_ids[0]",
       kError,
       [](Register* reg) {
         reg->mutable_risks(0)->add_vulnerability_ids("V-99");
       }},
      {"UNKNOWN_CONTROL", "Mitigation", "risks[0].mitigations[0].control_id",
       kError,
       [](Register* reg) {
         reg->mutable_risks(0)->mutable_mitigations(0)->set_control_id("C-99");
       }},
      {"UNKNOWN_RISK", "Incident", "incidents[0].risk_ids[0]", kError,
       Add(R"pb(incidents { id: "I-1" risk_ids: "R-99" })pb")},
      {"UNKNOWN_AUDIT", "Nonconformity", "nonconformities[0].audit_id", kError,
       Add(R"pb(nonconformities { id: "NC-1" audit_id: "AU-99" })pb")},
      {"UNKNOWN_DOCUMENT", "ManagementReview",
       "management_reviews[0].minutes_document_id", kError,
       Add(R"pb(management_reviews {
                  id: "MR-1"
                  minutes_document_id: "D-99"
                })pb")},
      // --- Catalogs ----------------------------------------------------------
      {"UNKNOWN_CATALOG", "ControlRef", "controls[0].catalog_refs[0]", kError,
       [](Register* reg) {
         reg->mutable_controls(0)->set_catalog_refs(0, "nist:800-53/AC-1");
       }},
      {"UNKNOWN_CATALOG", "Soa", "soa.catalog", kError,
       [](Register* reg) {
         AddCompleteSoa(reg);
         reg->mutable_soa()->set_catalog("nist:800-53");
       }},
      {"UNKNOWN_CATALOG", "RiskMethod", "risk_method.catalog", kError,
       [](Register* reg) {
         reg->mutable_risk_method()->set_catalog("nist:800-53");
       }},
      {"BAD_CONTROL_REF", "NoCatalog", "controls[0].catalog_refs[0]", kError,
       [](Register* reg) {
         reg->mutable_controls(0)->set_catalog_refs(0, "/5.1");
       }},
      {"BAD_CONTROL_REF", "NoControl", "controls[0].catalog_refs[0]", kError,
       [](Register* reg) {
         reg->mutable_controls(0)->set_catalog_refs(0, "iso27001:2022/");
       }},
      {"UNKNOWN_CATALOG_CONTROL", "ControlRef", "controls[0].catalog_refs[0]",
       kError,
       [](Register* reg) {
         reg->mutable_controls(0)->set_catalog_refs(0, "iso27001:2022/9.99");
       }},
      // --- Scale levels ------------------------------------------------------
      {"UNKNOWN_LEVEL", "AssetConfidentiality",
       "assets[0].value.confidentiality", kError,
       [](Register* reg) {
         reg->mutable_assets(0)->mutable_value()->set_confidentiality("huge");
       }},
      {"UNKNOWN_LEVEL", "AssetIntegrity", "assets[0].value.integrity", kError,
       [](Register* reg) {
         reg->mutable_assets(0)->mutable_value()->set_integrity("huge");
       }},
      {"UNKNOWN_LEVEL", "AssetAvailability", "assets[0].value.availability",
       kError,
       [](Register* reg) {
         reg->mutable_assets(0)->mutable_value()->set_availability("huge");
       }},
      {"UNKNOWN_LEVEL", "ThreatLikelihood", "threats[0].likelihood", kError,
       [](Register* reg) {
         reg->mutable_threats(0)->set_likelihood("certain");
       }},
      {"UNKNOWN_LEVEL", "RiskLikelihood", "risks[0].likelihood", kError,
       [](Register* reg) { reg->mutable_risks(0)->set_likelihood("certain"); }},
      {"UNKNOWN_LEVEL", "RiskImpact", "risks[0].impact", kError,
       [](Register* reg) { reg->mutable_risks(0)->set_impact("huge"); }},
      {"UNKNOWN_LEVEL", "ResidualLikelihood",
       "risks[0].residual_override.likelihood", kError,
       [](Register* reg) {
         reg->mutable_risks(0)->mutable_residual_override()->set_likelihood(
             "certain");
       }},
      {"UNKNOWN_LEVEL", "ResidualImpact", "risks[0].residual_override.impact",
       kError,
       [](Register* reg) {
         reg->mutable_risks(0)->mutable_residual_override()->set_impact("huge");
       }},
      {"UNKNOWN_LEVEL", "GridCell", "risk_method.grid[4]", kError,
       [](Register* reg) {
         reg->mutable_risk_method()->set_grid(4, "purple");
       }},
      {"UNKNOWN_LEVEL", "VulnerabilitySeverity", "vulnerabilities[0].severity",
       kError, Add(R"pb(vulnerabilities { id: "V-1" severity: "huge" })pb")},
      {"UNKNOWN_LEVEL", "SupplierCriticality", "suppliers[0].criticality",
       kError, Add(R"pb(suppliers { id: "S-1" criticality: "huge" })pb")},
      // --- Method ------------------------------------------------------------
      {"SCALE_EMPTY", "Likelihood", "risk_method.likelihood", kError,
       [](Register* reg) {
         reg->mutable_risk_method()->mutable_likelihood()->clear_levels();
       }},
      {"SCALE_EMPTY", "Impact", "risk_method.impact", kError,
       [](Register* reg) {
         reg->mutable_risk_method()->mutable_impact()->clear_levels();
       }},
      {"SCALE_EMPTY", "RiskLevels", "risk_method.risk_levels", kError,
       [](Register* reg) { reg->mutable_risk_method()->clear_risk_levels(); }},
      {"GRID_SHAPE", "EightCells", "risk_method.grid", kError,
       [](Register* reg) {
         reg->mutable_risk_method()->mutable_grid()->RemoveLast();
       }},
      // Row 0 becomes green, amber, green: "major" rates lower than
      // "moderate" at likelihood "low".
      {"GRID_DECREASING", "AlongImpact", "risk_method.grid[2]", kWarning,
       [](Register* reg) {
         reg->mutable_risk_method()->set_grid(1, "amber");
         reg->mutable_risk_method()->set_grid(2, "green");
       }},
      // Column 0 becomes green, amber, green: "high" rates lower than
      // "medium" at impact "minor".
      {"GRID_DECREASING", "AlongLikelihood", "risk_method.grid[6]", kWarning,
       [](Register* reg) {
         reg->mutable_risk_method()->set_grid(3, "amber");
         reg->mutable_risk_method()->set_grid(6, "green");
       }},
      // --- The risk engine's limits ------------------------------------------
      {"TOO_MANY", "LikelihoodLevels", "risk_method.likelihood.levels", kError,
       [](Register* reg) { GrowLikelihood(reg, 101); }},
      {"TOO_MANY", "ImpactLevels", "risk_method.impact.levels", kError,
       [](Register* reg) { GrowImpact(reg, 101); }},
      {"TOO_MANY", "RiskLevels", "risk_method.risk_levels", kError,
       [](Register* reg) { GrowRiskLevels(reg, 101); }},
      {"TOO_MANY", "Mitigations", "risks[0].mitigations", kError,
       [](Register* reg) { GrowMitigations(reg, 1001); }},
      // --- Numbers -----------------------------------------------------------
      {"OUT_OF_RANGE", "Degree", "assets[0].depends_on[0].degree", kError,
       [](Register* reg) {
         Merge(R"pb(assets { id: "A-2" })pb", reg);
         isms::v1::Dependency* dep = reg->mutable_assets(0)->add_depends_on();
         dep->set_asset_id("A-2");
         dep->set_degree(1.5);
       }},
      {"OUT_OF_RANGE", "Strength", "risks[0].mitigations[0].strength", kError,
       [](Register* reg) {
         reg->mutable_risks(0)->mutable_mitigations(0)->set_strength(-0.1);
       }},
      {"OUT_OF_RANGE", "Effectiveness", "controls[0].effectiveness", kError,
       [](Register* reg) { reg->mutable_controls(0)->set_effectiveness(2); }},
      {"OUT_OF_RANGE", "ImplementationNaN", "controls[0].implementation",
       kError,
       [](Register* reg) {
         reg->mutable_controls(0)->set_implementation(
             std::numeric_limits<double>::quiet_NaN());
       }},
      {"OUT_OF_RANGE", "AnnualCost", "controls[0].annual_cost", kError,
       [](Register* reg) { reg->mutable_controls(0)->set_annual_cost(-1); }},
      {"OUT_OF_RANGE", "RiskLevelWeight", "risk_method.risk_levels[1].weight",
       kError,
       [](Register* reg) {
         reg->mutable_risk_method()->mutable_risk_levels(1)->set_weight(-2);
       }},
      {"OUT_OF_RANGE", "ScaleAnchors", "risk_method.likelihood.levels[0]",
       kError,
       [](Register* reg) {
         isms::v1::ScaleLevel* level =
             reg->mutable_risk_method()->mutable_likelihood()->mutable_levels(
                 0);
         level->set_lower(10);
         level->set_upper(1);
       }},
      // --- Enums -------------------------------------------------------------
      {"INVALID_ENUM", "ThreatDimensionUnspecified", "threats[0].dimensions[0]",
       kError,
       [](Register* reg) {
         reg->mutable_threats(0)->add_dimensions(
             isms::v1::DIMENSION_UNSPECIFIED);
       }},
      {"INVALID_ENUM", "DependencyDimensionUnspecified",
       "assets[0].depends_on[0].dimensions[0]", kError,
       [](Register* reg) {
         Merge(R"pb(assets { id: "A-2" })pb", reg);
         isms::v1::Dependency* dep = reg->mutable_assets(0)->add_depends_on();
         dep->set_asset_id("A-2");
         dep->add_dimensions(isms::v1::DIMENSION_UNSPECIFIED);
       }},
      {"INVALID_ENUM", "RiskDimensionUnknown", "risks[0].dimensions[1]",
       kError,
       [](Register* reg) {
         reg->mutable_risks(0)->add_dimensions(
             isms::v1::DIMENSION_CONFIDENTIALITY);
         reg->mutable_risks(0)->add_dimensions(
             static_cast<isms::v1::Dimension>(7));
       }},
      {"INVALID_ENUM", "ControlStatus", "controls[0].status", kError,
       [](Register* reg) {
         reg->mutable_controls(0)->set_status(
             static_cast<isms::v1::ControlStatus>(42));
       }},
      {"INVALID_ENUM", "MitigationReduces", "risks[0].mitigations[0].reduces",
       kError,
       [](Register* reg) {
         reg->mutable_risks(0)->mutable_mitigations(0)->set_reduces(
             static_cast<isms::v1::Reduces>(-1));
       }},
      // --- Dates -------------------------------------------------------------
      {"BAD_DATE", "February30", "controls[0].due_date", kError,
       [](Register* reg) {
         reg->mutable_controls(0)->set_due_date("2026-02-30");
       }},
      {"BAD_DATE", "Month13", "risks[0].assessed_on", kError,
       [](Register* reg) {
         reg->mutable_risks(0)->set_assessed_on("2026-13-01");
       }},
      {"BAD_DATE", "TwoDigitYear", "controls[0].last_tested", kError,
       [](Register* reg) {
         reg->mutable_controls(0)->set_last_tested("26-01-01");
       }},
      {"BAD_DATE", "February29NonLeap", "risks[0].treatment.due_date", kError,
       [](Register* reg) {
         reg->mutable_risks(0)->mutable_treatment()->set_due_date("2023-02-29");
       }},
      {"DATE_ORDER", "Acceptance", "risks[0].acceptance.expires", kWarning,
       [](Register* reg) {
         isms::v1::Acceptance* a = reg->mutable_risks(0)->mutable_acceptance();
         a->set_date("2026-03-01");
         a->set_expires("2026-02-28");
       }},
      {"DATE_ORDER", "CorrectiveAction",
       "nonconformities[0].corrective_action.closed_on", kWarning,
       Add(R"pb(nonconformities {
                  id: "NC-1"
                  raised_on: "2026-03-01"
                  corrective_action { closed_on: "2026-02-01" }
                })pb")},
      // --- Risks -------------------------------------------------------------
      {"RISK_NO_ASSET", "Risk", "risks[0].asset_ids", kError,
       [](Register* reg) { reg->mutable_risks(0)->clear_asset_ids(); }},
      {"NO_LIKELIHOOD", "ThreatWithoutLikelihood", "risks[0].likelihood",
       kError,
       [](Register* reg) { reg->mutable_threats(0)->clear_likelihood(); }},
      {"NO_LIKELIHOOD", "NoThreat", "risks[0].likelihood", kError,
       [](Register* reg) { reg->mutable_risks(0)->clear_threat_id(); }},
      {"DUPLICATE_MITIGATION", "SameControlTwice",
       "risks[0].mitigations[1].control_id", kWarning,
       [](Register* reg) {
         reg->mutable_risks(0)->add_mitigations()->set_control_id("C-1");
       }},
      {"DEPENDENCY_CYCLE", "SelfDependency", "assets[0]", kWarning,
       [](Register* reg) {
         reg->mutable_assets(0)->add_depends_on()->set_asset_id("A-1");
       }},
      // --- Quantitative parameters -------------------------------------------
      {"QUANT_INVALID", "PertLowAboveMode",
       "risks[0].quant.threat_event_frequency", kError,
       [](Register* reg) {
         SetValidQuant(reg);
         isms::v1::Pert* pert = reg->mutable_risks(0)
                                    ->mutable_quant()
                                    ->mutable_threat_event_frequency()
                                    ->mutable_pert();
         pert->set_low(3);
         pert->set_mode(2);
       }},
      {"QUANT_INVALID", "LognormalLowZero", "risks[0].quant.primary_loss",
       kError,
       [](Register* reg) {
         SetValidQuant(reg);
         reg->mutable_risks(0)
             ->mutable_quant()
             ->mutable_primary_loss()
             ->mutable_lognormal()
             ->set_low(0);
       }},
      {"QUANT_INVALID", "VulnerabilityAboveOne", "risks[0].quant.vulnerability",
       kError,
       [](Register* reg) {
         SetValidQuant(reg);
         reg->mutable_risks(0)
             ->mutable_quant()
             ->mutable_vulnerability()
             ->set_constant(1.5);
       }},
      {"QUANT_INVALID", "NoFrequency", "risks[0].quant", kError,
       [](Register* reg) {
         SetValidQuant(reg);
         reg->mutable_risks(0)
             ->mutable_quant()
             ->clear_threat_event_frequency();
       }},
      // low 1e-300, high 1e300: mu = 0, sigma = ln(1e600) / (2 x 1.645) =
      // 420, and mu + 8.3 sigma = 3486 > 650: draws up to e^3449 overflow.
      {"QUANT_INVALID", "LognormalTooWide", "risks[0].quant.primary_loss",
       kError,
       [](Register* reg) {
         SetValidQuant(reg);
         isms::v1::Lognormal* wide = reg->mutable_risks(0)
                                   ->mutable_quant()
                                   ->mutable_primary_loss()
                                   ->mutable_lognormal();
         wide->set_low(1e-300);
         wide->set_high(1e300);
       }},
      {"QUANT_INVALID", "SecondaryLossWithoutProbability",
       "risks[0].quant.secondary_loss_probability", kError,
       [](Register* reg) {
         SetValidQuant(reg);
         reg->mutable_risks(0)
             ->mutable_quant()
             ->clear_secondary_loss_probability();
       }},
      {"QUANT_INVALID", "SecondaryProbabilityWithoutLoss",
       "risks[0].quant.secondary_loss", kError,
       [](Register* reg) {
         SetValidQuant(reg);
         reg->mutable_risks(0)->mutable_quant()->clear_secondary_loss();
       }},
      // --- Statement of Applicability ----------------------------------------
      {"SOA_UNKNOWN_CONTROL", "Row", "soa.entries[93].control_ref", kError,
       [](Register* reg) {
         AddCompleteSoa(reg);
         Merge(R"pb(soa {
                      entries {
                        control_ref: "9.9"
                        applicable: true
                        reasons: SOA_REASON_LEGAL
                      }
                    })pb",
               reg);
       }},
      {"SOA_DUPLICATE", "Row", "soa.entries[93].control_ref", kError,
       [](Register* reg) {
         AddCompleteSoa(reg);
         Merge(R"pb(soa {
                      entries {
                        control_ref: "5.1"
                        applicable: true
                        reasons: SOA_REASON_LEGAL
                      }
                    })pb",
               reg);
       }},
      {"SOA_INCOMPLETE", "OneRow", "soa.entries", kWarning,
       Add(R"pb(soa {
                  entries {
                    control_ref: "5.1"
                    applicable: true
                    reasons: SOA_REASON_BUSINESS
                  }
                })pb")},
      {"SOA_UNDECIDED", "Row", "soa.entries[0].applicable", kWarning,
       [](Register* reg) {
         AddCompleteSoa(reg);
         reg->mutable_soa()->mutable_entries(0)->clear_applicable();
       }},
      {"SOA_EXCLUSION_UNJUSTIFIED", "Row",
       "soa.entries[0].exclusion_justification", kWarning,
       [](Register* reg) {
         AddCompleteSoa(reg);
         isms::v1::SoaEntry* entry = reg->mutable_soa()->mutable_entries(0);
         entry->set_applicable(false);
         entry->clear_reasons();
       }},
      {"SOA_NO_REASON", "Row", "soa.entries[0].reasons", kWarning,
       [](Register* reg) {
         AddCompleteSoa(reg);
         reg->mutable_soa()->mutable_entries(0)->clear_reasons();
       }},
      // --- Schema ------------------------------------------------------------
      {"SCHEMA_VERSION", "Two", "schema_version", kWarning,
       [](Register* reg) { reg->set_schema_version("2"); }},
  };
  return *cases;
}

// Validates ValidRegister() after `mutate`.
ValidationReport ValidateMutated(const std::function<void(Register*)>& mutate,
                                 const isms::ValidateOptions& options = {}) {
  Register reg = ValidRegister();
  mutate(&reg);
  return isms::Validate(reg, options);
}

// The valid register has neither errors nor warnings.
TEST(ValidateTest, ValidRegisterIsClean) {
  EXPECT_TRUE(IsClean(isms::Validate(ValidRegister())));
}

// A complete, justified SoA and valid quantitative parameters add nothing.
TEST(ValidateTest, CompleteSoaAndValidQuantAreClean) {
  Register reg = ValidRegister();
  AddCompleteSoa(&reg);
  SetValidQuant(&reg);
  EXPECT_TRUE(IsClean(isms::Validate(reg)));
}

// An empty register (no risks) is valid: empty scales are only a fault when
// there are risks to rate.
TEST(ValidateTest, EmptyRegisterIsClean) {
  EXPECT_TRUE(IsClean(isms::Validate(Register())));
}

// The table-driven test: each case's fault is reported at its path with its
// severity, and the unchanged register does not report the code.
class CodeTest : public testing::TestWithParam<Case> {};

TEST_P(CodeTest, MutationTriggersCodeAtPath) {
  const Case& c = GetParam();
  ValidationReport report = ValidateMutated(c.mutate);
  EXPECT_TRUE(HasDiagnostic(report, c.code, c.path, c.severity));
  EXPECT_TRUE(LacksCode(isms::Validate(ValidRegister()), c.code));
  // The counts agree with the diagnostics (far below max_diagnostics here).
  int errors = 0, warnings = 0;
  for (const Diagnostic& d : report.diagnostics()) {
    errors += d.severity() == kError;
    warnings += d.severity() == kWarning;
  }
  EXPECT_EQ(report.error_count(), errors) << Dump(report);
  EXPECT_EQ(report.warning_count(), warnings) << Dump(report);
}

INSTANTIATE_TEST_SUITE_P(AllCodes, CodeTest, testing::ValuesIn(Cases()),
                         [](const testing::TestParamInfo<Case>& info) {
                           return info.param.code + "_" + info.param.name;
                         });

// Every code of DiagnosticCodes() has a case, and every case names a real
// code with its default severity.
TEST(ValidateCodesTest, CasesCoverEveryCode) {
  absl::flat_hash_set<std::string> in_cases;
  for (const Case& c : Cases()) in_cases.insert(c.code);
  absl::flat_hash_set<std::string> known;
  for (const isms::DiagnosticCodeInfo& info : isms::DiagnosticCodes()) {
    known.insert(info.code);
    EXPECT_TRUE(in_cases.contains(info.code)) << info.code << " has no case";
  }
  for (const Case& c : Cases()) {
    EXPECT_TRUE(known.contains(c.code)) << c.code << " is not a code";
  }
  EXPECT_EQ(known.size(), isms::DiagnosticCodes().size()) << "duplicate code";
}

// The severities the cases expect are the table's defaults.
TEST(ValidateCodesTest, CaseSeveritiesAreTheDefaults) {
  for (const Case& c : Cases()) {
    for (const isms::DiagnosticCodeInfo& info : isms::DiagnosticCodes()) {
      if (c.code == info.code) {
        EXPECT_EQ(c.severity, info.severity) << c.code << "/" << c.name;
      }
    }
  }
}

// Every code has a meaning and a severity that is error or warning.
TEST(ValidateCodesTest, CodesHaveMeaningAndSeverity) {
  for (const isms::DiagnosticCodeInfo& info : isms::DiagnosticCodes()) {
    EXPECT_NE(std::string(info.meaning), "") << info.code;
    EXPECT_TRUE(info.severity == kError || info.severity == kWarning)
        << info.code;
  }
}

// FormatDiagnostic gives the compiler-style line of a dangling asset.
TEST(ValidateTest, FormatsUnknownAsset) {
  Register reg = ValidRegister();
  reg.mutable_risks(0)->set_asset_ids(0, "A-99");
  ValidationReport report = isms::Validate(reg);
  ASSERT_THAT(report.diagnostics(), SizeIs(1)) << Dump(report);
  EXPECT_EQ(isms::FormatDiagnostic(report.diagnostics(0), "acme.json"),
            "acme.json: risks[0].asset_ids[0]: error: unknown asset \"A-99\" "
            "[UNKNOWN_ASSET]");
  EXPECT_EQ(report.error_count(), 1);
  EXPECT_EQ(report.warning_count(), 0);
}

// Without a source name or path, those parts are left out.
TEST(ValidateTest, FormatLeavesOutEmptyParts) {
  Diagnostic d;
  d.set_severity(kWarning);
  d.set_code("SCHEMA_VERSION");
  d.set_message("m");
  EXPECT_EQ(isms::FormatDiagnostic(d, ""), "warning: m [SCHEMA_VERSION]");
}

// A grid of 8 cells is reported once, and the message names the 9 needed.
TEST(ValidateTest, GridShapeMessageNamesNine) {
  Register reg = ValidRegister();
  reg.mutable_risk_method()->mutable_grid()->RemoveLast();
  ValidationReport report = isms::Validate(reg);
  std::vector<Diagnostic> found = WithCode(report, "GRID_SHAPE");
  ASSERT_THAT(found, SizeIs(1)) << Dump(report);
  EXPECT_THAT(found[0].message(),
              AllOf(HasSubstr("8 cells"), HasSubstr("need 9")));
}

// A decrease along impact names the two impact levels and the likelihood, at
// the lower cell; likewise along likelihood. Each is reported exactly once.
TEST(ValidateTest, GridDecreasingMessagesAndPaths) {
  {
    Register reg = ValidRegister();
    reg.mutable_risk_method()->set_grid(1, "amber");
    reg.mutable_risk_method()->set_grid(2, "green");
    ValidationReport report = isms::Validate(reg);
    std::vector<Diagnostic> found = WithCode(report, "GRID_DECREASING");
    ASSERT_THAT(found, SizeIs(1)) << Dump(report);
    EXPECT_EQ(found[0].path(), "risk_method.grid[2]");
    EXPECT_EQ(found[0].message(),
              "impact \"major\" rates lower than \"moderate\" at likelihood "
              "\"low\"");
    EXPECT_EQ(report.error_count(), 0) << Dump(report);
  }
  {
    Register reg = ValidRegister();
    reg.mutable_risk_method()->set_grid(3, "amber");
    reg.mutable_risk_method()->set_grid(6, "green");
    ValidationReport report = isms::Validate(reg);
    std::vector<Diagnostic> found = WithCode(report, "GRID_DECREASING");
    ASSERT_THAT(found, SizeIs(1)) << Dump(report);
    EXPECT_EQ(found[0].path(), "risk_method.grid[6]");
    EXPECT_EQ(found[0].message(),
              "likelihood \"high\" rates lower than \"medium\" at impact "
              "\"minor\"");
  }
  {
    // One raised cell (low, moderate -> red) is above both its right and its
    // lower neighbour: two warnings, at each lower cell.
    Register reg = ValidRegister();
    reg.mutable_risk_method()->set_grid(1, "red");
    ValidationReport report = isms::Validate(reg);
    EXPECT_THAT(WithCode(report, "GRID_DECREASING"), SizeIs(2)) << Dump(report);
    EXPECT_TRUE(HasDiagnostic(report, "GRID_DECREASING", "risk_method.grid[2]",
                              kWarning));
    EXPECT_TRUE(HasDiagnostic(report, "GRID_DECREASING", "risk_method.grid[4]",
                              kWarning));
  }
}

// Clearing a scale with risks present reports SCALE_EMPTY for that scale only.
TEST(ValidateTest, ScaleEmptyOnlyForTheEmptyScale) {
  Register reg = ValidRegister();
  reg.mutable_risk_method()->mutable_impact()->clear_levels();
  ValidationReport report = isms::Validate(reg);
  std::vector<Diagnostic> found = WithCode(report, "SCALE_EMPTY");
  ASSERT_THAT(found, SizeIs(1)) << Dump(report);
  EXPECT_EQ(found[0].path(), "risk_method.impact");
}

// The report holds one diagnostic, an error TOO_MANY at `path`.
void ExpectOnlyTooMany(const ValidationReport& report, const std::string& path,
                       const std::string& message) {
  ASSERT_THAT(report.diagnostics(), SizeIs(1)) << Dump(report);
  EXPECT_EQ(report.diagnostics(0).code(), "TOO_MANY");
  EXPECT_EQ(report.diagnostics(0).path(), path);
  EXPECT_EQ(report.diagnostics(0).severity(), kError);
  EXPECT_EQ(report.diagnostics(0).message(), message);
  EXPECT_EQ(report.error_count(), 1);
  EXPECT_EQ(report.warning_count(), 0);
}

// 100 likelihood levels is the engine's limit and clean; 101 is one TOO_MANY
// and nothing else.
TEST(ValidateTest, TooManyLikelihoodLevels) {
  Register reg = ValidRegister();
  GrowLikelihood(&reg, 100);
  EXPECT_TRUE(IsClean(isms::Validate(reg)));
  GrowLikelihood(&reg, 101);
  ValidationReport report = isms::Validate(reg);
  ExpectOnlyTooMany(report, "risk_method.likelihood.levels",
                    "101 levels; at most 100");
}

// Likewise for the risk levels: 100 is clean, 101 is one TOO_MANY.
TEST(ValidateTest, TooManyRiskLevels) {
  Register reg = ValidRegister();
  GrowRiskLevels(&reg, 100);
  EXPECT_TRUE(IsClean(isms::Validate(reg)));
  GrowRiskLevels(&reg, 101);
  ValidationReport report = isms::Validate(reg);
  ExpectOnlyTooMany(report, "risk_method.risk_levels",
                    "101 risk levels; at most 100");
}

// A risk with 1000 mitigations (of distinct controls) is clean; with 1001 it
// is one TOO_MANY at the list, and each mitigation is still checked.
TEST(ValidateTest, TooManyMitigations) {
  Register reg = ValidRegister();
  GrowMitigations(&reg, 1000);
  EXPECT_TRUE(IsClean(isms::Validate(reg)));
  GrowMitigations(&reg, 1001);
  ValidationReport report = isms::Validate(reg);
  ExpectOnlyTooMany(report, "risks[0].mitigations",
                    "1001 mitigations; at most 1000");

  reg.mutable_risks(0)->mutable_mitigations(1000)->set_control_id("C-99999");
  report = isms::Validate(reg);
  EXPECT_THAT(WithCode(report, "TOO_MANY"), SizeIs(1)) << Dump(report);
  EXPECT_TRUE(HasDiagnostic(report, "UNKNOWN_CONTROL",
                            "risks[0].mitigations[1000].control_id", kError));
}

// 2024-02-29 is a real date (leap year), 2023-02-29 is not; 2000 is a leap
// year and 1900 is not.
TEST(ValidateTest, LeapDays) {
  for (const char* date : {"2024-02-29", "2000-02-29", "2026-12-31"}) {
    Register reg = ValidRegister();
    reg.mutable_controls(0)->set_due_date(date);
    EXPECT_TRUE(IsClean(isms::Validate(reg))) << date;
  }
  for (const char* date :
       {"2023-02-29", "1900-02-29", "2026-02-30", "2026-13-01", "2026-00-10",
        "2026-04-31", "26-01-01", "2026-1-01", "2026/01/01", "0000-01-01"}) {
    Register reg = ValidRegister();
    reg.mutable_controls(0)->set_due_date(date);
    EXPECT_TRUE(HasDiagnostic(isms::Validate(reg), "BAD_DATE",
                              "controls[0].due_date", kError))
        << date;
  }
}

// The bad date is quoted in the message.
TEST(ValidateTest, BadDateMessageQuotesTheDate) {
  Register reg = ValidRegister();
  reg.mutable_controls(0)->set_due_date("2026-02-30");
  std::vector<Diagnostic> found = WithCode(isms::Validate(reg), "BAD_DATE");
  ASSERT_THAT(found, SizeIs(1));
  EXPECT_THAT(found[0].message(), HasSubstr("\"2026-02-30\""));
}

// Dates in order, or equal, are fine; only a later date before an earlier one
// is a DATE_ORDER warning. An invalid date gives BAD_DATE, not DATE_ORDER.
TEST(ValidateTest, DateOrder) {
  {
    Register reg = ValidRegister();
    isms::v1::Acceptance* a = reg.mutable_risks(0)->mutable_acceptance();
    a->set_date("2026-03-01");
    a->set_expires("2026-03-01");
    EXPECT_TRUE(IsClean(isms::Validate(reg)));
  }
  {
    Register reg = ValidRegister();
    isms::v1::Acceptance* a = reg.mutable_risks(0)->mutable_acceptance();
    a->set_date("2026-03-01");
    a->set_expires("2026-02-30");
    ValidationReport report = isms::Validate(reg);
    EXPECT_TRUE(LacksCode(report, "DATE_ORDER"));
    EXPECT_TRUE(HasDiagnostic(report, "BAD_DATE", "risks[0].acceptance.expires",
                              kError));
  }
  {
    Register reg = ValidRegister();
    Merge(R"pb(documents {
                 id: "D-1"
                 approved_on: "2026-03-01"
                 next_review: "2025-03-01"
               }
               incidents {
                 id: "I-1"
                 occurred_on: "2026-03-01"
                 closed_on: "2026-01-01"
               })pb",
          &reg);
    ValidationReport report = isms::Validate(reg);
    EXPECT_TRUE(HasDiagnostic(report, "DATE_ORDER", "documents[0].next_review",
                              kWarning));
    EXPECT_TRUE(HasDiagnostic(report, "DATE_ORDER", "incidents[0].closed_on",
                              kWarning));
    EXPECT_EQ(report.error_count(), 0) << Dump(report);
  }
}

// A risk without likelihood is fine when its threat gives one, and a risk
// with its own likelihood needs no threat.
TEST(ValidateTest, LikelihoodFromRiskOrThreat) {
  Register reg = ValidRegister();
  reg.mutable_threats(0)->clear_likelihood();
  reg.mutable_risks(0)->set_likelihood("high");
  EXPECT_TRUE(IsClean(isms::Validate(reg)));
  reg.mutable_risks(0)->clear_threat_id();
  EXPECT_TRUE(IsClean(isms::Validate(reg)));
}

// Registers of three assets A -> B -> C -> A (plus an outsider) for the cycle
// tests.
Register ThreeCycle() {
  Register reg = ValidRegister();
  Merge(R"pb(assets {
               id: "B"
               depends_on { asset_id: "C" }
             }
             assets {
               id: "C"
               depends_on { asset_id: "D" }
             }
             assets {
               id: "D"
               depends_on { asset_id: "B" }
             })pb",
        &reg);
  reg.mutable_assets(0)->add_depends_on()->set_asset_id("B");
  return reg;
}

// A three-asset cycle is one warning at its first asset naming all three; A-1,
// which depends on the cycle but is not in it, is not named.
TEST(ValidateTest, ThreeAssetCycleIsOneWarning) {
  ValidationReport report = isms::Validate(ThreeCycle());
  std::vector<Diagnostic> found = WithCode(report, "DEPENDENCY_CYCLE");
  ASSERT_THAT(found, SizeIs(1)) << Dump(report);
  EXPECT_EQ(found[0].severity(), kWarning);
  EXPECT_EQ(found[0].path(), "assets[1]");
  EXPECT_EQ(found[0].message(), "dependency cycle among 3 assets: B, C, D");
  EXPECT_EQ(report.error_count(), 0) << Dump(report);
  EXPECT_EQ(report.warning_count(), 1) << Dump(report);
}

// With strict_cycles the same cycle is an error (code unchanged).
TEST(ValidateTest, StrictCyclesMakesTheCycleAnError) {
  isms::ValidateOptions options;
  options.strict_cycles = true;
  ValidationReport report = isms::Validate(ThreeCycle(), options);
  EXPECT_TRUE(HasDiagnostic(report, "DEPENDENCY_CYCLE", "assets[1]", kError));
  EXPECT_EQ(report.error_count(), 1) << Dump(report);
  EXPECT_EQ(report.warning_count(), 0) << Dump(report);
}

// A self-dependency is a cycle of one asset.
TEST(ValidateTest, SelfDependencyIsACycleOfOne) {
  Register reg = ValidRegister();
  reg.mutable_assets(0)->add_depends_on()->set_asset_id("A-1");
  std::vector<Diagnostic> found =
      WithCode(isms::Validate(reg), "DEPENDENCY_CYCLE");
  ASSERT_THAT(found, SizeIs(1));
  EXPECT_EQ(found[0].path(), "assets[0]");
  EXPECT_EQ(found[0].message(), "dependency cycle among 1 asset: A-1");
}

// A diamond (A -> B, A -> C, B -> D, C -> D) shares a dependency but has no
// cycle.
TEST(ValidateTest, DiamondIsNotACycle) {
  Register reg = ValidRegister();
  Merge(R"pb(assets {
               id: "B"
               depends_on { asset_id: "D" }
             }
             assets {
               id: "C"
               depends_on { asset_id: "D" degree: 0.5 }
             }
             assets { id: "D" })pb",
        &reg);
  reg.mutable_assets(0)->add_depends_on()->set_asset_id("B");
  reg.mutable_assets(0)->add_depends_on()->set_asset_id("C");
  EXPECT_TRUE(IsClean(isms::Validate(reg)));
}

// Two separate cycles give two diagnostics, in asset order.
TEST(ValidateTest, TwoCyclesGiveTwoDiagnostics) {
  Register reg = ValidRegister();
  Merge(R"pb(assets {
               id: "P"
               depends_on { asset_id: "Q" }
             }
             assets {
               id: "Q"
               depends_on { asset_id: "P" }
             }
             assets {
               id: "X"
               depends_on { asset_id: "Y" }
             }
             assets {
               id: "Y"
               depends_on { asset_id: "X" }
             })pb",
        &reg);
  ValidationReport report = isms::Validate(reg);
  std::vector<Diagnostic> found = WithCode(report, "DEPENDENCY_CYCLE");
  ASSERT_THAT(found, SizeIs(2)) << Dump(report);
  EXPECT_EQ(found[0].path(), "assets[1]");
  EXPECT_EQ(found[0].message(), "dependency cycle among 2 assets: P, Q");
  EXPECT_EQ(found[1].path(), "assets[3]");
  EXPECT_EQ(found[1].message(), "dependency cycle among 2 assets: X, Y");
  EXPECT_EQ(report.warning_count(), 2);
}

// Each quantitative fault is reported once, and a bad probability names 1.
TEST(ValidateTest, QuantMessages) {
  Register reg = ValidRegister();
  SetValidQuant(&reg);
  reg.mutable_risks(0)->mutable_quant()->mutable_vulnerability()->set_constant(
      1.5);
  ValidationReport report = isms::Validate(reg);
  std::vector<Diagnostic> found = WithCode(report, "QUANT_INVALID");
  ASSERT_THAT(found, SizeIs(1)) << Dump(report);
  EXPECT_THAT(found[0].message(), HasSubstr("0..1"));

  // loss_event_frequency alone is enough; primary_loss is required.
  Register lef = ValidRegister();
  Merge(R"pb(risks {
               id: "R-2"
               asset_ids: "A-1"
               likelihood: "low"
               quant { loss_event_frequency { constant: 0.2 } }
             })pb",
        &lef);
  report = isms::Validate(lef);
  found = WithCode(report, "QUANT_INVALID");
  ASSERT_THAT(found, SizeIs(1)) << Dump(report);
  EXPECT_EQ(found[0].path(), "risks[1].quant.primary_loss");
}

// An empty distribution (no PERT, lognormal or constant) gives no number: an
// empty loss_event_frequency is no frequency, an empty primary_loss no loss.
TEST(ValidateTest, EmptyDistributionIsNotAValue) {
  Register reg = ValidRegister();
  Merge(R"pb(risks {
               id: "R-2"
               asset_ids: "A-1"
               likelihood: "low"
               quant {
                 loss_event_frequency {}
                 primary_loss {}
               }
             })pb",
        &reg);
  ValidationReport report = isms::Validate(reg);
  EXPECT_TRUE(HasDiagnostic(report, "QUANT_INVALID", "risks[1].quant", kError));
  EXPECT_TRUE(HasDiagnostic(report, "QUANT_INVALID",
                            "risks[1].quant.primary_loss", kError));
}

// A Statement of Applicability with only 5.1 leaves out 92 of 93 controls.
TEST(ValidateTest, SoaIncompleteCountsMissingControls) {
  Register reg = ValidRegister();
  Merge(R"pb(soa {
               entries {
                 control_ref: "5.1"
                 applicable: true
                 reasons: SOA_REASON_LEGAL
               }
             })pb",
        &reg);
  ValidationReport report = isms::Validate(reg);
  std::vector<Diagnostic> found = WithCode(report, "SOA_INCOMPLETE");
  ASSERT_THAT(found, SizeIs(1)) << Dump(report);
  EXPECT_EQ(found[0].path(), "soa.entries");
  EXPECT_THAT(found[0].message(),
              AllOf(HasSubstr("92 of 93"), HasSubstr("iso27001:2022"),
                    HasSubstr("5.2"), HasSubstr(", ...")));
  EXPECT_EQ(report.warning_count(), 1) << Dump(report);
  EXPECT_EQ(report.error_count(), 0) << Dump(report);
}

// An SoA on the 2013 catalog accepts the 2013 id "A.9.2.1".
TEST(ValidateTest, Soa2013AcceptsAnnexAIds) {
  Register reg = ValidRegister();
  Merge(R"pb(soa {
               catalog: "iso27001:2013"
               entries {
                 control_ref: "A.9.2.1"
                 applicable: true
                 reasons: SOA_REASON_RISK_TREATMENT
               }
             })pb",
        &reg);
  ValidationReport report = isms::Validate(reg);
  EXPECT_TRUE(LacksCode(report, "SOA_UNKNOWN_CONTROL"));
  EXPECT_TRUE(LacksCode(report, "UNKNOWN_CATALOG"));
  std::vector<Diagnostic> found = WithCode(report, "SOA_INCOMPLETE");
  ASSERT_THAT(found, SizeIs(1)) << Dump(report);
  EXPECT_THAT(found[0].message(), HasSubstr("113 of 114"));
}

// The Annex A prefix is optional: "A.5.1" in a 2022 SoA is 5.1, so a complete
// SoA that writes it so is still complete and clean.
TEST(ValidateTest, SoaAnnexAPrefixIsOptional) {
  Register reg = ValidRegister();
  AddCompleteSoa(&reg);
  ASSERT_EQ(reg.soa().entries(0).control_ref(), "5.1");
  reg.mutable_soa()->mutable_entries(0)->set_control_ref("A.5.1");
  EXPECT_TRUE(IsClean(isms::Validate(reg)));

  // ... and a second row for "5.1" is then a duplicate of it.
  Merge(R"pb(soa {
               entries {
                 control_ref: "5.1"
                 applicable: true
                 reasons: SOA_REASON_LEGAL
               }
             })pb",
        &reg);
  EXPECT_TRUE(HasDiagnostic(isms::Validate(reg), "SOA_DUPLICATE",
                            "soa.entries[93].control_ref", kError));
}

// An unknown SoA catalog is one error, not one per row.
TEST(ValidateTest, UnknownSoaCatalogIsReportedOnce) {
  Register reg = ValidRegister();
  AddCompleteSoa(&reg);
  reg.mutable_soa()->set_catalog("nist:800-53");
  ValidationReport report = isms::Validate(reg);
  EXPECT_THAT(WithCode(report, "UNKNOWN_CATALOG"), SizeIs(1)) << Dump(report);
  EXPECT_TRUE(LacksCode(report, "SOA_UNKNOWN_CONTROL"));
  EXPECT_EQ(report.error_count(), 1) << Dump(report);
}

// A bare control ref refers to the register's catalog: "5.15" is valid, and
// with risk_method.catalog "iso27001:2013" the 2013 id "A.9.1.1" is too.
TEST(ValidateTest, BareControlRefUsesTheRegisterCatalog) {
  Register reg = ValidRegister();
  reg.mutable_controls(0)->set_catalog_refs(0, "5.15");
  EXPECT_TRUE(IsClean(isms::Validate(reg)));

  reg.mutable_risk_method()->set_catalog("iso27001:2013");
  reg.mutable_controls(0)->set_catalog_refs(0, "A.9.1.1");
  EXPECT_TRUE(IsClean(isms::Validate(reg)));
}

// A user catalog given through ValidateOptions::catalogs makes its references
// valid; the default (built-in) catalogs do not know it, and adding it to a
// copy leaves BuiltIn() unchanged.
TEST(ValidateTest, UserCatalogThroughOptions) {
  Register reg = ValidRegister();
  reg.mutable_controls(0)->add_catalog_refs("acme:policies/P-1");

  EXPECT_TRUE(HasDiagnostic(isms::Validate(reg), "UNKNOWN_CATALOG",
                            "controls[0].catalog_refs[1]", kError));

  isms::v1::Catalog acme;
  acme.set_id("acme:policies");
  acme.set_name("Acme policies");
  isms::v1::CatalogControl* p1 = acme.add_controls();
  p1->set_id("P-1");
  p1->set_title("Clear desk");
  isms::CatalogSet mine = isms::CatalogSet::BuiltIn();
  ASSERT_TRUE(mine.AddCatalog(acme).ok());

  isms::ValidateOptions options;
  options.catalogs = &mine;
  EXPECT_TRUE(IsClean(isms::Validate(reg, options)));

  reg.mutable_controls(0)->set_catalog_refs(1, "acme:policies/P-2");
  EXPECT_TRUE(HasDiagnostic(isms::Validate(reg, options),
                            "UNKNOWN_CATALOG_CONTROL",
                            "controls[0].catalog_refs[1]", kError));

  reg.mutable_controls(0)->set_catalog_refs(1, "acme:policies/P-1");
  EXPECT_TRUE(HasDiagnostic(isms::Validate(reg), "UNKNOWN_CATALOG",
                            "controls[0].catalog_refs[1]", kError));
}

// max_diagnostics caps the list, not the counts: 50 dangling references with
// a cap of 10 give 10 diagnostics and an error count of 50.
TEST(ValidateTest, MaxDiagnosticsCapsListNotCounts) {
  Register reg = ValidRegister();
  for (int i = 0; i < 50; ++i) {
    reg.mutable_risks(0)->add_asset_ids(absl::StrCat("A-9", i));
  }
  isms::ValidateOptions options;
  options.max_diagnostics = 10;
  ValidationReport report = isms::Validate(reg, options);
  EXPECT_THAT(report.diagnostics(), SizeIs(10));
  EXPECT_EQ(report.error_count(), 50);
  EXPECT_EQ(report.warning_count(), 0);
  // The first ten are kept, in order.
  EXPECT_EQ(report.diagnostics(0).path(), "risks[0].asset_ids[1]");
  EXPECT_EQ(report.diagnostics(9).path(), "risks[0].asset_ids[10]");

  // Without the cap all 50 are listed.
  EXPECT_THAT(isms::Validate(reg).diagnostics(), SizeIs(50));

  // A cap of 0 lists nothing but still counts.
  options.max_diagnostics = 0;
  report = isms::Validate(reg, options);
  EXPECT_THAT(report.diagnostics(), IsEmpty());
  EXPECT_EQ(report.error_count(), 50);
}

// 200,000 assets in one dependency chain validate without error (and without
// overflowing the stack); closing the chain makes it one cycle.
TEST(ValidateTest, LongDependencyChain) {
  constexpr int kAssets = 200000;
  Register reg = ValidRegister();
  reg.mutable_assets(0)->add_depends_on()->set_asset_id("X-0");
  for (int i = 0; i < kAssets; ++i) {
    isms::v1::Asset* asset = reg.add_assets();
    asset->set_id(absl::StrCat("X-", i));
    if (i + 1 < kAssets) {
      asset->add_depends_on()->set_asset_id(absl::StrCat("X-", i + 1));
    }
  }
  ValidationReport report = isms::Validate(reg);
  EXPECT_EQ(report.error_count(), 0) << Dump(report);
  EXPECT_EQ(report.warning_count(), 0) << Dump(report);

  reg.mutable_assets(kAssets)->add_depends_on()->set_asset_id("X-0");
  report = isms::Validate(reg);
  std::vector<Diagnostic> found = WithCode(report, "DEPENDENCY_CYCLE");
  ASSERT_THAT(found, SizeIs(1));
  EXPECT_EQ(found[0].path(), "assets[1]");
  EXPECT_THAT(found[0].message(),
              HasSubstr("dependency cycle among 200000 assets: X-0, X-1, "));
  EXPECT_EQ(report.error_count(), 0);
}

// An unknown risk_method.catalog is reported even when the grid has the wrong
// shape (the two faults are independent).
TEST(ValidateTest, UnknownMethodCatalogReportedDespiteBadGrid) {
  Register reg = ValidRegister();
  reg.mutable_risk_method()->mutable_grid()->RemoveLast();
  reg.mutable_risk_method()->set_catalog("nist:800-53");
  ValidationReport report = isms::Validate(reg);
  EXPECT_TRUE(HasDiagnostic(report, "GRID_SHAPE", "risk_method.grid", kError));
  EXPECT_TRUE(
      HasDiagnostic(report, "UNKNOWN_CATALOG", "risk_method.catalog", kError));
}

}  // namespace
