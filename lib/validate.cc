#include "isms/validate.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "boost/graph/adjacency_list.hpp"
#include "boost/graph/strong_components.hpp"
#include "isms/version.h"
#include "lib/date.h"
#include "lib/diagnostic_codes.h"
#include "lib/engine_limits.h"
#include "lib/model/ids.h"
#include "lib/quant_rules.h"

namespace isms {
namespace {

enum class Code {
#define ISMS_CODE_ENUM(code, severity, meaning) code,
  ISMS_DIAGNOSTIC_CODES(ISMS_CODE_ENUM)
#undef ISMS_CODE_ENUM
};

using IdIndex = absl::flat_hash_map<absl::string_view, int>;

std::string Quote(absl::string_view s) { return absl::StrCat("\"", s, "\""); }

class Validator {
 public:
  Validator(const v1::Register& reg, const ValidateOptions& options)
      : reg_(reg),
        options_(options),
        catalogs_(options.catalogs != nullptr ? *options.catalogs
                                              : CatalogSet::BuiltIn()),
        default_catalog_(reg.risk_method().catalog().empty()
                             ? std::string(kDefaultCatalog)
                             : reg.risk_method().catalog()) {}

  v1::ValidationReport Run() {
    CheckSchemaVersion();
    CheckMethod();
    Index(reg_.assets(), "assets", &assets_);
    Index(reg_.threats(), "threats", &threats_);
    Index(reg_.vulnerabilities(), "vulnerabilities", &vulnerabilities_);
    Index(reg_.controls(), "controls", &controls_);
    Index(reg_.risks(), "risks", &risks_);
    Index(reg_.documents(), "documents", &documents_);
    Index(reg_.audits(), "audits", &audits_);
    Index(reg_.nonconformities(), "nonconformities", &unused_);
    Index(reg_.incidents(), "incidents", &unused_);
    Index(reg_.suppliers(), "suppliers", &unused_);
    Index(reg_.objectives(), "objectives", &unused_);
    Index(reg_.management_reviews(), "management_reviews", &unused_);
    Index(reg_.interested_parties(), "interested_parties", &unused_);
    Index(reg_.people(), "people", &unused_);
    CheckAssets();
    CheckCycles();
    CheckThreats();
    CheckVulnerabilities();
    CheckControls();
    CheckRisks();
    CheckSoa();
    CheckRecords();
    return std::move(report_);
  }

 private:
  void Add(Code code, std::string path, std::string message,
           v1::Severity severity = v1::SEVERITY_UNSPECIFIED) {
    const DiagnosticCodeInfo& info = DiagnosticCodes()[static_cast<int>(code)];
    if (severity == v1::SEVERITY_UNSPECIFIED) severity = info.severity;
    if (severity == v1::SEVERITY_ERROR) {
      report_.set_error_count(report_.error_count() + 1);
    } else if (severity == v1::SEVERITY_WARNING) {
      report_.set_warning_count(report_.warning_count() + 1);
    }
    if (report_.diagnostics_size() >= options_.max_diagnostics) return;
    v1::Diagnostic* d = report_.add_diagnostics();
    d->set_severity(severity);
    d->set_code(info.code);
    d->set_path(std::move(path));
    d->set_message(std::move(message));
  }

  // model::CheckId as diagnostics: EMPTY_ID or BAD_ID at `path` ("`what`
  // has no id"). True when the id can be indexed.
  bool IdUsable(const std::string& id, std::string path,
                absl::string_view what) {
    const model::IdFault fault = model::CheckId(id);
    if (fault == model::IdFault::kNone) return true;
    if (fault == model::IdFault::kEmpty) {
      Add(Code::EMPTY_ID, std::move(path), absl::StrCat(what, " has no id"));
    } else {
      Add(Code::BAD_ID, std::move(path), model::DescribeIdFault(fault, id));
    }
    return false;
  }

  // Indexes objects by id; reports empty, malformed and duplicate ids.
  template <typename T>
  void Index(const google::protobuf::RepeatedPtrField<T>& items,
             absl::string_view field, IdIndex* index) {
    index->clear();
    index->reserve(items.size());
    for (int i = 0; i < items.size(); ++i) {
      const std::string& id = items[i].id();
      if (!IdUsable(id, absl::StrCat(field, "[", i, "].id"),
                    absl::StrCat("an entry of ", field))) {
        continue;
      }
      auto [it, inserted] = index->emplace(id, i);
      if (!inserted) {
        Add(Code::DUPLICATE_ID, absl::StrCat(field, "[", i, "].id"),
            absl::StrCat("duplicate id ", Quote(id), " (first at ", field, "[",
                         it->second, "])"));
      }
    }
  }

