// isms._isms: the C++ half of the Python package (DESIGN.md section 8).
//
// Deliberately thin: protobuf messages cross as serialized bytes (the pure
// Python layer wraps them in the generated isms.v1 classes, whatever protobuf
// runtime Python uses), per-risk results and heatmaps cross as numpy arrays,
// and a failed absl::Status becomes the isms.Error subclass of its code (see
// isms/_errors.py). Every call that can take long (loading, compiling,
// evaluating, rendering) releases the GIL.
//
// Thread safety: an _Engine is guarded by the GIL for its bookkeeping, but
// the computation runs without it, so one engine must not be used from two
// Python threads at once (the Python Engine class serialises calls with a
// lock). Separate engines are independent.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "isms/catalog.h"
#include "isms/compliance.h"
#include "isms/io.h"
#include "isms/quant.h"
#include "isms/report.h"
#include "isms/risk_engine.h"
#include "isms/validate.h"
#include "isms/version.h"

namespace py = pybind11;

namespace isms {
namespace python {
namespace {

// Carries a failed absl::Status to the exception translator, which raises the
// isms.Error subclass of its code with the library's message.
class StatusError : public std::exception {
 public:
  explicit StatusError(absl::Status status)
      : status_(std::move(status)), what_(status_.ToString()) {}
  const char* what() const noexcept override { return what_.c_str(); }
  const absl::Status& status() const { return status_; }

