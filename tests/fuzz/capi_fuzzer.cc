// The C ABI on bytes from a host: isms_register_parse in each format, then,
// for whatever parses, validation, the engine and its getters, reports, SoA,
// coverage and readiness, a change and a recalculation; everything the
// library hands out is freed (LeakSanitizer checks that).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "isms/isms_c.h"
#include "tests/fuzz/fuzz_util.h"

namespace isms::fuzzing {
namespace {

// A failed call must say why.
void ExpectError(isms_status status) {
  if (status != ISMS_OK && isms_last_error()[0] == '\0') {
    Violated("a failed C call left isms_last_error() empty");
  }
}

void Validate(const isms_register* reg) {
  isms_validation* validation = nullptr;
  isms_status status = isms_validate(reg, /*strict_cycles=*/1, &validation);
  ExpectError(status);
  if (status != ISMS_OK) return;
  const size_t count = isms_validation_count(validation);
  for (size_t i = 0; i < count; ++i) {
    isms_diagnostic diagnostic = ISMS_DIAGNOSTIC_INIT;
    ExpectError(isms_validation_get(validation, i, &diagnostic));
  }
  void* bytes = nullptr;
  size_t size = 0;
  if (isms_validation_serialize(validation, ISMS_FORMAT_JSON, &bytes, &size) ==
      ISMS_OK) {
    isms_free(bytes);
  }
  isms_validation_destroy(&validation);
}

// The typed getters, with buffers of the sizes the engine reports.
void ReadResults(const isms_engine* engine) {
  int rows = 0, columns = 0, levels = 0;
  ExpectError(isms_engine_scale_sizes(engine, &rows, &columns, &levels));
  const size_t risks = isms_engine_risk_count(engine);
  std::vector<uint8_t> likelihood(risks), impact(risks), level(risks);
  std::vector<int64_t> cells(static_cast<size_t>(rows) * columns);
  std::vector<int64_t> counts(levels);
  for (isms_view view :
       {ISMS_VIEW_INHERENT, ISMS_VIEW_CURRENT, ISMS_VIEW_TARGET}) {
    ExpectError(isms_engine_levels(engine, view, likelihood.data(),
                                   impact.data(), level.data(), risks));
    ExpectError(isms_engine_heatmap(engine, view, cells.data(), cells.size()));
    ExpectError(
        isms_engine_level_counts(engine, view, counts.data(), counts.size()));
    isms_engine_exposure(engine, view);
  }
  ExpectError(isms_engine_statuses(engine, level.data(), risks));
  std::vector<int32_t> top(5);
  size_t written = 0;
  ExpectError(isms_engine_top_risks(engine, top.size(), top.data(), top.size(),
                                    &written));
}

void Reports(const isms_register* reg, isms_engine* engine) {
  const size_t findings = isms_engine_finding_count(engine);
  for (size_t i = 0; i < findings; ++i) {
    isms_finding finding = ISMS_FINDING_INIT;
    ExpectError(isms_engine_finding(engine, i, &finding));
  }
  void* bytes = nullptr;
  size_t size = 0;
  if (isms_engine_assessment(engine, ISMS_FORMAT_BINARY, 1, &bytes, &size) ==
      ISMS_OK) {
    isms_free(bytes);
  }
  if (isms_engine_whatif(engine, ISMS_FORMAT_JSON, &bytes, &size) == ISMS_OK) {
    isms_free(bytes);
  }
  if (isms_coverage(reg, engine, ISMS_FORMAT_JSON, &bytes, &size) == ISMS_OK) {
    isms_free(bytes);
  }
  char* text = nullptr;
  if (isms_report(reg, engine, ISMS_REPORT_MARKDOWN, &text, &size) == ISMS_OK) {
    isms_free(text);
  }
  if (isms_soa(reg, nullptr, ISMS_REPORT_CSV, &text, &size) == ISMS_OK) {
    isms_free(text);
  }
  int ready = 0;
  if (isms_readiness(reg, engine, nullptr, ISMS_REPORT_JSON, &text, &size,
                     &ready) == ISMS_OK) {
    isms_free(text);
  }
}

// One change through each kind of setter, on the register's own ids.
void Change(const isms_register* reg, isms_engine* engine) {
  const char* control = isms_register_id(reg, ISMS_LIST_CONTROLS, 0);
  const char* asset = isms_register_id(reg, ISMS_LIST_ASSETS, 0);
  const char* risk = isms_register_id(reg, ISMS_LIST_RISKS, 0);
  if (control != nullptr) {
    ExpectError(isms_engine_set_control_status(engine, control, 3));
    ExpectError(isms_engine_set_control_implementation(engine, control, 0.5));
    ExpectError(isms_engine_set_control_effectiveness(engine, control, 0.5));
  }
  if (asset != nullptr) {
    ExpectError(isms_engine_set_asset_value(engine, asset, 1, ""));
  }
  if (risk != nullptr) {
    ExpectError(isms_engine_set_risk_likelihood(engine, risk, ""));
    ExpectError(isms_engine_set_risk_impact(engine, risk, ""));
    isms_mitigation mitigation = ISMS_MITIGATION_INIT;
    mitigation.control_id = control != nullptr ? control : "missing";
    ExpectError(isms_engine_set_risk_mitigations(engine, risk, &mitigation, 1));
  }
  ExpectError(isms_engine_recalculate(engine));
}

void Assess(const isms_register* reg) {
  isms_engine_options options = ISMS_ENGINE_OPTIONS_INIT;
  options.as_of = kAsOf;
  options.threads = 1;
  isms_engine* engine = nullptr;
  isms_status status = isms_engine_create(reg, &options, &engine);
  ExpectError(status);
  if (status != ISMS_OK) return;
  ExpectError(isms_engine_evaluate(engine));
  ReadResults(engine);
  Reports(reg, engine);
  Change(reg, engine);
  ReadResults(engine);
  isms_engine_destroy(&engine);
}

void FuzzBytes(const uint8_t* data, size_t size) {
  SilenceProtobufLogs();
  for (isms_format format :
       {ISMS_FORMAT_JSON, ISMS_FORMAT_BINARY, ISMS_FORMAT_TEXT}) {
    isms_register* reg = nullptr;
    isms_status status = isms_register_parse(data, size, format, &reg);
    ExpectError(status);
    if (status != ISMS_OK) continue;
    Validate(reg);
    Assess(reg);
    void* bytes = nullptr;
    size_t written = 0;
    if (isms_register_serialize(reg, format, &bytes, &written) == ISMS_OK) {
      isms_free(bytes);
    }
    isms_register_destroy(&reg);
  }
}

}  // namespace
}  // namespace isms::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  isms::fuzzing::FuzzBytes(data, size);
  return 0;
}