  void IndexScale(const v1::Scale& scale, absl::string_view path,
                  IdIndex* index) {
    for (int i = 0; i < scale.levels_size(); ++i) {
      const v1::ScaleLevel& level = scale.levels(i);
      std::string here = absl::StrCat(path, ".levels[", i, "]");
      if (!IdUsable(level.id(), here + ".id", "a scale level")) continue;
      auto [it, inserted] = index->emplace(level.id(), i);
      if (!inserted) {
        Add(Code::DUPLICATE_ID, here + ".id",
            absl::StrCat("duplicate level id ", Quote(level.id()),
                         " (first at levels[", it->second, "])"));
      }
      if (level.has_lower() && level.has_upper() &&
          !(level.lower() <= level.upper())) {
        Add(Code::OUT_OF_RANGE, here,
            absl::StrCat("lower anchor ", level.lower(),
                         " is above upper anchor ", level.upper()));
      }
    }
  }

  // TOO_MANY when a list holds more than the risk engine takes.
  void CheckLimit(int count, int limit, std::string path,
                  absl::string_view what) {
    if (count <= limit) return;
    Add(Code::TOO_MANY, std::move(path),
        absl::StrCat(count, " ", what, "; at most ", limit));
  }

  void CheckSchemaVersion() {
    const std::string& v = reg_.schema_version();
    if (!v.empty() && v != ISMS_SCHEMA_VERSION) {
      Add(Code::SCHEMA_VERSION, "schema_version",
          absl::StrCat("schema version ", Quote(v), " is not ",
                       Quote(ISMS_SCHEMA_VERSION),
                       "; fields this version does not know are kept but "
                       "ignored"));
    }
  }

  void CheckMethod() {
    const v1::RiskMethod& m = reg_.risk_method();
    if (!m.catalog().empty() && catalogs_.FindCatalog(m.catalog()) == nullptr) {
      Add(Code::UNKNOWN_CATALOG, "risk_method.catalog",
          absl::StrCat("unknown catalog ", Quote(m.catalog())));
    }
    CheckLimit(m.likelihood().levels_size(), internal::kMaxScaleLevels,
               "risk_method.likelihood.levels", "levels");
    CheckLimit(m.impact().levels_size(), internal::kMaxScaleLevels,
               "risk_method.impact.levels", "levels");
    CheckLimit(m.risk_levels_size(), internal::kMaxScaleLevels,
               "risk_method.risk_levels", "risk levels");
    IndexScale(m.likelihood(), "risk_method.likelihood", &likelihood_);
    IndexScale(m.impact(), "risk_method.impact", &impact_);
    for (int i = 0; i < m.risk_levels_size(); ++i) {
      const v1::RiskLevel& level = m.risk_levels(i);
      std::string here = absl::StrCat("risk_method.risk_levels[", i, "]");
      if (!IdUsable(level.id(), here + ".id", "a risk level")) continue;
      auto [it, inserted] = risk_levels_.emplace(level.id(), i);
      if (!inserted) {
        Add(Code::DUPLICATE_ID, here + ".id",
            absl::StrCat("duplicate risk level id ", Quote(level.id()),
                         " (first at risk_levels[", it->second, "])"));
      }
      if (level.has_weight() && !(level.weight() >= 0)) {
        Add(Code::OUT_OF_RANGE, here + ".weight",
            absl::StrCat("weight ", level.weight(),
                         " is not a non-negative number"));
      }
    }
    if (!reg_.risks().empty()) {
      if (m.likelihood().levels().empty()) {
        Add(Code::SCALE_EMPTY, "risk_method.likelihood",
            "the likelihood scale has no levels");
      }
      if (m.impact().levels().empty()) {
        Add(Code::SCALE_EMPTY, "risk_method.impact",
            "the impact scale has no levels");
      }
      if (m.risk_levels().empty()) {
        Add(Code::SCALE_EMPTY, "risk_method.risk_levels",
            "there are no risk levels");
      }
    }
    const int rows = m.likelihood().levels_size();
    const int cols = m.impact().levels_size();
    // 64 bits: two oversized scales (TOO_MANY) must not overflow the product.
    const int64_t cells = int64_t{rows} * cols;
    if (m.grid_size() != cells) {
      if (cells > 0 || m.grid_size() > 0) {
        Add(Code::GRID_SHAPE, "risk_method.grid",
            absl::StrCat("the grid has ", m.grid_size(), " cells; ", rows,
                         " likelihood x ", cols, " impact levels need ",
                         cells));
      }
    }
    std::vector<int> cell(m.grid_size(), -1);
    for (int i = 0; i < m.grid_size(); ++i) {
      auto it = risk_levels_.find(m.grid(i));
      if (it == risk_levels_.end()) {
        Add(Code::UNKNOWN_LEVEL, absl::StrCat("risk_method.grid[", i, "]"),
            absl::StrCat("unknown risk level ", Quote(m.grid(i))));
      } else {
        cell[i] = it->second;
      }
    }
    if (m.grid_size() != cells) return;
    // A matrix should never rate a worse likelihood or impact lower.
    for (int l = 0; l < rows; ++l) {
      for (int i = 0; i < cols; ++i) {
        int here = cell[l * cols + i];
        if (here < 0) continue;
        if (i + 1 < cols && cell[l * cols + i + 1] >= 0 &&
            cell[l * cols + i + 1] < here) {
          Add(Code::GRID_DECREASING,
              absl::StrCat("risk_method.grid[", l * cols + i + 1, "]"),
              absl::StrCat("impact ", Quote(m.impact().levels(i + 1).id()),
                           " rates lower than ",
                           Quote(m.impact().levels(i).id()), " at likelihood ",
                           Quote(m.likelihood().levels(l).id())));
        }
        if (l + 1 < rows && cell[(l + 1) * cols + i] >= 0 &&
            cell[(l + 1) * cols + i] < here) {
          Add(Code::GRID_DECREASING,
              absl::StrCat("risk_method.grid[", (l + 1) * cols + i, "]"),
              absl::StrCat(
                  "likelihood ", Quote(m.likelihood().levels(l + 1).id()),
                  " rates lower than ", Quote(m.likelihood().levels(l).id()),
                  " at impact ", Quote(m.impact().levels(i).id())));
        }
      }
    }
  }

