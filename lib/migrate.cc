// MigrateRegister(): moves a register from one control catalog to another
// through a CatalogMapping, e.g. ISO/IEC 27001:2013 -> 2022 (the transition).
//
// Semantics, step by step:
//
// Catalogs. The source catalog ("from") is the SoA's catalog if set, else
// risk_method.catalog if set, else "iso27001:2022". Both catalogs must be in
// the set (NotFound otherwise). If from == to, the register comes back
// unchanged with a report that only names the two catalogs. Otherwise a
// mapping between the two catalogs must exist, in either direction
// (FailedPrecondition otherwise).
//
// Applied controls. Every catalog_ref that resolves to a control of the source
// catalog (explicit "iso27001:2013/A.9.1.1", or bare "A.9.1.1" when the source
// is the register's default catalog) is replaced by the corresponding target
// controls, written explicitly ("iso27001:2022/5.15"), in place and in mapping
// order. Each rewritten reference counts once in control_refs_mapped. A source
// reference with no mapping is kept and listed in `unmapped`. References to
// other catalogs, and references that do not parse or resolve, are kept. The
// refs of a control are deduplicated by the control they name (first
// occurrence wins), so two 2013 controls merged into one 2022 control leave one
// reference.
//
// Default catalog. risk_method.catalog becomes `to` if it was set or if the
// source was not "iso27001:2022" (so that bare references keep naming the
// register's catalog). When the default catalog changes, every bare reference
// that is kept (one to a control with no mapping, or one that was not in the
// source catalog) is written explicitly with the old default catalog so that
// it keeps its meaning.
//
// Statement of Applicability. When the register's SoA has entries, the new SoA
// has catalog = `to` and one entry per target control, in catalog order. The
// sources of a target control are the source controls that map to it and have
// an SoA entry (the first one, if a control has several). A target control
// with no source gets an entry with only control_ref (no decision) and is
// listed in `new_controls`. Otherwise the entry is merged from its sources
// (counted in soa_rows_mapped):
//   - applicable is true if any source is applicable (conservative: a control
//     stays in scope if any predecessor was), false if every source is
//     excluded, and unset (undecided) otherwise;
//   - reasons are the union of the sources' reasons, sorted by value;
//   - justification is the sources' justifications: a single source's text
//     as it is, several as "A.9.1.1: text; A.9.1.2: text" (empty texts left
//     out);
//   - exclusion_justification is joined the same way, from the excluded
//     sources, when the result is not applicable;
//   - decided sources that disagree (some applicable, some excluded) give a
//     MigrationConflict naming which were applicable and which excluded.
// SoA entries of source controls with no mapping, and entries that name no
// control of the source catalog, cannot be carried over: they are listed in
// `unmapped` ("iso27001:2013/A.x.y.z"). soa.version is kept; approved_by and
// approved_on are cleared, since a migrated SoA needs a new approval. When the
// SoA has no entries none is made up: only an explicit soa.catalog becomes
// `to`.
//
// Nonconformities. A ref naming a source control explicitly
// ("iso27001:2013/A.9.2.5") becomes the first target ("iso27001:2022/5.18");
// one with no mapping is kept and listed in `unmapped`. Other refs (clauses
// such as "9.2", bare ids) are kept.
//
// `unmapped` holds each reference once, explicitly, in order of appearance:
// applied controls, then the SoA, then nonconformities.
//
// For a register that validates without errors, the result validates without
// errors too (the new controls bring SOA_UNDECIDED warnings).
#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "isms/catalog.h"
#include "isms/compliance.h"
#include "isms/v1/catalog.pb.h"
#include "isms/v1/compliance.pb.h"
#include "isms/v1/register.pb.h"