 private:
  absl::Status status_;
  std::string what_;
};

void ThrowIfError(const absl::Status& status) {
  if (!status.ok()) throw StatusError(status);
}

template <typename T>
T ValueOrThrow(absl::StatusOr<T> value) {
  ThrowIfError(value.status());
  return *std::move(value);
}

constexpr absl::string_view kPythonSource = "<python>";

// Messages from Python arrive in the protobuf wire format. (pybind11 passes
// bytes as std::string_view, which Debian's Abseil does not alias.)
template <typename Message>
Message ParseMessage(std::string_view bytes, const char* type_name) {
  Message message;
  if (!message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    throw StatusError(absl::InvalidArgumentError(
        absl::StrCat(kPythonSource, ": not a serialized ", type_name)));
  }
  return message;
}

template <typename Message>
py::bytes ToBytes(const Message& message) {
  std::string out;
  {
    py::gil_scoped_release release;
    message.SerializeToString(&out);
  }
  return py::bytes(out);
}

// The fields of ReadLimits by name, for `limits={"max_assets": 1000}`.
struct LimitField {
  const char* name;
  uint64_t ReadLimits::*field;  // max_depth, an int, is handled apart
};
constexpr LimitField kLimitFields[] = {
    {"max_bytes", &ReadLimits::max_bytes},
    {"max_assets", &ReadLimits::max_assets},
    {"max_risks", &ReadLimits::max_risks},
    {"max_mitigations", &ReadLimits::max_mitigations},
    {"max_list_elements", &ReadLimits::max_list_elements},
    {"max_string_length", &ReadLimits::max_string_length},
};

py::dict DefaultReadLimits() {
  const ReadLimits defaults;
  py::dict out;
  for (const LimitField& f : kLimitFields) out[f.name] = defaults.*f.field;
  out["max_depth"] = defaults.max_depth;
  return out;
}

// Needs the GIL (reads a Python dict).
ReadLimits ToReadLimits(const py::dict& limits) {
  ReadLimits out;
  for (const auto& [key, value] : limits) {
    const std::string name = py::str(key);
    if (py::isinstance<py::bool_>(value) || !py::isinstance<py::int_>(value)) {
      throw py::type_error(
          absl::StrCat("limits[\"", name, "\"] must be an int"));
    }
    const long long number = value.cast<long long>();
    if (number < 1) {
      throw py::value_error(absl::StrCat("limits[\"", name, "\"] is ", number,
                                         "; it must be at least 1"));
    }
    if (name == "max_depth") {
      if (number > 100000) {
        throw py::value_error(absl::StrCat("limits[\"max_depth\"] is ", number,
                                           "; at most 100000"));
      }
      out.max_depth = static_cast<int>(number);
      continue;
    }
    bool known = false;
    for (const LimitField& f : kLimitFields) {
      if (name == f.name) {
        out.*f.field = static_cast<uint64_t>(number);
        known = true;
      }
    }
    if (!known) {
      std::vector<std::string> names = {"max_depth"};
      for (const LimitField& f : kLimitFields) names.push_back(f.name);
      throw py::value_error(
          absl::StrCat("unknown limit \"", name,
                       "\" (known: ", absl::StrJoin(names, ", "), ")"));
    }
  }
  return out;
}

ReadOptions MakeReadOptions(const std::string& format,
                            bool ignore_unknown_fields,
                            const py::dict& limits = py::dict()) {
  ReadOptions options;
  if (!format.empty()) options.format = ValueOrThrow(ParseFormatName(format));
  options.ignore_unknown_fields = ignore_unknown_fields;
  options.limits = ToReadLimits(limits);
  return options;
}

WriteOptions MakeWriteOptions(const std::string& format, bool pretty) {
  WriteOptions options;
  if (!format.empty()) options.format = ValueOrThrow(ParseFormatName(format));
  options.pretty = pretty;
  return options;
}

template <typename T>
py::array_t<T> ToArray(absl::Span<const T> values) {
  py::array_t<T> array(static_cast<py::ssize_t>(values.size()));
  if (!values.empty()) {
    std::memcpy(array.mutable_data(), values.data(), values.size() * sizeof(T));
  }
  return array;
}

// Hands the vector's buffer to numpy without a copy: the array owns it.
py::array_t<double> MoveToArray(std::vector<double> values) {
  auto* owned = new std::vector<double>(std::move(values));
  py::capsule owner(
      owned, [](void* p) { delete static_cast<std::vector<double>*>(p); });
  return py::array_t<double>(static_cast<py::ssize_t>(owned->size()),
                             owned->data(), owner);
}

// --- Registers ---------------------------------------------------------------

py::bytes LoadRegisterBytes(const std::string& path, const std::string& format,
                            bool ignore_unknown_fields,
                            const py::dict& limits) {
  const ReadOptions options =
      MakeReadOptions(format, ignore_unknown_fields, limits);
  std::string out;
  {
    py::gil_scoped_release release;
    v1::Register reg = ValueOrThrow(LoadRegister(path, options));
    reg.SerializeToString(&out);
  }
  return py::bytes(out);
}

py::bytes ParseRegisterBytes(std::string_view data, const std::string& format,
                             bool ignore_unknown_fields,
                             const std::string& source_name,
                             const py::dict& limits) {
  const ReadOptions options =
      MakeReadOptions(format, ignore_unknown_fields, limits);
  std::string out;
  {
    py::gil_scoped_release release;
    v1::Register reg = ValueOrThrow(ParseRegister(
        absl::string_view(data.data(), data.size()), options, source_name));
    reg.SerializeToString(&out);
  }
  return py::bytes(out);
}

py::bytes SerializeRegisterBytes(std::string_view register_bytes,
                                 const std::string& format, bool pretty) {
  const WriteOptions options = MakeWriteOptions(format, pretty);
  std::string out;
  {
    py::gil_scoped_release release;
    const v1::Register reg =
        ParseMessage<v1::Register>(register_bytes, "isms.v1.Register");
    out = ValueOrThrow(SerializeRegister(reg, options));
  }
  return py::bytes(out);
}

void SaveRegisterBytes(std::string_view register_bytes, const std::string& path,
                       const std::string& format, bool pretty) {
  const WriteOptions options = MakeWriteOptions(format, pretty);
  py::gil_scoped_release release;
  const v1::Register reg =
      ParseMessage<v1::Register>(register_bytes, "isms.v1.Register");
  ThrowIfError(SaveRegister(reg, path, options));
}

py::bytes ValidateBytes(std::string_view register_bytes, bool strict_cycles,
                        int max_diagnostics) {
  std::string out;
  {
    py::gil_scoped_release release;
    const v1::Register reg =
        ParseMessage<v1::Register>(register_bytes, "isms.v1.Register");
    ValidateOptions options;
    options.strict_cycles = strict_cycles;
    options.max_diagnostics = max_diagnostics;
    Validate(reg, options).SerializeToString(&out);
  }
  return py::bytes(out);
}

std::string FormatDiagnosticBytes(std::string_view diagnostic_bytes,
                                  const std::string& source_name) {
  return FormatDiagnostic(
      ParseMessage<v1::Diagnostic>(diagnostic_bytes, "isms.v1.Diagnostic"),
      source_name);
}

ComplianceOptions MakeComplianceOptions(const std::string& as_of,
                                        const std::string& catalog) {
  ComplianceOptions options;
  options.as_of = as_of;
  options.catalog = catalog;
  return options;
}

py::bytes SoaBytes(std::string_view register_bytes, const std::string& as_of,
                   const std::string& catalog) {
  std::string out;
  {
    py::gil_scoped_release release;
    const v1::Register reg =
        ParseMessage<v1::Register>(register_bytes, "isms.v1.Register");
    ValueOrThrow(BuildSoa(reg, MakeComplianceOptions(as_of, catalog)))
        .SerializeToString(&out);
  }
  return py::bytes(out);
}

std::string RenderSoaBytes(std::string_view soa_bytes,
                           const std::string& format) {
  const SoaFormat parsed = ValueOrThrow(ParseSoaFormat(format));
  py::gil_scoped_release release;
  return RenderSoa(ParseMessage<v1::StatementOfApplicabilityReport>(
                       soa_bytes, "isms.v1.StatementOfApplicabilityReport"),
                   parsed);
}

std::string RenderReadinessBytes(std::string_view readiness_bytes,
                                 const std::string& format) {
  const ReadinessFormat parsed = ValueOrThrow(ParseReadinessFormat(format));
  py::gil_scoped_release release;
  return RenderReadiness(
      ParseMessage<v1::Readiness>(readiness_bytes, "isms.v1.Readiness"),
      parsed);
}

std::string TraceabilityBytes(std::string_view register_bytes) {
  py::gil_scoped_release release;
  return TraceabilityCsv(
      ParseMessage<v1::Register>(register_bytes, "isms.v1.Register"));
}

py::tuple MigrateBytes(std::string_view register_bytes,
                       const std::string& to_catalog) {
  std::string migrated, report;
  {
    py::gil_scoped_release release;
    auto result = ValueOrThrow(MigrateRegister(
        ParseMessage<v1::Register>(register_bytes, "isms.v1.Register"),
        to_catalog));
    result.first.SerializeToString(&migrated);
    result.second.SerializeToString(&report);
  }
  return py::make_tuple(py::bytes(migrated), py::bytes(report));
}

// --- Catalogs ----------------------------------------------------------------

std::vector<std::string> CatalogIds() {
  std::vector<std::string> ids;
  for (const v1::Catalog* catalog : CatalogSet::BuiltIn().catalogs()) {
    ids.push_back(catalog->id());
  }
  return ids;
}

py::bytes CatalogBytes(const std::string& catalog_id) {
  const v1::Catalog* catalog = CatalogSet::BuiltIn().FindCatalog(catalog_id);
  if (catalog == nullptr) {
    throw StatusError(absl::NotFoundError(absl::StrCat(
        "unknown catalog \"", catalog_id,
        "\" (built in: ", absl::StrJoin(CatalogIds(), ", "), ")")));
  }
  return ToBytes(*catalog);
}

py::object FindControlBytes(const std::string& ref) {
  const v1::CatalogControl* control = CatalogSet::BuiltIn().FindControl(ref);
  if (control == nullptr) return py::none();
  return ToBytes(*control);
}

std::vector<std::string> MapControl(const std::string& from_catalog,
                                    const std::string& control_id,
                                    const std::string& to_catalog) {
  return CatalogSet::BuiltIn().MapControl(from_catalog, control_id, to_catalog);
}

// --- The engine --------------------------------------------------------------

// A RiskEngine with the register it was compiled from. Every successful
// change is also written into that register, so that coverage, readiness and
// reports computed afterwards (they read the register) agree with the engine,
// and Python can save the changed register.
class Engine {
 public:
  Engine(v1::Register reg, const EngineOptions& options)
      : reg_(std::move(reg)),
        engine_(ValueOrThrow(RiskEngine::Create(reg_, options))) {}