  void CheckLevel(const IdIndex& scale, absl::string_view scale_name,
                  const std::string& id, const std::string& path) {
    if (id.empty() || scale.contains(id)) return;
    Add(Code::UNKNOWN_LEVEL, path,
        absl::StrCat("unknown ", scale_name, " level ", Quote(id)));
  }

  void CheckRef(const IdIndex& index, Code code, absl::string_view kind,
                const std::string& id, const std::string& path) {
    if (index.contains(id)) return;
    Add(code, path,
        id.empty() ? absl::StrCat("no ", kind, " named")
                   : absl::StrCat("unknown ", kind, " ", Quote(id)));
  }

  void CheckUnit(double value, bool present, const std::string& path,
                 absl::string_view what) {
    if (present && !(value >= 0.0 && value <= 1.0)) {
      Add(Code::OUT_OF_RANGE, path,
          absl::StrCat(what, " ", value, " is outside 0..1"));
    }
  }

  void CheckDate(const std::string& date, const std::string& path) {
    if (date.empty() || internal::ParseDate(date).ok()) return;
    Add(Code::BAD_DATE, path,
        absl::StrCat("bad date ", Quote(date), " (expected YYYY-MM-DD)"));
  }

  // Both dates set and valid, and `later` before `earlier`.
  void CheckOrder(const std::string& earlier, const std::string& later,
                  const std::string& path, absl::string_view what) {
    auto a = internal::ParseDate(earlier);
    auto b = internal::ParseDate(later);
    if (a.ok() && b.ok() && *b < *a) {
      Add(Code::DATE_ORDER, path,
          absl::StrCat(what, " (", later, " is before ", earlier, ")"));
    }
  }

  template <typename E>
  void CheckDimensions(const google::protobuf::RepeatedField<E>& dims,
                       const std::string& path) {
    for (int i = 0; i < dims.size(); ++i) {
      if (dims[i] < v1::DIMENSION_CONFIDENTIALITY ||
          dims[i] > v1::DIMENSION_AVAILABILITY) {
        Add(Code::INVALID_ENUM, absl::StrCat(path, "[", i, "]"),
            absl::StrCat("dimension value ", static_cast<int>(dims[i]),
                         " is not confidentiality, integrity or "
                         "availability"));
      }
    }
  }

  template <typename Enum>
  void CheckEnum(int value, bool (*is_valid)(int), const std::string& path,
                 absl::string_view name) {
    if (!is_valid(value)) {
      Add(Code::INVALID_ENUM, path,
          absl::StrCat("unknown ", name, " value ", value));
    }
  }