namespace isms {
namespace {

std::string ExplicitRef(absl::string_view catalog, absl::string_view id) {
  return absl::StrCat(catalog, "/", id);
}

bool HasMapping(const CatalogSet& catalogs, absl::string_view a,
                absl::string_view b) {
  for (const v1::CatalogMapping* m : catalogs.mappings()) {
    if ((m->source_catalog() == a && m->target_catalog() == b) ||
        (m->source_catalog() == b && m->target_catalog() == a)) {
      return true;
    }
  }
  return false;
}

// A source control with its SoA decision.
struct Source {
  std::string control_id;
  const v1::SoaEntry* entry;
};

// One source's text alone; several as "ID: text; ID: text", empty texts left
// out. `take` selects the sources that contribute.
template <typename Text, typename Take>
std::string JoinTexts(const std::vector<Source>& sources, Text text,
                      Take take) {
  std::vector<const Source*> taken;
  for (const Source& s : sources) {
    if (take(*s.entry)) taken.push_back(&s);
  }
  if (sources.size() == 1) {
    return taken.empty() ? std::string() : text(*taken[0]->entry);
  }
  std::vector<std::string> parts;
  for (const Source* s : taken) {
    const std::string& t = text(*s->entry);
    if (!t.empty()) parts.push_back(absl::StrCat(s->control_id, ": ", t));
  }
  return absl::StrJoin(parts, "; ");
}

// Merges the decisions of `sources` into `row` (see the file comment); adds a
// conflict to `report` when decided sources disagree.
void MergeSources(const std::string& target_id,
                  const std::vector<Source>& sources, v1::SoaEntry* row,
                  v1::MigrationReport* report) {
  std::vector<std::string> applicable;
  std::vector<std::string> excluded;
  bool undecided = false;
  std::vector<int> reasons;
  for (const Source& s : sources) {
    if (!s.entry->has_applicable()) {
      undecided = true;
    } else if (s.entry->applicable()) {
      applicable.push_back(s.control_id);
    } else {
      excluded.push_back(s.control_id);
    }
    for (int r : s.entry->reasons()) {
      if (std::find(reasons.begin(), reasons.end(), r) == reasons.end()) {
        reasons.push_back(r);
      }
    }
  }
  if (!applicable.empty()) {
    row->set_applicable(true);
  } else if (!excluded.empty() && !undecided) {
    row->set_applicable(false);
  }
  std::sort(reasons.begin(), reasons.end());
  for (int r : reasons) row->add_reasons(static_cast<v1::SoaReason>(r));
  row->set_justification(JoinTexts(
      sources,
      [](const v1::SoaEntry& e) -> const std::string& {
        return e.justification();
      },
      [](const v1::SoaEntry&) { return true; }));
  if (applicable.empty()) {
    row->set_exclusion_justification(JoinTexts(
        sources,
        [](const v1::SoaEntry& e) -> const std::string& {
          return e.exclusion_justification();
        },
        [](const v1::SoaEntry& e) {
          return e.has_applicable() && !e.applicable();
        }));
  }
  if (!applicable.empty() && !excluded.empty()) {
    v1::MigrationConflict* conflict = report->add_conflicts();
    conflict->set_target_control_id(target_id);
    for (const Source& s : sources) {
      conflict->add_source_control_ids(s.control_id);
    }
    conflict->set_detail(absl::StrCat(
        absl::StrJoin(applicable, ", "),
        applicable.size() == 1 ? " was" : " were", " applicable but ",
        absl::StrJoin(excluded, ", "), excluded.size() == 1 ? " was" : " were",
        " excluded; ", target_id,
        " is kept applicable: review the decision and its justification"));
  }
}

}  // namespace

absl::StatusOr<std::pair<v1::Register, v1::MigrationReport>> MigrateRegister(
    const v1::Register& reg, absl::string_view to_catalog,
    const CatalogSet* catalogs) {
  const CatalogSet& set =
      catalogs != nullptr ? *catalogs : CatalogSet::BuiltIn();
  const std::string to(to_catalog);
  const std::string from = !reg.soa().catalog().empty() ? reg.soa().catalog()
                           : !reg.risk_method().catalog().empty()
                               ? reg.risk_method().catalog()
                               : std::string(kDefaultCatalog);
  const v1::Catalog* from_catalog = set.FindCatalog(from);
  if (from_catalog == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("unknown catalog \"", from, "\" (the register's)"));
  }
  const v1::Catalog* target_catalog = set.FindCatalog(to);
  if (target_catalog == nullptr) {
    return absl::NotFoundError(absl::StrCat("unknown catalog \"", to, "\""));
  }

  v1::MigrationReport report;
  report.set_from_catalog(from);
  report.set_to_catalog(to);
  if (from == to) return std::make_pair(reg, std::move(report));
  if (!HasMapping(set, from, to)) {
    return absl::FailedPreconditionError(
        absl::StrCat("no mapping between catalogs ", from, " and ", to,
                     " in either direction"));
  }

  // Target ids of a source control (canonical id), computed once. A std::map
  // keeps the returned references valid as it grows.
  std::map<std::string, std::vector<std::string>> targets_cache;
  auto targets_of =
      [&](const std::string& id) -> const std::vector<std::string>& {
    auto it = targets_cache.find(id);
    if (it == targets_cache.end()) {
      it = targets_cache.emplace(id, set.MapControl(from, id, to)).first;
    }
    return it->second;
  };
  absl::flat_hash_set<std::string> unmapped_seen;
  auto add_unmapped = [&](std::string ref) {
    if (unmapped_seen.insert(ref).second) report.add_unmapped(std::move(ref));
  };