  static std::unique_ptr<Engine> FromBytes(std::string_view register_bytes,
                                           const std::string& as_of,
                                           bool strict_cycles, int threads) {
    py::gil_scoped_release release;
    return std::make_unique<Engine>(
        ParseMessage<v1::Register>(register_bytes, "isms.v1.Register"),
        Options(as_of, strict_cycles, threads));
  }

  static std::unique_ptr<Engine> FromFile(const std::string& path,
                                          const std::string& as_of,
                                          bool strict_cycles, int threads,
                                          bool ignore_unknown_fields,
                                          const py::dict& limits) {
    const ReadOptions read = MakeReadOptions("", ignore_unknown_fields, limits);
    py::gil_scoped_release release;
    v1::Register reg = ValueOrThrow(LoadRegister(path, read));
    absl::StatusOr<std::unique_ptr<RiskEngine>> engine =
        RiskEngine::Create(reg, Options(as_of, strict_cycles, threads));
    if (!engine.ok()) {  // name the file, as `isms assess` does
      throw StatusError(
          absl::Status(engine.status().code(),
                       absl::StrCat(path, ": ", engine.status().message())));
    }
    return std::unique_ptr<Engine>(
        new Engine(std::move(reg), *std::move(engine)));
  }

  void Evaluate() {
    py::gil_scoped_release release;
    engine_->Evaluate();
  }
  void Recalculate() {
    py::gil_scoped_release release;
    engine_->Recalculate();
  }