  void CheckAssets() {
    for (int a = 0; a < reg_.assets_size(); ++a) {
      const v1::Asset& asset = reg_.assets(a);
      std::string here = absl::StrCat("assets[", a, "]");
      CheckEnum<v1::AssetType>(asset.type(), v1::AssetType_IsValid,
                               here + ".type", "asset type");
      CheckLevel(impact_, "impact", asset.value().confidentiality(),
                 here + ".value.confidentiality");
      CheckLevel(impact_, "impact", asset.value().integrity(),
                 here + ".value.integrity");
      CheckLevel(impact_, "impact", asset.value().availability(),
                 here + ".value.availability");
      for (int d = 0; d < asset.depends_on_size(); ++d) {
        const v1::Dependency& dep = asset.depends_on(d);
        std::string dep_path = absl::StrCat(here, ".depends_on[", d, "]");
        CheckRef(assets_, Code::UNKNOWN_ASSET, "asset", dep.asset_id(),
                 dep_path + ".asset_id");
        CheckUnit(dep.degree(), dep.has_degree(), dep_path + ".degree",
                  "degree");
        CheckDimensions(dep.dimensions(), dep_path + ".dimensions");
      }
    }
  }

  // Strongly connected components of the dependency graph; every component
  // of more than one asset, or an asset that depends on itself, is a cycle.
  void CheckCycles() {
    using Graph =
        boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
    const int n = reg_.assets_size();
    Graph graph(n);
    std::vector<bool> self_loop(n, false);
    for (int a = 0; a < n; ++a) {
      for (const v1::Dependency& dep : reg_.assets(a).depends_on()) {
        auto it = assets_.find(dep.asset_id());
        if (it == assets_.end()) continue;
        if (it->second == a) self_loop[a] = true;
        boost::add_edge(a, it->second, graph);
      }
    }
    std::vector<int> component(n);
    const int count =
        n == 0 ? 0
               : boost::strong_components(
                     graph, boost::make_iterator_property_map(
                                component.begin(),
                                boost::get(boost::vertex_index, graph)));
    std::vector<std::vector<int>> members(count);
    for (int a = 0; a < n; ++a) members[component[a]].push_back(a);
    std::vector<std::vector<int>> cycles;
    for (auto& m : members) {
      if (m.size() > 1 || (m.size() == 1 && self_loop[m[0]])) {
        cycles.push_back(std::move(m));
      }
    }
    // Report in asset order so the output is stable.
    std::sort(cycles.begin(), cycles.end());
    for (const auto& cycle : cycles) {
      std::vector<std::string> ids;
      for (int a : cycle) ids.push_back(reg_.assets(a).id());
      Add(Code::DEPENDENCY_CYCLE, absl::StrCat("assets[", cycle[0], "]"),
          absl::StrCat("dependency cycle among ", cycle.size(), " asset",
                       cycle.size() == 1 ? "" : "s", ": ",
                       absl::StrJoin(ids, ", ")),
          options_.strict_cycles ? v1::SEVERITY_ERROR
                                 : v1::SEVERITY_UNSPECIFIED);
    }
  }

  void CheckThreats() {
    for (int t = 0; t < reg_.threats_size(); ++t) {
      const v1::Threat& threat = reg_.threats(t);
      std::string here = absl::StrCat("threats[", t, "]");
      CheckEnum<v1::ThreatCategory>(threat.category(),
                                    v1::ThreatCategory_IsValid,
                                    here + ".category", "threat category");
      CheckDimensions(threat.dimensions(), here + ".dimensions");
      CheckLevel(likelihood_, "likelihood", threat.likelihood(),
                 here + ".likelihood");
    }
  }

  void CheckVulnerabilities() {
    for (int v = 0; v < reg_.vulnerabilities_size(); ++v) {
      CheckLevel(impact_, "impact", reg_.vulnerabilities(v).severity(),
                 absl::StrCat("vulnerabilities[", v, "].severity"));
    }
  }

  // A catalog reference of an applied control.
  void CheckCatalogRef(const std::string& ref, const std::string& path) {
    absl::StatusOr<ControlRef> parsed = ParseControlRef(ref, default_catalog_);
    if (!parsed.ok()) {
      Add(Code::BAD_CONTROL_REF, path, std::string(parsed.status().message()));
      return;
    }
    if (catalogs_.FindCatalog(parsed->catalog) == nullptr) {
      Add(Code::UNKNOWN_CATALOG, path,
          absl::StrCat("unknown catalog ", Quote(parsed->catalog), " in ",
                       Quote(ref)));
    } else if (catalogs_.FindControlInCatalog(parsed->catalog,
                                              parsed->control_id) == nullptr) {
      Add(Code::UNKNOWN_CATALOG_CONTROL, path,
          absl::StrCat("catalog ", parsed->catalog, " has no control ",
                       Quote(parsed->control_id)));
    }
  }