  const std::string old_default = reg.risk_method().catalog().empty()
                                      ? std::string(kDefaultCatalog)
                                      : reg.risk_method().catalog();
  const bool default_changes =
      !reg.risk_method().catalog().empty() || from != kDefaultCatalog;
  const std::string new_default = default_changes ? to : old_default;

  v1::Register out = reg;
  if (default_changes) out.mutable_risk_method()->set_catalog(to);

  // --- Applied controls.
  int refs_mapped = 0;
  for (v1::Control& control : *out.mutable_controls()) {
    std::vector<std::string> refs;
    absl::flat_hash_set<std::string> seen;  // Canonical "catalog/id".
    auto emit = [&](std::string ref, std::string key) {
      if (seen.insert(std::move(key)).second) refs.push_back(std::move(ref));
    };
    for (const std::string& ref : control.catalog_refs()) {
      absl::StatusOr<ControlRef> parsed = ParseControlRef(ref, old_default);
      if (!parsed.ok()) {
        emit(ref, ref);
        continue;
      }
      const v1::CatalogControl* c =
          set.FindControlInCatalog(parsed->catalog, parsed->control_id);
      if (c != nullptr && parsed->catalog == from) {
        const std::vector<std::string>& targets = targets_of(c->id());
        if (!targets.empty()) {
          ++refs_mapped;
          for (const std::string& t : targets) {
            std::string target_ref = ExplicitRef(to, t);
            emit(target_ref, target_ref);
          }
          continue;
        }
        add_unmapped(ExplicitRef(from, c->id()));
      }
      const bool bare = ref.find('/') == std::string::npos;
      std::string kept = bare && new_default != old_default
                             ? ExplicitRef(parsed->catalog, parsed->control_id)
                             : ref;
      std::string key =
          c != nullptr ? ExplicitRef(parsed->catalog, c->id()) : kept;
      emit(std::move(kept), std::move(key));
    }
    control.mutable_catalog_refs()->Assign(refs.begin(), refs.end());
  }
  report.set_control_refs_mapped(refs_mapped);

  // --- Statement of Applicability.
  const v1::StatementOfApplicability& old_soa = reg.soa();
  v1::StatementOfApplicability* soa = out.mutable_soa();
  soa->clear_approved_by();
  soa->clear_approved_on();
  if (old_soa.entries().empty()) {
    if (!old_soa.catalog().empty()) soa->set_catalog(to);
  } else {
    // The first SoA entry of each source control.
    absl::flat_hash_map<std::string, const v1::SoaEntry*> decisions;
    for (const v1::SoaEntry& entry : old_soa.entries()) {
      const v1::CatalogControl* c =
          set.FindControlInCatalog(from, entry.control_ref());
      if (c == nullptr) {
        add_unmapped(ExplicitRef(from, entry.control_ref()));
        continue;
      }
      decisions.emplace(c->id(), &entry);
    }
    // Sources of each target control, in source catalog order.
    absl::flat_hash_map<std::string, std::vector<Source>> sources;
    for (const v1::CatalogControl& c : from_catalog->controls()) {
      auto it = decisions.find(c.id());
      if (it == decisions.end()) continue;
      const std::vector<std::string>& targets = targets_of(c.id());
      if (targets.empty()) add_unmapped(ExplicitRef(from, c.id()));
      for (const std::string& t : targets) {
        sources[t].push_back(Source{c.id(), it->second});
      }
    }
    soa->set_catalog(to);
    soa->clear_entries();
    int rows_mapped = 0;
    for (const v1::CatalogControl& t : target_catalog->controls()) {
      v1::SoaEntry* row = soa->add_entries();
      row->set_control_ref(t.id());
      auto it = sources.find(t.id());
      if (it == sources.end()) {
        report.add_new_controls(t.id());
        continue;
      }
      ++rows_mapped;
      MergeSources(t.id(), it->second, row, &report);
    }
    report.set_soa_rows_mapped(rows_mapped);
  }

  // --- Nonconformities.
  for (v1::Nonconformity& nc : *out.mutable_nonconformities()) {
    if (nc.ref().find('/') == std::string::npos) continue;
    absl::StatusOr<ControlRef> parsed = ParseControlRef(nc.ref(), old_default);
    if (!parsed.ok() || parsed->catalog != from) continue;
    const v1::CatalogControl* c =
        set.FindControlInCatalog(from, parsed->control_id);
    if (c == nullptr) continue;
    const std::vector<std::string>& targets = targets_of(c->id());
    if (targets.empty()) {
      add_unmapped(ExplicitRef(from, c->id()));
      continue;
    }
    nc.set_ref(ExplicitRef(to, targets.front()));
  }

  return std::make_pair(std::move(out), std::move(report));
}

}  // namespace isms