  void SetControlStatus(const std::string& id, int status) {
    if (!v1::ControlStatus_IsValid(status)) {
      throw StatusError(absl::InvalidArgumentError(
          absl::StrCat("control status ", status, " is not a ControlStatus")));
    }
    ThrowIfError(
        engine_->SetControlStatus(id, static_cast<v1::ControlStatus>(status)));
    Control(id).set_status(static_cast<v1::ControlStatus>(status));
  }
  void SetControlImplementation(const std::string& id, double value) {
    ThrowIfError(engine_->SetControlImplementation(id, value));
    Control(id).set_implementation(value);
  }
  void SetControlEffectiveness(const std::string& id, double value) {
    ThrowIfError(engine_->SetControlEffectiveness(id, value));
    Control(id).set_effectiveness(value);
  }
  void SetAssetValue(const std::string& id, int dimension,
                     const std::string& level) {
    ThrowIfError(engine_->SetAssetValue(
        id, static_cast<v1::Dimension>(dimension), level));
    v1::AssetValue* value =
        Find(reg_.mutable_assets(), &asset_index_, id).mutable_value();
    switch (dimension) {
      case v1::DIMENSION_CONFIDENTIALITY:
        value->set_confidentiality(level);
        break;
      case v1::DIMENSION_INTEGRITY:
        value->set_integrity(level);
        break;
      case v1::DIMENSION_AVAILABILITY:
        value->set_availability(level);
        break;
      default:
        break;  // the engine refused it above
    }
  }
  void SetRiskLikelihood(const std::string& id, const std::string& level) {
    ThrowIfError(engine_->SetRiskLikelihood(id, level));
    Risk(id).set_likelihood(level);
  }
  void SetRiskImpact(const std::string& id, const std::string& level) {
    ThrowIfError(engine_->SetRiskImpact(id, level));
    Risk(id).set_impact(level);
  }
  void SetRiskMitigations(const std::string& id,
                          const std::vector<py::bytes>& mitigations) {
    std::vector<v1::Mitigation> parsed;
    parsed.reserve(mitigations.size());
    for (const py::bytes& m : mitigations) {
      parsed.push_back(ParseMessage<v1::Mitigation>(std::string_view(m),
                                                    "isms.v1.Mitigation"));
    }
    ThrowIfError(engine_->SetRiskMitigations(id, parsed));
    v1::Risk& risk = Risk(id);
    risk.clear_mitigations();
    for (v1::Mitigation& m : parsed) *risk.add_mitigations() = std::move(m);
  }