  void CheckControls() {
    for (int c = 0; c < reg_.controls_size(); ++c) {
      const v1::Control& control = reg_.controls(c);
      std::string here = absl::StrCat("controls[", c, "]");
      for (int r = 0; r < control.catalog_refs_size(); ++r) {
        CheckCatalogRef(control.catalog_refs(r),
                        absl::StrCat(here, ".catalog_refs[", r, "]"));
      }
      CheckEnum<v1::ControlStatus>(control.status(), v1::ControlStatus_IsValid,
                                   here + ".status", "control status");
      CheckEnum<v1::ControlType>(control.type(), v1::ControlType_IsValid,
                                 here + ".type", "control type");
      CheckUnit(control.implementation(), control.has_implementation(),
                here + ".implementation", "implementation");
      CheckUnit(control.effectiveness(), control.has_effectiveness(),
                here + ".effectiveness", "effectiveness");
      if (control.has_annual_cost() && !(control.annual_cost() >= 0)) {
        Add(Code::OUT_OF_RANGE, here + ".annual_cost",
            absl::StrCat("annual cost ", control.annual_cost(),
                         " is negative"));
      }
      CheckDate(control.due_date(), here + ".due_date");
      CheckDate(control.last_tested(), here + ".last_tested");
    }
  }

  void CheckQuant(const v1::Risk& risk, const std::string& here) {
    if (!risk.has_quant()) return;
    internal::CheckQuantParameters(
        risk.quant(), here + ".quant",
        [this](std::string path, std::string message) {
          Add(Code::QUANT_INVALID, std::move(path), std::move(message));
        });
  }

  void CheckRisks() {
    for (int r = 0; r < reg_.risks_size(); ++r) {
      const v1::Risk& risk = reg_.risks(r);
      std::string here = absl::StrCat("risks[", r, "]");
      if (risk.asset_ids().empty()) {
        Add(Code::RISK_NO_ASSET, here + ".asset_ids",
            "the risk scenario names no asset");
      }
      for (int a = 0; a < risk.asset_ids_size(); ++a) {
        CheckRef(assets_, Code::UNKNOWN_ASSET, "asset", risk.asset_ids(a),
                 absl::StrCat(here, ".asset_ids[", a, "]"));
      }
      const v1::Threat* threat = nullptr;
      if (!risk.threat_id().empty()) {
        CheckRef(threats_, Code::UNKNOWN_THREAT, "threat", risk.threat_id(),
                 here + ".threat_id");
        auto it = threats_.find(risk.threat_id());
        if (it != threats_.end()) threat = &reg_.threats(it->second);
      }
      for (int v = 0; v < risk.vulnerability_ids_size(); ++v) {
        CheckRef(vulnerabilities_, Code::UNKNOWN_VULNERABILITY, "vulnerability",
                 risk.vulnerability_ids(v),
                 absl::StrCat(here, ".vulnerability_ids[", v, "]"));
      }
      CheckDimensions(risk.dimensions(), here + ".dimensions");
      CheckLevel(likelihood_, "likelihood", risk.likelihood(),
                 here + ".likelihood");
      CheckLevel(impact_, "impact", risk.impact(), here + ".impact");
      const bool threat_unknown =
          !risk.threat_id().empty() && threat == nullptr;
      if (risk.likelihood().empty() && !threat_unknown &&
          (threat == nullptr || threat->likelihood().empty())) {
        Add(Code::NO_LIKELIHOOD, here + ".likelihood",
            threat == nullptr
                ? "the risk has no likelihood and no threat to take one from"
                : absl::StrCat("neither the risk nor its threat ",
                               Quote(threat->id()), " gives a likelihood"));
      }
      CheckLimit(risk.mitigations_size(), internal::kMaxMitigationsPerRisk,
                 here + ".mitigations", "mitigations");
      absl::flat_hash_set<absl::string_view> seen;
      for (int m = 0; m < risk.mitigations_size(); ++m) {
        const v1::Mitigation& mit = risk.mitigations(m);
        std::string mp = absl::StrCat(here, ".mitigations[", m, "]");
        CheckRef(controls_, Code::UNKNOWN_CONTROL, "control", mit.control_id(),
                 mp + ".control_id");
        CheckEnum<v1::Reduces>(mit.reduces(), v1::Reduces_IsValid,
                               mp + ".reduces", "reduces");
        CheckUnit(mit.strength(), mit.has_strength(), mp + ".strength",
                  "strength");
        if (!mit.control_id().empty() &&
            !seen.insert(mit.control_id()).second) {
          Add(Code::DUPLICATE_MITIGATION, mp + ".control_id",
              absl::StrCat("control ", Quote(mit.control_id()),
                           " is listed twice"));
        }
      }
      CheckEnum<v1::TreatmentOption>(
          risk.treatment().option(), v1::TreatmentOption_IsValid,
          here + ".treatment.option", "treatment option");
      CheckDate(risk.treatment().due_date(), here + ".treatment.due_date");
      CheckDate(risk.acceptance().date(), here + ".acceptance.date");
      CheckDate(risk.acceptance().expires(), here + ".acceptance.expires");
      CheckOrder(risk.acceptance().date(), risk.acceptance().expires(),
                 here + ".acceptance.expires",
                 "the acceptance expires before it was given");
      CheckDate(risk.assessed_on(), here + ".assessed_on");
      CheckLevel(likelihood_, "likelihood",
                 risk.residual_override().likelihood(),
                 here + ".residual_override.likelihood");
      CheckLevel(impact_, "impact", risk.residual_override().impact(),
                 here + ".residual_override.impact");
      CheckQuant(risk, here);
    }
  }

