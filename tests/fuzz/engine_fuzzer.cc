// Everything downstream of a register that parses: validation, the risk
// engine (evaluation, findings, what-if, changes and recalculation), the
// Statement of Applicability, coverage, readiness, migration and every report
// renderer. A parsed register must never crash any of them, whatever it
// holds: dangling references, cycles, absurd sizes, bad dates or levels.
//
// The input is a register in JSON, binary or text format (the first that
// reads). Properties checked beyond "no crash":
// - an engine that Create() accepts is evaluated; after a few changes,
//   Recalculate() gives what a fresh engine gives on the changed register;
// - every risk is counted once in each heatmap.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "google/protobuf/util/field_comparator.h"
#include "google/protobuf/util/message_differencer.h"
#include "isms/compliance.h"
#include "isms/report.h"
#include "isms/risk_engine.h"
#include "isms/validate.h"
#include "tests/fuzz/fuzz_util.h"

namespace isms::fuzzing {
namespace {

constexpr RiskEngine::View kViews[] = {
    RiskEngine::kInherent, RiskEngine::kCurrent, RiskEngine::kTarget};

EngineOptions FuzzEngineOptions() {
  EngineOptions options;
  options.as_of = kAsOf;
  options.threads = 1;  // libFuzzer wants one thread per process
  return options;
}

ComplianceOptions FuzzComplianceOptions() {
  ComplianceOptions options;
  options.as_of = kAsOf;
  return options;
}

// The compliance functions that need no engine.
void CheckCompliance(const v1::Register& reg) {
  absl::StatusOr<v1::StatementOfApplicabilityReport> soa =
      BuildSoa(reg, FuzzComplianceOptions());
  if (soa.ok()) {
    for (SoaFormat format : {SoaFormat::kCsv, SoaFormat::kMarkdown,
                             SoaFormat::kHtml, SoaFormat::kJson}) {
      RenderSoa(*soa, format);
    }
  }
  TraceabilityCsv(reg);
  MigrateRegister(reg, kDefaultCatalog).IgnoreError();
}

// Everything that reads an evaluated engine.
void CheckResults(const v1::Register& reg, const RiskEngine& engine) {
  for (RiskEngine::View view : kViews) {
    int64_t counted = 0;
    for (int64_t cell : engine.heatmap(view)) counted += cell;
    if (counted != engine.risk_count()) {
      Violated("a heatmap does not count every risk once");
    }
  }
  engine.TopRisks(5);
  engine.Findings();
  engine.WhatIf();
  for (int a = 0; a < reg.assets_size(); ++a) {
    engine.accumulated_value(a, v1::DIMENSION_AVAILABILITY);
  }

  const v1::Assessment assessment = AssessWithCoverage(
      reg, engine, AssessmentOptions(), FuzzComplianceOptions());
  for (ReportFormat format : {ReportFormat::kText, ReportFormat::kMarkdown,
                              ReportFormat::kHtml, ReportFormat::kJson}) {
    RenderAssessment(reg, assessment, format);
    RenderWhatIf(reg, assessment, format);
  }
  absl::StatusOr<v1::Readiness> readiness =
      CheckReadiness(reg, engine, FuzzComplianceOptions());
  if (readiness.ok()) {
    for (ReadinessFormat format :
         {ReadinessFormat::kText, ReadinessFormat::kMarkdown,
          ReadinessFormat::kJson}) {
      RenderReadiness(*readiness, format);
    }
  }
}

// Applies a few changes, taken from the register itself, to the engine and
// the same changes to `mirror`, so that a fresh engine on `mirror` must give
// the engine's results.
void ChangeBoth(RiskEngine& engine, v1::Register& mirror) {
  const v1::RiskMethod& method = mirror.risk_method();
  const std::string first_impact = method.impact().levels_size() > 0
                                       ? method.impact().levels(0).id()
                                       : std::string();
  const std::string last_impact =
      method.impact().levels_size() > 0
          ? method.impact().levels(method.impact().levels_size() - 1).id()
          : std::string();

  if (mirror.controls_size() > 0) {
    v1::Control& first = *mirror.mutable_controls(0);
    if (engine.SetControlStatus(first.id(), v1::CONTROL_STATUS_IMPLEMENTED)
            .ok()) {
      first.set_status(v1::CONTROL_STATUS_IMPLEMENTED);
    }
    if (engine.SetControlImplementation(first.id(), 0.5).ok()) {
      first.set_implementation(0.5);
    }
    v1::Control& last = *mirror.mutable_controls(mirror.controls_size() - 1);
    if (engine.SetControlEffectiveness(last.id(), 0.25).ok()) {
      last.set_effectiveness(0.25);
    }
  }
  if (mirror.assets_size() > 0) {
    v1::Asset& asset = *mirror.mutable_assets(mirror.assets_size() / 2);
    if (engine
            .SetAssetValue(asset.id(), v1::DIMENSION_CONFIDENTIALITY,
                           last_impact)
            .ok()) {
      asset.mutable_value()->set_confidentiality(last_impact);
    }
  }
  if (mirror.risks_size() > 0) {
    v1::Risk& first = *mirror.mutable_risks(0);
    if (engine.SetRiskLikelihood(first.id(), "").ok()) {
      first.clear_likelihood();
    }
    v1::Risk& last = *mirror.mutable_risks(mirror.risks_size() - 1);
    if (engine.SetRiskImpact(last.id(), first_impact).ok()) {
      last.set_impact(first_impact);
    }
    // The middle risk takes the first risk's mitigations, in reverse order.
    const std::vector<v1::Mitigation> reversed(first.mitigations().rbegin(),
                                               first.mitigations().rend());
    v1::Risk& middle = *mirror.mutable_risks(mirror.risks_size() / 2);
    if (engine.SetRiskMitigations(middle.id(), reversed).ok()) {
      middle.mutable_mitigations()->Assign(reversed.begin(), reversed.end());
    }
  }
  engine.Recalculate();
}

void CheckSameAsFresh(const RiskEngine& incremental,
                      const v1::Register& mirror) {
  absl::StatusOr<std::unique_ptr<RiskEngine>> fresh =
      RiskEngine::Create(mirror, FuzzEngineOptions());
  if (!fresh.ok()) {
    Violated("the changes the engine accepted make a register it rejects");
  }
  (*fresh)->Evaluate();
  google::protobuf::util::DefaultFieldComparator comparator;
  comparator.set_treat_nan_as_equal(true);
  google::protobuf::util::MessageDifferencer differ;
  differ.set_field_comparator(&comparator);
  std::string diff;
  differ.ReportDifferencesToString(&diff);
  if (!differ.Compare(incremental.ToProto(), (*fresh)->ToProto())) {
    Violated("Recalculate() differs from a fresh evaluation:\n" +
             diff.substr(0, 2000));
  }
}

void FuzzRegister(absl::string_view bytes) {
  std::optional<v1::Register> reg = ParseAnyFormat(bytes);
  if (!reg) return;

  Validate(*reg);
  ValidateOptions strict;
  strict.strict_cycles = true;
  strict.max_diagnostics = 10;
  Validate(*reg, strict);
  CheckCompliance(*reg);

  absl::StatusOr<std::unique_ptr<RiskEngine>> engine =
      RiskEngine::Create(*reg, FuzzEngineOptions());
  if (!engine.ok()) return;
  (*engine)->Evaluate();
  CheckResults(*reg, **engine);

  v1::Register mirror = *reg;
  ChangeBoth(**engine, mirror);
  CheckSameAsFresh(**engine, mirror);
}

}  // namespace
}  // namespace isms::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  isms::fuzzing::FuzzRegister(isms::fuzzing::AsBytes(data, size));
  return 0;
}
