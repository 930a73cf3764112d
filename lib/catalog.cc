#include "isms/catalog.h"

#include <cstdlib>
#include <iostream>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/json_util.h"
#include "lib/embedded_data.h"

namespace isms {

struct CatalogSet::State {
  struct Entry {
    v1::Catalog catalog;
    absl::flat_hash_map<std::string, int> control_index;
    absl::flat_hash_set<std::string> group_ids;

    // Index of a control id, allowing the Annex A "A." prefix to be given or
    // left out; -1 if absent.
    int IndexOf(absl::string_view id) const {
      auto it = control_index.find(id);
      if (it != control_index.end()) return it->second;
      absl::string_view stripped = id;
      if (absl::ConsumePrefix(&stripped, "A.")) {
        it = control_index.find(stripped);
      } else {
        it = control_index.find(absl::StrCat("A.", id));
      }
      return it == control_index.end() ? -1 : it->second;
    }
  };
  // shared_ptr so that copies of a set share what they hold; entries are
  // immutable once added.
  std::vector<std::shared_ptr<const Entry>> entries;
  std::vector<std::shared_ptr<const v1::CatalogMapping>> mappings;

  const Entry* Find(absl::string_view id) const {
    for (const auto& e : entries) {
      if (e->catalog.id() == id) return e.get();
    }
    return nullptr;
  }
};

namespace {

std::string NormalizeAttribute(absl::string_view value) {
  absl::ConsumePrefix(&value, "#");
  std::string out = absl::AsciiStrToLower(value);
  absl::StrReplaceAll({{"-", "_"}, {" ", "_"}}, &out);
  return out;
}

// ParseControlRef trims white space around a reference, so an id that starts
// or ends with some could never be found.
bool IsReferenceable(absl::string_view id) {
  return absl::StripAsciiWhitespace(id) == id;
}

v1::Catalog ParseBuiltInCatalog(const char* json) {
  v1::Catalog catalog;
  auto st = google::protobuf::util::JsonStringToMessage(json, &catalog);
  if (!st.ok()) {
    // Only a broken build can get here: the files are checked by the tests.
    std::cerr << "isms: built-in catalog does not parse: " << st.ToString()
              << "\n";
    std::abort();
  }
  return catalog;
}

}  // namespace

absl::StatusOr<AttributeKind> ParseAttributeKind(absl::string_view name) {
  static constexpr struct {
    const char* spelling;
    AttributeKind kind;
  } kSpellings[] = {
      {"control_type", AttributeKind::kControlType},
      {"control_types", AttributeKind::kControlType},
      {"security_property", AttributeKind::kSecurityProperty},
      {"security_properties", AttributeKind::kSecurityProperty},
      {"property", AttributeKind::kSecurityProperty},
      {"properties", AttributeKind::kSecurityProperty},
      {"cybersecurity_concept", AttributeKind::kCybersecurityConcept},
      {"cybersecurity_concepts", AttributeKind::kCybersecurityConcept},
      {"concept", AttributeKind::kCybersecurityConcept},
      {"concepts", AttributeKind::kCybersecurityConcept},
      {"operational_capability", AttributeKind::kOperationalCapability},
      {"operational_capabilities", AttributeKind::kOperationalCapability},
      {"capability", AttributeKind::kOperationalCapability},
      {"capabilities", AttributeKind::kOperationalCapability},
      {"security_domain", AttributeKind::kSecurityDomain},
      {"security_domains", AttributeKind::kSecurityDomain},
      {"domain", AttributeKind::kSecurityDomain},
      {"domains", AttributeKind::kSecurityDomain},
  };
  const std::string n = NormalizeAttribute(name);
  for (const auto& s : kSpellings) {
    if (n == s.spelling) return s.kind;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown attribute \"", name,
      "\" (expected control_type, security_property, cybersecurity_concept, "
      "operational_capability or security_domain)"));
}

absl::string_view AttributeKindName(AttributeKind kind) {
  switch (kind) {
    case AttributeKind::kControlType:
      return "control_type";
    case AttributeKind::kSecurityProperty:
      return "security_property";
    case AttributeKind::kCybersecurityConcept:
      return "cybersecurity_concept";
    case AttributeKind::kOperationalCapability:
      return "operational_capability";
    case AttributeKind::kSecurityDomain:
      return "security_domain";
  }
  return "unknown";
}

const google::protobuf::RepeatedPtrField<std::string>& AttributeValues(
    const v1::CatalogControl& control, AttributeKind kind) {
  const v1::ControlAttributes& a = control.attributes();
  switch (kind) {
    case AttributeKind::kControlType:
      return a.control_types();
    case AttributeKind::kSecurityProperty:
      return a.security_properties();
    case AttributeKind::kCybersecurityConcept:
      return a.cybersecurity_concepts();
    case AttributeKind::kOperationalCapability:
      return a.operational_capabilities();
    case AttributeKind::kSecurityDomain:
      return a.security_domains();
  }
  return a.control_types();
}