  void CheckSoa() {
    const v1::StatementOfApplicability& soa = reg_.soa();
    const std::string catalog_id =
        soa.catalog().empty() ? default_catalog_ : soa.catalog();
    CheckDate(soa.approved_on(), "soa.approved_on");
    const v1::Catalog* catalog = catalogs_.FindCatalog(catalog_id);
    // An unknown register catalog is reported once, at risk_method.catalog.
    if (soa.entries().empty() && soa.catalog().empty()) return;
    if (catalog == nullptr) {
      Add(Code::UNKNOWN_CATALOG, "soa.catalog",
          absl::StrCat("unknown catalog ", Quote(catalog_id)));
      return;
    }
    absl::flat_hash_map<std::string, int> rows;
    for (int e = 0; e < soa.entries_size(); ++e) {
      const v1::SoaEntry& entry = soa.entries(e);
      std::string here = absl::StrCat("soa.entries[", e, "]");
      const v1::CatalogControl* control =
          catalogs_.FindControlInCatalog(catalog_id, entry.control_ref());
      if (control == nullptr) {
        Add(Code::SOA_UNKNOWN_CONTROL, here + ".control_ref",
            absl::StrCat("catalog ", catalog_id, " has no control ",
                         Quote(entry.control_ref())));
        continue;
      }
      auto [it, inserted] = rows.emplace(control->id(), e);
      if (!inserted) {
        Add(Code::SOA_DUPLICATE, here + ".control_ref",
            absl::StrCat("control ", control->id(),
                         " already has a row at soa.entries[", it->second,
                         "]"));
        continue;
      }
      if (!entry.has_applicable()) {
        Add(Code::SOA_UNDECIDED, here + ".applicable",
            absl::StrCat("no applicability decision for ", control->id(), " ",
                         control->title()));
      } else if (!entry.applicable() &&
                 entry.exclusion_justification().empty()) {
        Add(Code::SOA_EXCLUSION_UNJUSTIFIED, here + ".exclusion_justification",
            absl::StrCat(control->id(), " ", control->title(),
                         " is excluded without a justification"));
      } else if (entry.applicable() && entry.reasons().empty()) {
        Add(Code::SOA_NO_REASON, here + ".reasons",
            absl::StrCat(control->id(), " ", control->title(),
                         " is applicable but gives no reason"));
      }
      for (int r = 0; r < entry.reasons_size(); ++r) {
        CheckEnum<v1::SoaReason>(entry.reasons(r), v1::SoaReason_IsValid,
                                 absl::StrCat(here, ".reasons[", r, "]"),
                                 "SoA reason");
      }
    }
    std::vector<std::string> missing;
    for (const v1::CatalogControl& c : catalog->controls()) {
      if (!rows.contains(c.id())) missing.push_back(c.id());
    }
    if (!missing.empty()) {
      const size_t shown = std::min<size_t>(missing.size(), 10);
      Add(Code::SOA_INCOMPLETE, "soa.entries",
          absl::StrCat(
              missing.size(), " of ", catalog->controls_size(), " controls of ",
              catalog_id, " have no row: ",
              absl::StrJoin(missing.begin(), missing.begin() + shown, ", "),
              missing.size() > shown ? ", ..." : ""));
    }
  }