  // The level ids of the register's scales, lowest first.
  py::dict Scales() const {
    const v1::RiskMethod& method = reg_.risk_method();
    std::vector<std::string> likelihood, impact, risk;
    for (const v1::ScaleLevel& l : method.likelihood().levels()) {
      likelihood.push_back(l.id());
    }
    for (const v1::ScaleLevel& l : method.impact().levels()) {
      impact.push_back(l.id());
    }
    for (const v1::RiskLevel& l : method.risk_levels()) risk.push_back(l.id());
    py::dict scales;
    scales["likelihood"] = likelihood;
    scales["impact"] = impact;
    scales["risk"] = risk;
    return scales;
  }

  // Every per-risk array and aggregate of one view, copied: a result is a
  // snapshot that later changes to the engine do not alter.
  py::dict View(int view_index) const {
    const auto view = CheckedView(view_index);
    py::dict out;
    out["likelihood"] = ToArray(engine_->likelihood(view));
    out["impact"] = ToArray(engine_->impact(view));
    out["level"] = ToArray(engine_->level(view));
    if (view != RiskEngine::kInherent) {
      out["likelihood_reduction"] =
          ToArray(engine_->likelihood_reduction(view));
      out["impact_reduction"] = ToArray(engine_->impact_reduction(view));
    }
    py::array_t<int64_t> heatmap = ToArray(engine_->heatmap(view));
    out["heatmap"] = heatmap.reshape(
        {engine_->likelihood_levels(), engine_->impact_levels()});
    out["level_counts"] = ToArray(engine_->level_counts(view));
    out["exposure"] = engine_->exposure(view);
    return out;
  }

  py::array_t<uint8_t> Status() const { return ToArray(engine_->status()); }

  std::vector<std::string> RiskIds() const {
    std::vector<std::string> ids;
    ids.reserve(reg_.risks_size());
    for (const v1::Risk& risk : reg_.risks()) ids.push_back(risk.id());
    return ids;
  }

  std::vector<int> TopRisks(int n) const {
    py::gil_scoped_release release;
    return engine_->TopRisks(n);
  }

  // Accumulated values, shape (assets, 3): confidentiality, integrity,
  // availability as impact level indexes.
  py::array_t<uint8_t> AssetValues() const {
    const int assets = reg_.assets_size();
    py::array_t<uint8_t> out({assets, 3});
    auto cells = out.mutable_unchecked<2>();
    for (int a = 0; a < assets; ++a) {
      cells(a, 0) = static_cast<uint8_t>(
          engine_->accumulated_value(a, v1::DIMENSION_CONFIDENTIALITY));
      cells(a, 1) = static_cast<uint8_t>(
          engine_->accumulated_value(a, v1::DIMENSION_INTEGRITY));
      cells(a, 2) = static_cast<uint8_t>(
          engine_->accumulated_value(a, v1::DIMENSION_AVAILABILITY));
    }
    return out;
  }