absl::StatusOr<ControlRef> ParseControlRef(absl::string_view ref,
                                           absl::string_view default_catalog) {
  ref = absl::StripAsciiWhitespace(ref);
  size_t slash = ref.find('/');
  ControlRef out;
  if (slash == absl::string_view::npos) {
    out.catalog = std::string(default_catalog);
    out.control_id = std::string(ref);
  } else {
    out.catalog = std::string(ref.substr(0, slash));
    out.control_id = std::string(ref.substr(slash + 1));
  }
  if (out.catalog.empty() || out.control_id.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad control reference \"", ref,
                     "\" (expected CATALOG/CONTROL, e.g. iso27001:2022/8.24)"));
  }
  return out;
}

CatalogSet::CatalogSet() : state_(std::make_shared<State>()) {}
CatalogSet::CatalogSet(const CatalogSet&) = default;
CatalogSet& CatalogSet::operator=(const CatalogSet&) = default;
CatalogSet::CatalogSet(CatalogSet&&) noexcept = default;
CatalogSet& CatalogSet::operator=(CatalogSet&&) noexcept = default;
CatalogSet::~CatalogSet() = default;

const CatalogSet& CatalogSet::BuiltIn() {
  static const CatalogSet* const built_in = [] {
    auto* set = new CatalogSet();
    absl::Status st =
        set->AddCatalog(ParseBuiltInCatalog(internal::kIso27001_2022Json));
    if (st.ok()) {
      st = set->AddCatalog(ParseBuiltInCatalog(internal::kIso27001_2013Json));
    }
    if (st.ok()) {
      v1::CatalogMapping mapping;
      auto parsed = google::protobuf::util::JsonStringToMessage(
          internal::kIso27001_2013To2022Json, &mapping);
      st = parsed.ok() ? set->AddMapping(std::move(mapping))
                       : absl::InternalError(parsed.ToString());
    }
    if (!st.ok()) {
      std::cerr << "isms: built-in catalogs are inconsistent: " << st << "\n";
      std::abort();
    }
    return set;
  }();
  return *built_in;
}

absl::Status CatalogSet::AddCatalog(v1::Catalog catalog) {
  const std::string where =
      catalog.id().empty() ? std::string("catalog")
                           : absl::StrCat("catalog \"", catalog.id(), "\"");
  if (catalog.id().empty()) {
    return absl::InvalidArgumentError("catalog: id is empty");
  }
  if (catalog.id().find('/') != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": id must not contain '/'"));
  }
  if (!IsReferenceable(catalog.id())) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": id must not start or end with white space"));
  }
  if (state_->Find(catalog.id()) != nullptr) {
    return absl::AlreadyExistsError(
        absl::StrCat(where, ": a catalog with this id is already loaded"));
  }
  auto entry = std::make_shared<State::Entry>();
  for (int i = 0; i < catalog.groups_size(); ++i) {
    const v1::CatalogGroup& g = catalog.groups(i);
    if (g.id().empty() || !entry->group_ids.insert(g.id()).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": groups[", i, "]: empty or duplicate id \"", g.id(), "\""));
    }
  }
  for (int i = 0; i < catalog.groups_size(); ++i) {
    const v1::CatalogGroup& g = catalog.groups(i);
    if (!g.parent_id().empty() && !entry->group_ids.contains(g.parent_id())) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": groups[", i, "].parent_id: unknown group \"",
                       g.parent_id(), "\""));
    }
  }
  for (int i = 0; i < catalog.controls_size(); ++i) {
    const v1::CatalogControl& c = catalog.controls(i);
    if (c.id().empty() || !entry->control_index.emplace(c.id(), i).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": controls[", i, "]: empty or duplicate id \"",
                       c.id(), "\""));
    }
    if (!IsReferenceable(c.id())) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": controls[", i, "]: id \"", c.id(),
                       "\" must not start or end with white space"));
    }
    for (const std::string* group : {&c.group_id(), &c.objective_id()}) {
      if (!group->empty() && !entry->group_ids.contains(*group)) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ": controls[", i, "] (", c.id(),
                         "): unknown group \"", *group, "\""));
      }
    }
  }
  entry->catalog = std::move(catalog);
  auto next = std::make_shared<State>(*state_);
  next->entries.push_back(std::move(entry));
  state_ = std::move(next);
  return absl::OkStatus();
}

absl::Status CatalogSet::AddCatalogFile(const std::string& path,
                                        const ReadOptions& options) {
  absl::StatusOr<v1::Catalog> catalog = LoadCatalog(path, options);
  if (!catalog.ok()) return catalog.status();
  absl::Status st = AddCatalog(*std::move(catalog));
  if (!st.ok()) {
    return absl::Status(st.code(), absl::StrCat(path, ": ", st.message()));
  }
  return st;
}

