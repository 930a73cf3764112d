// Statement of Applicability, control coverage, certification readiness and
// the 2013 -> 2022 transition (DESIGN.md section 5).
//
//   auto reg = isms::LoadRegister("acme.json");
//   isms::ComplianceOptions options;
//   options.as_of = "2026-11-22";
//   absl::StatusOr<isms::v1::StatementOfApplicabilityReport> soa =
//       isms::BuildSoa(*reg, options);
//   std::string csv = isms::RenderSoa(*soa, isms::SoaFormat::kCsv);
//
//   auto engine = isms::RiskEngine::Create(*reg, {.as_of = "2026-11-22"});
//   (*engine)->Evaluate();
//   absl::StatusOr<isms::v1::Coverage> coverage =
//       isms::ComputeCoverage(*reg, **engine, options);
//   absl::StatusOr<isms::v1::Readiness> readiness =
//       isms::CheckReadiness(*reg, **engine, options);
//
// The catalog is, in order: ComplianceOptions::catalog, the SoA's catalog,
// the register's risk_method.catalog, "iso27001:2022".
//
// Thread safety: every function here only reads its arguments; concurrent
// calls are safe while nobody modifies them (an engine must not be
// recalculated meanwhile).
#ifndef ISMS_COMPLIANCE_H_
#define ISMS_COMPLIANCE_H_

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "isms/catalog.h"
#include "isms/risk_engine.h"
#include "isms/v1/compliance.pb.h"
#include "isms/v1/register.pb.h"

namespace isms {

struct ComplianceOptions {
  // "YYYY-MM-DD"; empty means today (UTC). Readiness judges review dates,
  // audits and due dates at this date.
  std::string as_of;
  // Catalog id; empty: see the header comment.
  std::string catalog;
  // nullptr means CatalogSet::BuiltIn().
  const CatalogSet* catalogs = nullptr;
};

// The catalog id the functions below use for this register and options.
std::string ComplianceCatalog(const v1::Register& reg,
                              const ComplianceOptions& options);

// One row per control of the catalog. NotFound if the catalog is unknown.
absl::StatusOr<v1::StatementOfApplicabilityReport> BuildSoa(
    const v1::Register& reg, const ComplianceOptions& options = {});

enum class SoaFormat { kCsv, kMarkdown, kHtml, kJson };
// "csv", "md"/"markdown", "html", "json".
absl::StatusOr<SoaFormat> ParseSoaFormat(absl::string_view name);
std::string RenderSoa(const v1::StatementOfApplicabilityReport& soa,
                      SoaFormat format);

// Coverage of the catalog by the applied controls, and of the risks and
// assets by the assessment. `engine` must have been evaluated.
absl::StatusOr<v1::Coverage> ComputeCoverage(
    const v1::Register& reg, const RiskEngine& engine,
    const ComplianceOptions& options = {});

// The engine's assessment (RiskEngine::ToProto) with `coverage` filled in.
// A report without coverage beats no report: when coverage cannot be computed
// (e.g. an unknown catalog) it is left empty and the reason goes to
// `coverage_status` when given. `engine` must have been evaluated.
v1::Assessment AssessWithCoverage(const v1::Register& reg,
                                  const RiskEngine& engine,
                                  const AssessmentOptions& assessment_options,
                                  const ComplianceOptions& options = {},
                                  absl::Status* coverage_status = nullptr);

// Controls x risks traceability matrix as CSV: one row per applied control,
// one column per risk, the cell names the axis the control reduces
// ("L", "I", "LI") or is empty.
std::string TraceabilityCsv(const v1::Register& reg);

// Readiness for certification: every mandatory document and record, audits,
// management review, nonconformities, objectives, SoA and risk treatment.
// `engine` must have been evaluated.
absl::StatusOr<v1::Readiness> CheckReadiness(
    const v1::Register& reg, const RiskEngine& engine,
    const ComplianceOptions& options = {});

enum class ReadinessFormat { kText, kMarkdown, kJson };
absl::StatusOr<ReadinessFormat> ParseReadinessFormat(absl::string_view name);
std::string RenderReadiness(const v1::Readiness& readiness,
                            ReadinessFormat format);

// Rewrites a register's catalog references and SoA from one catalog to
// another through a CatalogMapping (e.g. iso27001:2013 -> iso27001:2022).
// The report lists the target controls with no predecessor (they need an
// SoA decision) and merged controls whose source decisions disagree. A
// migrated SoA needs re-approval: its approved_by and approved_on are
// cleared. `unmapped` lists references and SoA decisions that could not be
// carried over.
absl::StatusOr<std::pair<v1::Register, v1::MigrationReport>> MigrateRegister(
    const v1::Register& reg, absl::string_view to_catalog,
    const CatalogSet* catalogs = nullptr);

}  // namespace isms

#endif  // ISMS_COMPLIANCE_H_