  std::vector<py::bytes> Findings() const {
    std::vector<v1::Finding> findings;
    {
      py::gil_scoped_release release;
      findings = engine_->Findings();
    }
    return Serialized(findings);
  }

  std::vector<py::bytes> WhatIf() const {
    std::vector<v1::WhatIfEntry> entries;
    {
      py::gil_scoped_release release;
      entries = engine_->WhatIf();
    }
    return Serialized(entries);
  }

  // The assessment as `isms assess` computes it: with coverage when the
  // register's catalog is known.
  py::bytes Assessment(const AssessmentOptions& options, bool coverage,
                       const std::string& catalog) const {
    std::string out;
    {
      py::gil_scoped_release release;
      AssessmentProto(options, coverage, catalog).SerializeToString(&out);
    }
    return py::bytes(out);
  }

  std::string Report(const std::string& format, int top_n, bool whatif_only,
                     const std::string& catalog) const {
    const ReportFormat parsed = ValueOrThrow(ParseReportFormat(format));
    py::gil_scoped_release release;
    const v1::Assessment assessment = AssessmentProto(
        ReportAssessmentOptions(parsed, engine_->risk_count(), top_n),
        /*coverage=*/true, catalog);
    ReportOptions report;
    report.top_n = top_n;
    return whatif_only ? RenderWhatIf(reg_, assessment, parsed, report)
                       : RenderAssessment(reg_, assessment, parsed, report);
  }

  py::bytes Coverage(const std::string& catalog) const {
    std::string out;
    {
      py::gil_scoped_release release;
      ValueOrThrow(ComputeCoverage(reg_, *engine_, Compliance(catalog)))
          .SerializeToString(&out);
    }
    return py::bytes(out);
  }

  py::bytes Readiness(const std::string& catalog) const {
    std::string out;
    {
      py::gil_scoped_release release;
      ValueOrThrow(CheckReadiness(reg_, *engine_, Compliance(catalog)))
          .SerializeToString(&out);
    }
    return py::bytes(out);
  }

  py::bytes Soa(const std::string& catalog) const {
    std::string out;
    {
      py::gil_scoped_release release;
      ValueOrThrow(BuildSoa(reg_, Compliance(catalog))).SerializeToString(&out);
    }
    return py::bytes(out);
  }

  // The loss simulation of isms/quant.h: (QuantAssessment bytes, inherent,
  // current, target), the last three the portfolio's annual losses per
  // simulated year as float64 arrays.
  py::tuple SimulateLosses(int64_t years, uint64_t seed, int threads,
                           bool per_risk, int curve_points) const {
    QuantOptions options;
    options.years = years;
    options.seed = seed;
    options.threads = threads;
    options.per_risk = per_risk;
    options.curve_points = curve_points;
    SimulatedLosses losses;
    std::string summary;
    {
      py::gil_scoped_release release;
      losses = ValueOrThrow(SimulateAnnualLosses(reg_, *engine_, options));
      losses.summary.SerializeToString(&summary);
    }
    return py::make_tuple(py::bytes(summary),
                          MoveToArray(std::move(losses.inherent)),
                          MoveToArray(std::move(losses.current)),
                          MoveToArray(std::move(losses.target)));
  }

  py::bytes RegisterBytes() const { return ToBytes(reg_); }
  const std::string& as_of() const { return engine_->as_of(); }
  int64_t last_recomputed() const { return engine_->last_recomputed(); }

 private:
  Engine(v1::Register reg, std::unique_ptr<RiskEngine> engine)
      : reg_(std::move(reg)), engine_(std::move(engine)) {}

  static EngineOptions Options(const std::string& as_of, bool strict_cycles,
                               int threads) {
    EngineOptions options;
    options.as_of = as_of;
    options.strict_cycles = strict_cycles;
    options.threads = threads;
    return options;
  }