absl::Status CatalogSet::AddMapping(v1::CatalogMapping mapping) {
  const State::Entry* from = state_->Find(mapping.source_catalog());
  const State::Entry* to = state_->Find(mapping.target_catalog());
  if (from == nullptr || to == nullptr) {
    return absl::NotFoundError(absl::StrCat(
        "mapping ", mapping.source_catalog(), " -> ", mapping.target_catalog(),
        ": unknown catalog \"",
        from == nullptr ? mapping.source_catalog() : mapping.target_catalog(),
        "\""));
  }
  for (int i = 0; i < mapping.pairs_size(); ++i) {
    const v1::CatalogMappingPair& p = mapping.pairs(i);
    if (from->IndexOf(p.source()) < 0 || to->IndexOf(p.target()) < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "mapping ", mapping.source_catalog(), " -> ",
          mapping.target_catalog(), ": pairs[", i, "]: unknown control \"",
          from->IndexOf(p.source()) < 0 ? p.source() : p.target(), "\""));
    }
  }
  auto next = std::make_shared<State>(*state_);
  next->mappings.push_back(
      std::make_shared<const v1::CatalogMapping>(std::move(mapping)));
  state_ = std::move(next);
  return absl::OkStatus();
}

std::vector<const v1::Catalog*> CatalogSet::catalogs() const {
  std::vector<const v1::Catalog*> out;
  for (const auto& e : state_->entries) out.push_back(&e->catalog);
  return out;
}

std::vector<const v1::CatalogMapping*> CatalogSet::mappings() const {
  std::vector<const v1::CatalogMapping*> out;
  for (const auto& m : state_->mappings) out.push_back(m.get());
  return out;
}

const v1::Catalog* CatalogSet::FindCatalog(absl::string_view catalog_id) const {
  const State::Entry* e = state_->Find(catalog_id);
  return e == nullptr ? nullptr : &e->catalog;
}

const v1::CatalogControl* CatalogSet::FindControlInCatalog(
    absl::string_view catalog_id, absl::string_view control_id) const {
  const State::Entry* e = state_->Find(catalog_id);
  if (e == nullptr) return nullptr;
  int index = e->IndexOf(control_id);
  return index < 0 ? nullptr : &e->catalog.controls(index);
}

const v1::CatalogControl* CatalogSet::FindControl(
    absl::string_view ref, absl::string_view default_catalog) const {
  absl::StatusOr<ControlRef> parsed = ParseControlRef(ref, default_catalog);
  if (!parsed.ok()) return nullptr;
  return FindControlInCatalog(parsed->catalog, parsed->control_id);
}

std::vector<const v1::CatalogControl*> CatalogSet::ControlsInGroup(
    absl::string_view catalog_id, absl::string_view group_id) const {
  std::vector<const v1::CatalogControl*> out;
  const State::Entry* e = state_->Find(catalog_id);
  if (e == nullptr) return out;
  for (const v1::CatalogControl& c : e->catalog.controls()) {
    if (c.group_id() == group_id || c.objective_id() == group_id) {
      out.push_back(&c);
    }
  }
  return out;
}

std::vector<const v1::CatalogControl*> CatalogSet::ControlsWithAttribute(
    absl::string_view catalog_id, AttributeKind kind,
    absl::string_view value) const {
  std::vector<const v1::CatalogControl*> out;
  const State::Entry* e = state_->Find(catalog_id);
  if (e == nullptr) return out;
  const std::string wanted = NormalizeAttribute(value);
  for (const v1::CatalogControl& c : e->catalog.controls()) {
    for (const std::string& v : AttributeValues(c, kind)) {
      if (NormalizeAttribute(v) == wanted) {
        out.push_back(&c);
        break;
      }
    }
  }
  return out;
}

std::vector<std::string> CatalogSet::MapControl(
    absl::string_view from_catalog, absl::string_view control_id,
    absl::string_view to_catalog) const {
  std::vector<std::string> out;
  const v1::CatalogControl* source =
      FindControlInCatalog(from_catalog, control_id);
  if (source == nullptr) return out;
  auto add = [&out](const std::string& id) {
    for (const std::string& seen : out) {
      if (seen == id) return;
    }
    out.push_back(id);
  };
  for (const auto& m : state_->mappings) {
    const bool forward = m->source_catalog() == from_catalog &&
                         m->target_catalog() == to_catalog;
    const bool backward = m->source_catalog() == to_catalog &&
                          m->target_catalog() == from_catalog;
    for (const v1::CatalogMappingPair& p : m->pairs()) {
      // Pairs were checked on AddMapping; compare canonical ids.
      if (forward && FindControlInCatalog(from_catalog, p.source()) == source) {
        add(FindControlInCatalog(to_catalog, p.target())->id());
      } else if (backward &&
                 FindControlInCatalog(from_catalog, p.target()) == source) {
        add(FindControlInCatalog(to_catalog, p.source())->id());
      }
    }
  }
  return out;
}

}  // namespace isms