  void CheckRecords() {
    for (int d = 0; d < reg_.documents_size(); ++d) {
      const v1::Document& doc = reg_.documents(d);
      std::string here = absl::StrCat("documents[", d, "]");
      CheckEnum<v1::DocumentKind>(doc.kind(), v1::DocumentKind_IsValid,
                                  here + ".kind", "document kind");
      CheckDate(doc.approved_on(), here + ".approved_on");
      CheckDate(doc.next_review(), here + ".next_review");
      CheckOrder(doc.approved_on(), doc.next_review(), here + ".next_review",
                 "the next review is before the approval");
    }
    for (int a = 0; a < reg_.audits_size(); ++a) {
      CheckDate(reg_.audits(a).date(), absl::StrCat("audits[", a, "].date"));
    }
    for (int n = 0; n < reg_.nonconformities_size(); ++n) {
      const v1::Nonconformity& nc = reg_.nonconformities(n);
      std::string here = absl::StrCat("nonconformities[", n, "]");
      if (!nc.audit_id().empty()) {
        CheckRef(audits_, Code::UNKNOWN_AUDIT, "audit", nc.audit_id(),
                 here + ".audit_id");
      }
      CheckDate(nc.raised_on(), here + ".raised_on");
      const v1::CorrectiveAction& ca = nc.corrective_action();
      CheckDate(ca.due_date(), here + ".corrective_action.due_date");
      CheckDate(ca.closed_on(), here + ".corrective_action.closed_on");
      CheckOrder(nc.raised_on(), ca.closed_on(),
                 here + ".corrective_action.closed_on",
                 "the corrective action was closed before the nonconformity "
                 "was raised");
    }
    for (int i = 0; i < reg_.incidents_size(); ++i) {
      const v1::Incident& inc = reg_.incidents(i);
      std::string here = absl::StrCat("incidents[", i, "]");
      for (int a = 0; a < inc.asset_ids_size(); ++a) {
        CheckRef(assets_, Code::UNKNOWN_ASSET, "asset", inc.asset_ids(a),
                 absl::StrCat(here, ".asset_ids[", a, "]"));
      }
      for (int r = 0; r < inc.risk_ids_size(); ++r) {
        CheckRef(risks_, Code::UNKNOWN_RISK, "risk", inc.risk_ids(r),
                 absl::StrCat(here, ".risk_ids[", r, "]"));
      }
      CheckDate(inc.occurred_on(), here + ".occurred_on");
      CheckDate(inc.reported_on(), here + ".reported_on");
      CheckDate(inc.closed_on(), here + ".closed_on");
      CheckOrder(inc.occurred_on(), inc.closed_on(), here + ".closed_on",
                 "the incident was closed before it occurred");
      CheckOrder(inc.occurred_on(), inc.reported_on(), here + ".reported_on",
                 "the incident was reported before it occurred");
    }
    for (int s = 0; s < reg_.suppliers_size(); ++s) {
      const v1::Supplier& sup = reg_.suppliers(s);
      std::string here = absl::StrCat("suppliers[", s, "]");
      if (!sup.asset_id().empty()) {
        CheckRef(assets_, Code::UNKNOWN_ASSET, "asset", sup.asset_id(),
                 here + ".asset_id");
      }
      CheckLevel(impact_, "impact", sup.criticality(), here + ".criticality");
      CheckDate(sup.last_assessed(), here + ".last_assessed");
      CheckDate(sup.next_assessment(), here + ".next_assessment");
      CheckOrder(sup.last_assessed(), sup.next_assessment(),
                 here + ".next_assessment",
                 "the next assessment is before the last one");
    }
    for (int o = 0; o < reg_.objectives_size(); ++o) {
      const v1::Objective& obj = reg_.objectives(o);
      std::string here = absl::StrCat("objectives[", o, "]");
      CheckDate(obj.due_date(), here + ".due_date");
      CheckDate(obj.measured_on(), here + ".measured_on");
    }
    for (int m = 0; m < reg_.management_reviews_size(); ++m) {
      const v1::ManagementReview& review = reg_.management_reviews(m);
      std::string here = absl::StrCat("management_reviews[", m, "]");
      CheckDate(review.date(), here + ".date");
      if (!review.minutes_document_id().empty()) {
        CheckRef(documents_, Code::UNKNOWN_DOCUMENT, "document",
                 review.minutes_document_id(), here + ".minutes_document_id");
      }
    }
    for (int p = 0; p < reg_.people_size(); ++p) {
      const v1::Person& person = reg_.people(p);
      for (int t = 0; t < person.trainings_size(); ++t) {
        CheckDate(person.trainings(t).date(),
                  absl::StrCat("people[", p, "].trainings[", t, "].date"));
      }
    }
  }