  static RiskEngine::View CheckedView(int view) {
    if (view < RiskEngine::kInherent || view > RiskEngine::kTarget) {
      throw StatusError(absl::InvalidArgumentError(
          absl::StrCat("view ", view,
                       " is not 0 (inherent), 1 (current) or "
                       "2 (target)")));
    }
    return static_cast<RiskEngine::View>(view);
  }

  ComplianceOptions Compliance(const std::string& catalog) const {
    return MakeComplianceOptions(engine_->as_of(), catalog);
  }

  v1::Assessment AssessmentProto(const AssessmentOptions& options,
                                 bool coverage,
                                 const std::string& catalog) const {
    if (!coverage) return engine_->ToProto(options);
    return AssessWithCoverage(reg_, *engine_, options, Compliance(catalog));
  }

  template <typename Message>
  static std::vector<py::bytes> Serialized(const std::vector<Message>& all) {
    std::vector<py::bytes> out;
    out.reserve(all.size());
    for (const Message& m : all)
      out.push_back(py::bytes(m.SerializeAsString()));
    return out;
  }

  // The register's element with this id; the engine has accepted the id, so
  // it exists. The index is built on first use.
  template <typename T>
  static T& Find(google::protobuf::RepeatedPtrField<T>* items,
                 absl::flat_hash_map<std::string, int>* index,
                 const std::string& id) {
    if (index->empty()) {
      for (int i = 0; i < items->size(); ++i)
        index->emplace(items->Get(i).id(), i);
    }
    return *items->Mutable(index->at(id));
  }
  v1::Control& Control(const std::string& id) {
    return Find(reg_.mutable_controls(), &control_index_, id);
  }
  v1::Risk& Risk(const std::string& id) {
    return Find(reg_.mutable_risks(), &risk_index_, id);
  }

  v1::Register reg_;
  std::unique_ptr<RiskEngine> engine_;
  absl::flat_hash_map<std::string, int> control_index_;
  absl::flat_hash_map<std::string, int> asset_index_;
  absl::flat_hash_map<std::string, int> risk_index_;
};

}  // namespace
}  // namespace python
}  // namespace isms