  const v1::Register& reg_;
  const ValidateOptions& options_;
  const CatalogSet& catalogs_;
  const std::string default_catalog_;
  v1::ValidationReport report_;
  IdIndex likelihood_, impact_, risk_levels_;
  IdIndex assets_, threats_, vulnerabilities_, controls_, risks_, documents_,
      audits_, unused_;
};

}  // namespace

namespace internal {
namespace {

void CheckDistribution(const v1::Distribution& d, const std::string& path,
                       bool probability, const QuantFault& fault) {
  auto bad = [&](std::string what) { fault(path, std::move(what)); };
  const double ceiling = probability ? 1.0 : 1e300;
  switch (d.kind_case()) {
    case v1::Distribution::kPert: {
      const v1::Pert& p = d.pert();
      if (!(p.low() >= 0 && p.low() <= p.mode() && p.mode() <= p.high() &&
            p.high() <= ceiling)) {
        bad(absl::StrCat("PERT needs 0 <= low <= mode <= high",
                         probability ? " <= 1" : "", " (got ", p.low(), ", ",
                         p.mode(), ", ", p.high(), ")"));
      } else if (p.has_gamma() &&
                 !(p.gamma() > 0 && std::isfinite(p.gamma()))) {
        // An infinite gamma would never let a Beta draw finish.
        bad(absl::StrCat("PERT gamma ", p.gamma(),
                         " must be positive and finite"));
      }
      break;
    }
    case v1::Distribution::kLognormal: {
      const v1::Lognormal& l = d.lognormal();
      if (!(l.low() > 0 && l.low() < l.high() && l.high() <= ceiling)) {
        bad(absl::StrCat("lognormal needs 0 < low < high",
                         probability ? " <= 1" : "", " (got ", l.low(), ", ",
                         l.high(), ")"));
        break;
      }
      const double log_low = std::log(l.low()), log_high = std::log(l.high());
      const double mu = (log_low + log_high) / 2;
      const double sigma = (log_high - log_low) / (2 * kZ95);
      if (!(mu + kMaxNormalDraw * sigma <= kMaxLogDraw)) {
        bad(absl::StrCat("lognormal (", l.low(), ", ", l.high(),
                         ") is too wide: its largest draws would overflow"));
      }
      break;
    }
    case v1::Distribution::kConstant:
      if (!(d.constant() >= 0 && d.constant() <= ceiling)) {
        bad(absl::StrCat("constant ", d.constant(), " is outside 0..",
                         probability ? "1" : "infinity"));
      }
      break;
    case v1::Distribution::KIND_NOT_SET:
      break;
  }
}

}  // namespace

void CheckQuantParameters(const v1::QuantParameters& q, const std::string& p,
                          const QuantFault& fault) {
  CheckDistribution(q.threat_event_frequency(), p + ".threat_event_frequency",
                    false, fault);
  CheckDistribution(q.vulnerability(), p + ".vulnerability", true, fault);
  CheckDistribution(q.loss_event_frequency(), p + ".loss_event_frequency",
                    false, fault);
  CheckDistribution(q.primary_loss(), p + ".primary_loss", false, fault);
  CheckDistribution(q.secondary_loss_probability(),
                    p + ".secondary_loss_probability", true, fault);
  CheckDistribution(q.secondary_loss(), p + ".secondary_loss", false, fault);
  // An empty Distribution message gives no value.
  auto given = [](const v1::Distribution& d) {
    return d.kind_case() != v1::Distribution::KIND_NOT_SET;
  };
  if (!given(q.loss_event_frequency())) {
    if (!given(q.threat_event_frequency())) {
      fault(p,
            "neither loss_event_frequency nor threat_event_frequency is "
            "given");
    } else if (!given(q.vulnerability())) {
      fault(p + ".vulnerability",
            "threat_event_frequency needs a vulnerability (the probability "
            "that an event becomes a loss)");
    }
  }
  if (!given(q.primary_loss())) {
    fault(p + ".primary_loss", "no primary loss magnitude is given");
  }
  // One without the other would be silently ignored by the simulation.
  if (given(q.secondary_loss()) != given(q.secondary_loss_probability())) {
    fault(given(q.secondary_loss()) ? p + ".secondary_loss_probability"
                                    : p + ".secondary_loss",
          given(q.secondary_loss())
              ? "secondary_loss needs its secondary_loss_probability"
              : "secondary_loss_probability needs a secondary_loss");
  }
}

}  // namespace internal

v1::ValidationReport Validate(const v1::Register& reg,
                              const ValidateOptions& options) {
  return Validator(reg, options).Run();
}

}  // namespace isms