PYBIND11_MODULE(_isms, m) {
  using namespace isms;          // NOLINT: the module is a list of bindings
  using namespace isms::python;  // NOLINT
  m.doc() =
      "C++ core of the isms package; use the functions and classes of "
      "`isms` instead.";

  // A failed absl::Status raises isms._errors.error_for_status(code, msg).
  py::register_exception_translator([](std::exception_ptr thrown) {
    try {
      if (thrown) std::rethrow_exception(thrown);
    } catch (const StatusError& e) {
      // The message may quote input that is not UTF-8 (a file name, a JSON
      // token): decode it leniently so that the isms.Error is raised, not a
      // UnicodeDecodeError.
      const absl::string_view text = e.status().message();
      PyObject* decoded = PyUnicode_DecodeUTF8(
          text.data(), static_cast<Py_ssize_t>(text.size()),
          "backslashreplace");
      if (decoded == nullptr) throw py::error_already_set();
      py::object error = py::module_::import("isms._errors")
                             .attr("error_for_status")(
                                 static_cast<int>(e.status().code()),
                                 py::reinterpret_steal<py::str>(decoded));
      PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(error.ptr())),
                      error.ptr());
    }
  });

  m.def("version", [] { return std::string(Version()); });

  m.def("load_register", &LoadRegisterBytes, py::arg("path"),
        py::arg("format") = "", py::arg("ignore_unknown_fields") = false,
        py::arg("limits") = py::dict());
  m.def("parse_register", &ParseRegisterBytes, py::arg("data"),
        py::arg("format"), py::arg("ignore_unknown_fields") = false,
        py::arg("source_name") = "<bytes>", py::arg("limits") = py::dict());
  m.def("default_read_limits", &DefaultReadLimits);
  m.def("serialize_register", &SerializeRegisterBytes, py::arg("register"),
        py::arg("format"), py::arg("pretty") = true);
  m.def("save_register", &SaveRegisterBytes, py::arg("register"),
        py::arg("path"), py::arg("format") = "", py::arg("pretty") = true);
  m.def("validate", &ValidateBytes, py::arg("register"),
        py::arg("strict_cycles") = false, py::arg("max_diagnostics") = 10000);
  m.def("format_diagnostic", &FormatDiagnosticBytes, py::arg("diagnostic"),
        py::arg("source_name") = "");
  m.def("soa", &SoaBytes, py::arg("register"), py::arg("as_of") = "",
        py::arg("catalog") = "");
  m.def("render_soa", &RenderSoaBytes, py::arg("soa"), py::arg("format"));
  m.def("render_readiness", &RenderReadinessBytes, py::arg("readiness"),
        py::arg("format"));
  m.def("traceability_csv", &TraceabilityBytes, py::arg("register"));
  m.def("migrate", &MigrateBytes, py::arg("register"), py::arg("to_catalog"));

  m.def("catalog_ids", &CatalogIds);
  m.def("catalog", &CatalogBytes, py::arg("catalog_id"));
  m.def("find_control", &FindControlBytes, py::arg("ref"));
  m.def("map_control", &MapControl, py::arg("from_catalog"),
        py::arg("control_id"), py::arg("to_catalog"));

  py::class_<AssessmentOptions>(m, "AssessmentOptions")
      .def(py::init<>())
      .def_readwrite("risks", &AssessmentOptions::risks)
      .def_readwrite("top_n", &AssessmentOptions::top_n)
      .def_readwrite("exposure_groups", &AssessmentOptions::exposure_groups)
      .def_readwrite("findings", &AssessmentOptions::findings)
      .def_readwrite("whatif", &AssessmentOptions::whatif)
      .def_readwrite("asset_values", &AssessmentOptions::asset_values);

  py::class_<Engine>(m, "_Engine")
      .def_static("from_bytes", &Engine::FromBytes, py::arg("register"),
                  py::arg("as_of"), py::arg("strict_cycles"),
                  py::arg("threads"))
      .def_static("from_file", &Engine::FromFile, py::arg("path"),
                  py::arg("as_of"), py::arg("strict_cycles"),
                  py::arg("threads"), py::arg("ignore_unknown_fields") = false,
                  py::arg("limits") = py::dict())
      .def("evaluate", &Engine::Evaluate)
      .def("recalculate", &Engine::Recalculate)
      .def("set_control_status", &Engine::SetControlStatus)
      .def("set_control_implementation", &Engine::SetControlImplementation)
      .def("set_control_effectiveness", &Engine::SetControlEffectiveness)
      .def("set_asset_value", &Engine::SetAssetValue)
      .def("set_risk_likelihood", &Engine::SetRiskLikelihood)
      .def("set_risk_impact", &Engine::SetRiskImpact)
      .def("set_risk_mitigations", &Engine::SetRiskMitigations)
      .def("scales", &Engine::Scales)
      .def("view", &Engine::View)
      .def("status", &Engine::Status)
      .def("risk_ids", &Engine::RiskIds)
      .def("top_risks", &Engine::TopRisks)
      .def("asset_values", &Engine::AssetValues)
      .def("findings", &Engine::Findings)
      .def("whatif", &Engine::WhatIf)
      .def("assessment", &Engine::Assessment)
      .def("report", &Engine::Report)
      .def("coverage", &Engine::Coverage)
      .def("readiness", &Engine::Readiness)
      .def("soa", &Engine::Soa)
      .def("simulate_losses", &Engine::SimulateLosses, py::arg("years"),
           py::arg("seed"), py::arg("threads"), py::arg("per_risk"),
           py::arg("curve_points"))
      .def("register", &Engine::RegisterBytes)
      .def("as_of", &Engine::as_of)
      .def("last_recomputed", &Engine::last_recomputed);
}
