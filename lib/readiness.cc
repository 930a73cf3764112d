// Readiness for certification (DESIGN.md section 5): CheckReadiness,
// ParseReadinessFormat and RenderReadiness of isms/compliance.h.
//
// Every item is judged at ComplianceOptions::as_of. Decisions that DESIGN.md
// leaves open, taken here:
// - "Within the last 12 months" means a date d with
//   OneYearBefore(as_of) < d <= as_of: an audit exactly one year before
//   as_of is too old, one dated after as_of has not happened yet.
// - A mandatory document is met by one document of its kind that is
//   approved, carries a valid approval date on or before as_of and whose
//   next review (if any) is not before as_of. Records need no approval: a
//   record that is not obsolete is enough.
// - An Annex A document is not required when the SoA excludes its ISO/IEC
//   27001:2022 control (through the 2013 -> 2022 correspondence when the SoA
//   uses another catalog: excluded when every corresponding control is).
// - An item that says "every X ..." is not met when there is no X at all
//   (no objectives, people, SoA decisions or risks): there is nothing to
//   show an auditor. The item about the existence of X fails as well.
// - A risk above appetite is covered by a treatment with an option and a plan
//   or a due date (a cancelled treatment covers nothing), or by an acceptance
//   dated on or before as_of that has not expired.
// - SoA: the catalog is ComplianceOptions::catalog, the SoA's catalog, the
//   risk method's catalog, "iso27001:2022" (isms/compliance.h). An
//   applicable control is justified by a reason of its own or by a risk
//   treated through an applied control (not retired) that references it, as
//   in BuildSoa's rows.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/types/span.h"
#include "google/protobuf/util/json_util.h"
#include "isms/catalog.h"
#include "isms/compliance.h"
#include "lib/date.h"
#include "lib/model/dates.h"

namespace isms {
namespace {

// Most object ids an item lists where the list can be long (SoA controls).
constexpr int kMaxListedControls = 20;

bool Blank(absl::string_view s) {
  return absl::StripAsciiWhitespace(s).empty();
}

// "DOCUMENT_KIND_ISMS_SCOPE" -> "ISMS_SCOPE".
std::string KindName(v1::DocumentKind kind) {
  return std::string(
      absl::StripPrefix(v1::DocumentKind_Name(kind), "DOCUMENT_KIND_"));
}

// "1 objective" / "2 objectives".
std::string Count(size_t n, absl::string_view singular,
                  absl::string_view plural) {
  return absl::StrCat(n, " ", n == 1 ? singular : plural);
}

struct DocumentSpec {
  v1::DocumentKind kind;
  const char* clause;
  const char* title;
  // ISO/IEC 27001:2022 Annex A control that calls for the document, or
  // nullptr for a document the clauses require.
  const char* annex_control;
};

constexpr DocumentSpec kDocuments[] = {
    {v1::DOCUMENT_KIND_ISMS_SCOPE, "4.3", "ISMS scope document", nullptr},
    {v1::DOCUMENT_KIND_INFORMATION_SECURITY_POLICY, "5.2",
     "Information security policy", nullptr},
    {v1::DOCUMENT_KIND_INFORMATION_SECURITY_OBJECTIVES, "6.2",
     "Information security objectives", nullptr},
    {v1::DOCUMENT_KIND_RISK_METHODOLOGY, "6.1.2",
     "Risk assessment and treatment methodology", nullptr},
    {v1::DOCUMENT_KIND_STATEMENT_OF_APPLICABILITY, "6.1.3 d",
     "Statement of Applicability", nullptr},
    {v1::DOCUMENT_KIND_RISK_TREATMENT_PLAN, "6.1.3 e", "Risk treatment plan",
     nullptr},
    {v1::DOCUMENT_KIND_RISK_ASSESSMENT_REPORT, "8.2", "Risk assessment report",
     nullptr},
    {v1::DOCUMENT_KIND_ROLES_AND_RESPONSIBILITIES, "5.3",
     "Roles and responsibilities", nullptr},
    {v1::DOCUMENT_KIND_ASSET_INVENTORY, "A.5.9", "Inventory of assets", "5.9"},
    {v1::DOCUMENT_KIND_ACCEPTABLE_USE, "A.5.10",
     "Acceptable use of information and assets", "5.10"},
    {v1::DOCUMENT_KIND_ACCESS_CONTROL_POLICY, "A.5.15", "Access control policy",
     "5.15"},
    {v1::DOCUMENT_KIND_OPERATING_PROCEDURES, "A.5.37",
     "Documented operating procedures", "5.37"},
    {v1::DOCUMENT_KIND_SECURE_ENGINEERING_PRINCIPLES, "A.8.27",
     "Secure system engineering principles", "8.27"},
    {v1::DOCUMENT_KIND_SUPPLIER_SECURITY_POLICY, "A.5.19",
     "Supplier security policy", "5.19"},
    {v1::DOCUMENT_KIND_INCIDENT_MANAGEMENT_PROCEDURE, "A.5.26",
     "Incident management procedure", "5.26"},
    {v1::DOCUMENT_KIND_BUSINESS_CONTINUITY_PROCEDURES, "A.5.30",
     "Business continuity procedures", "5.30"},
    {v1::DOCUMENT_KIND_LEGAL_REQUIREMENTS, "A.5.31",
     "Legal, statutory, regulatory and contractual requirements", "5.31"},
};

struct RecordSpec {
  v1::DocumentKind kind;
  const char* clause;
  const char* title;
};

constexpr RecordSpec kRecords[] = {
    {v1::DOCUMENT_KIND_TRAINING_RECORDS, "7.2",
     "Training and competence records"},
    {v1::DOCUMENT_KIND_MONITORING_RESULTS, "9.1",
     "Monitoring and measurement results"},
    {v1::DOCUMENT_KIND_INTERNAL_AUDIT_PROGRAMME, "9.2",
     "Internal audit programme"},
    {v1::DOCUMENT_KIND_INTERNAL_AUDIT_RESULTS, "9.2", "Internal audit results"},
    {v1::DOCUMENT_KIND_MANAGEMENT_REVIEW_RESULTS, "9.3",
     "Management review results"},
    {v1::DOCUMENT_KIND_CORRECTIVE_ACTIONS, "10.2",
     "Nonconformities and corrective actions"},
    {v1::DOCUMENT_KIND_SECURITY_EVENT_LOGS, "A.8.15",
     "Logs of user activities and security events"},
};

class Checker {
 public:
  Checker(const v1::Register& reg, const RiskEngine& engine,
          const CatalogSet& catalogs, std::string catalog, int as_of)
      : reg_(reg),
        engine_(engine),
        catalogs_(catalogs),
        catalog_(std::move(catalog)),
        as_of_(as_of),
        year_before_(internal::OneYearBefore(as_of)) {}

  absl::StatusOr<v1::Readiness> Run() {
    const size_t evaluated = engine_.level(RiskEngine::kCurrent).size();
    if (evaluated != static_cast<size_t>(reg_.risks_size())) {
      return absl::FailedPreconditionError(absl::StrCat(
          "readiness: the risk engine holds ", evaluated,
          " evaluated risks but the register has ", reg_.risks_size(),
          " (evaluate an engine created from this register)"));
    }
    IndexSoa();
    out_.set_as_of(internal::FormatDate(as_of_));
    CheckContext();
    for (const DocumentSpec& spec : kDocuments) CheckDocument(spec);
    for (const RecordSpec& spec : kRecords) CheckRecord(spec);
    CheckActivities();
    CheckSoa();
    CheckRisks();
    int met = 0;
    for (const v1::ReadinessItem& item : out_.items()) met += item.met();
    out_.set_met(met);
    out_.set_total(out_.items_size());
    out_.set_score(out_.items_size() == 0
                       ? 0.0
                       : static_cast<double>(met) / out_.items_size());
    out_.set_ready(met == out_.items_size());
    return std::move(out_);
  }

 private:
  v1::ReadinessItem* Add(absl::string_view id, absl::string_view clause,
                         absl::string_view title,
                         v1::ReadinessCategory category) {
    v1::ReadinessItem* item = out_.add_items();
    item->set_id(std::string(id));
    item->set_clause(std::string(clause));
    item->set_title(std::string(title));
    item->set_category(category);
    return item;
  }

  // A valid date on or before as_of.
  bool OnOrBeforeAsOf(absl::string_view date) const {
    const int32_t d = model::DecisionDate(date);
    return model::IsReadable(d) && d <= as_of_;
  }

  // A valid date within the 12 months up to as_of.
  bool WithinYear(absl::string_view date) const {
    return model::WithinAYear(model::DecisionDate(date), as_of_);
  }

  std::string AsOf() const { return internal::FormatDate(as_of_); }
  std::string YearBefore() const { return internal::FormatDate(year_before_); }

  // --- SoA index --------------------------------------------------------

  // The canonical id in catalog_ of a control reference, or "" (unknown
  // control or another catalog).
  std::string CanonicalSoaRef(absl::string_view ref) const {
    absl::StatusOr<ControlRef> parsed = ParseControlRef(ref, catalog_);
    if (!parsed.ok() || parsed->catalog != catalog_) return "";
    const v1::CatalogControl* c =
        catalogs_.FindControlInCatalog(catalog_, parsed->control_id);
    return c == nullptr ? "" : c->id();
  }

  void IndexSoa() {
    for (const v1::SoaEntry& e : reg_.soa().entries()) {
      const std::string id = CanonicalSoaRef(e.control_ref());
      if (id.empty()) continue;
      auto [it, inserted] = soa_.try_emplace(id, &e);
      // The first entry with a decision wins over undecided ones.
      if (!inserted && !it->second->has_applicable() && e.has_applicable()) {
        it->second = &e;
      }
    }
    // Controls of the catalog that a risk treatment justifies: applied
    // controls (not retired) named by a mitigation, through their
    // references.
    absl::flat_hash_set<std::string> mitigating;
    for (const v1::Risk& r : reg_.risks()) {
      for (const v1::Mitigation& m : r.mitigations()) {
        mitigating.insert(m.control_id());
      }
    }
    const std::string reg_catalog = reg_.risk_method().catalog().empty()
                                        ? std::string(kDefaultCatalog)
                                        : reg_.risk_method().catalog();
    for (const v1::Control& c : reg_.controls()) {
      if (c.status() == v1::CONTROL_STATUS_RETIRED ||
          !mitigating.contains(c.id())) {
        continue;
      }
      for (const std::string& ref : c.catalog_refs()) {
        absl::StatusOr<ControlRef> parsed = ParseControlRef(ref, reg_catalog);
        if (!parsed.ok()) continue;
        if (parsed->catalog == catalog_) {
          const v1::CatalogControl* cc =
              catalogs_.FindControlInCatalog(catalog_, parsed->control_id);
          if (cc != nullptr) treats_risk_.insert(cc->id());
        } else {
          for (std::string& id : catalogs_.MapControl(
                   parsed->catalog, parsed->control_id, catalog_)) {
            treats_risk_.insert(std::move(id));
          }
        }
      }
    }
  }

  // Whether the SoA excludes this ISO/IEC 27001:2022 control.
  bool Excluded2022(absl::string_view control_2022) const {
    std::vector<std::string> ids;
    if (catalog_ == kDefaultCatalog) {
      ids.push_back(std::string(control_2022));
    } else {
      ids = catalogs_.MapControl(kDefaultCatalog, control_2022, catalog_);
    }
    if (ids.empty()) return false;
    for (const std::string& id : ids) {
      auto it = soa_.find(id);
      if (it == soa_.end() || !it->second->has_applicable() ||
          it->second->applicable()) {
        return false;
      }
    }
    return true;
  }

  // --- A. Scope and context ---------------------------------------------

  void CheckContext() {
    v1::ReadinessItem* scope =
        Add("SCOPE_DEFINED", "4.3", "Scope of the ISMS determined",
            v1::READINESS_CATEGORY_ACTIVITY);
    scope->set_met(!Blank(reg_.organization().scope()));
    scope->set_detail(scope->met() ? "scope statement recorded"
                                   : "no scope statement (organization.scope)");

    v1::ReadinessItem* parties =
        Add("INTERESTED_PARTIES", "4.2",
            "Interested parties and their requirements",
            v1::READINESS_CATEGORY_ACTIVITY);
    parties->set_met(reg_.interested_parties_size() > 0);
    parties->set_detail(
        parties->met()
            ? absl::StrCat(Count(reg_.interested_parties_size(),
                                 "interested party", "interested parties"),
                           " recorded")
            : "no interested party recorded");
  }

  // --- B. Documents -----------------------------------------------------

  // Empty when the document satisfies its requirement, else what is wrong.
  std::string DocumentProblem(const v1::Document& d) const {
    switch (d.status()) {
      case v1::DOCUMENT_STATUS_OBSOLETE:
        return "obsolete";
      case v1::DOCUMENT_STATUS_DRAFT:
        return "not approved (draft)";
      case v1::DOCUMENT_STATUS_APPROVED:
        break;
      default:
        return "not approved (no status)";
    }
    if (Blank(d.approved_on())) return "approved but no approval date";
    absl::StatusOr<int> approved = internal::ParseDate(d.approved_on());
    if (!approved.ok()) {
      return absl::StrCat("bad approval date \"", d.approved_on(), "\"");
    }
    if (*approved > as_of_) {
      return absl::StrCat("approved only on ", d.approved_on(), ", after ",
                          AsOf());
    }
    if (!d.next_review().empty()) {
      absl::StatusOr<int> review = internal::ParseDate(d.next_review());
      if (!review.ok()) {
        return absl::StrCat("bad next review date \"", d.next_review(), "\"");
      }
      if (*review < as_of_) {
        return absl::StrCat("review overdue since ", d.next_review());
      }
    }
    return "";
  }

  void CheckDocument(const DocumentSpec& spec) {
    v1::ReadinessItem* item =
        Add(absl::StrCat("DOC_", KindName(spec.kind)), spec.clause, spec.title,
            v1::READINESS_CATEGORY_DOCUMENT);
    std::vector<std::pair<const v1::Document*, std::string>> docs;
    for (const v1::Document& d : reg_.documents()) {
      if (d.kind() != spec.kind) continue;
      item->add_object_ids(d.id());
      docs.emplace_back(&d, DocumentProblem(d));
    }
    if (spec.annex_control != nullptr && Excluded2022(spec.annex_control)) {
      item->set_met(true);
      item->set_detail(absl::StrCat("not required: A.", spec.annex_control,
                                    " excluded in the SoA"));
      return;
    }
    for (const auto& [d, problem] : docs) {
      if (!problem.empty()) continue;
      item->set_met(true);
      item->set_detail(
          absl::StrCat(d->id(), " approved on ", d->approved_on(),
                       d->next_review().empty()
                           ? ", no review date"
                           : absl::StrCat(", next review ", d->next_review())));
      return;
    }
    item->set_met(false);
    if (docs.empty()) {
      item->set_detail("missing");
    } else if (docs.size() == 1) {
      item->set_detail(docs[0].second);
    } else {
      std::vector<std::string> parts;
      for (const auto& [d, problem] : docs) {
        parts.push_back(absl::StrCat(d->id(), ": ", problem));
      }
      item->set_detail(absl::StrJoin(parts, "; "));
    }
  }

  // --- C. Records -------------------------------------------------------

  void CheckRecord(const RecordSpec& spec) {
    v1::ReadinessItem* item =
        Add(absl::StrCat("REC_", KindName(spec.kind)), spec.clause, spec.title,
            v1::READINESS_CATEGORY_RECORD);
    const v1::Document* current = nullptr;
    for (const v1::Document& d : reg_.documents()) {
      if (d.kind() != spec.kind) continue;
      item->add_object_ids(d.id());
      if (current == nullptr && d.status() != v1::DOCUMENT_STATUS_OBSOLETE) {
        current = &d;
      }
    }
    item->set_met(current != nullptr);
    if (current != nullptr) {
      item->set_detail(absl::StrCat(current->id(), " recorded"));
    } else {
      item->set_detail(item->object_ids().empty() ? "missing" : "obsolete");
    }
  }

  // --- D. Activities ----------------------------------------------------

  // Items for "something dated within the last 12 months": `dated` holds
  // (id, date) pairs.
  void CheckRecent(
      v1::ReadinessItem* item, absl::string_view what,
      const std::vector<std::pair<std::string, std::string>>& dated) {
    // The latest valid date on or before as_of, within the year or not.
    const std::pair<std::string, std::string>* latest = nullptr;
    int latest_day = 0;
    for (const auto& p : dated) {
      absl::StatusOr<int> d = internal::ParseDate(p.second);
      if (!d.ok() || *d > as_of_) continue;
      if (latest == nullptr || *d > latest_day) {
        latest = &p;
        latest_day = *d;
      }
    }
    item->set_met(latest != nullptr && model::WithinAYear(latest_day, as_of_));
    if (latest != nullptr) item->add_object_ids(latest->first);
    if (item->met()) {
      item->set_detail(absl::StrCat(latest->first, " on ", latest->second));
    } else if (latest != nullptr) {
      item->set_detail(absl::StrCat("last ", what, " ", latest->first, " on ",
                                    latest->second,
                                    ", 12 months or more before ", AsOf()));
    } else if (dated.empty()) {
      item->set_detail(absl::StrCat("no ", what, " recorded"));
    } else {
      item->set_detail(
          absl::StrCat("no ", what, " dated on or before ", AsOf()));
    }
  }

  void CheckActivities() {
    std::vector<std::pair<std::string, std::string>> audits;
    for (const v1::Audit& a : reg_.audits()) {
      if (a.kind() == v1::AUDIT_KIND_INTERNAL) {
        audits.emplace_back(a.id(), a.date());
      }
    }
    CheckRecent(Add("INTERNAL_AUDIT_RECENT", "9.2",
                    "Internal audit within the last 12 months",
                    v1::READINESS_CATEGORY_ACTIVITY),
                "internal audit", audits);

    std::vector<std::pair<std::string, std::string>> reviews;
    for (const v1::ManagementReview& r : reg_.management_reviews()) {
      reviews.emplace_back(r.id(), r.date());
    }
    CheckRecent(Add("MANAGEMENT_REVIEW_RECENT", "9.3",
                    "Management review within the last 12 months",
                    v1::READINESS_CATEGORY_ACTIVITY),
                "management review", reviews);

    v1::ReadinessItem* majors =
        Add("NO_OPEN_MAJOR_NONCONFORMITY", "10.2",
            "No open major nonconformity", v1::READINESS_CATEGORY_ACTIVITY);
    for (const v1::Nonconformity& nc : reg_.nonconformities()) {
      if (nc.severity() == v1::NONCONFORMITY_SEVERITY_MAJOR &&
          !model::CorrectiveActionClosedAt(nc.corrective_action(), as_of_)) {
        majors->add_object_ids(nc.id());
      }
    }
    majors->set_met(majors->object_ids().empty());
    majors->set_detail(
        majors->met() ? "no open major nonconformity"
                      : absl::StrCat(Count(majors->object_ids_size(),
                                           "major nonconformity",
                                           "major nonconformities"),
                                     " without a closed corrective action"));

    v1::ReadinessItem* late =
        Add("CORRECTIVE_ACTIONS_ON_TIME", "10.2",
            "Corrective actions not overdue", v1::READINESS_CATEGORY_ACTIVITY);
    std::vector<std::string> late_parts;
    for (const v1::Nonconformity& nc : reg_.nonconformities()) {
      const v1::CorrectiveAction& ca = nc.corrective_action();
      if (model::CorrectiveActionClosedAt(ca, as_of_)) continue;
      if (model::PastDate(model::DecisionDate(ca.due_date()), as_of_)) {
        late->add_object_ids(nc.id());
        late_parts.push_back(absl::StrCat(nc.id(), " due ", ca.due_date()));
      }
    }
    late->set_met(late->object_ids().empty());
    late->set_detail(
        late->met()
            ? "no open corrective action past its due date"
            : absl::StrCat("overdue: ", absl::StrJoin(late_parts, ", ")));

    const int objectives = reg_.objectives_size();
    v1::ReadinessItem* defined =
        Add("OBJECTIVES_DEFINED", "6.2", "Information security objectives set",
            v1::READINESS_CATEGORY_ACTIVITY);
    defined->set_met(objectives > 0);
    defined->set_detail(
        objectives > 0
            ? absl::StrCat(Count(objectives, "objective", "objectives"),
                           " recorded")
            : "no objective recorded");

    v1::ReadinessItem* measured =
        Add("OBJECTIVES_MEASURED", "9.1/6.2", "Objectives measured",
            v1::READINESS_CATEGORY_ACTIVITY);
    for (const v1::Objective& o : reg_.objectives()) {
      if (!o.has_actual()) measured->add_object_ids(o.id());
    }
    measured->set_met(objectives > 0 && measured->object_ids().empty());
    if (objectives == 0) {
      measured->set_detail("no objective recorded");
    } else if (measured->met()) {
      measured->set_detail(absl::StrCat(
          Count(objectives, "objective", "objectives"), ", all measured"));
    } else {
      measured->set_detail(
          absl::StrCat(measured->object_ids_size(), " of ",
                       Count(objectives, "objective", "objectives"),
                       " without a measured value (actual)"));
    }

    v1::ReadinessItem* training = Add(
        "TRAINING_CURRENT", "7.2", "Everyone trained within the last 12 months",
        v1::READINESS_CATEGORY_ACTIVITY);
    for (const v1::Person& p : reg_.people()) {
      bool recent = false;
      for (const v1::Training& t : p.trainings()) {
        recent = recent || WithinYear(t.date());
      }
      if (!recent) training->add_object_ids(p.id());
    }
    const int people = reg_.people_size();
    training->set_met(people > 0 && training->object_ids().empty());
    if (people == 0) {
      training->set_detail("no people recorded");
    } else if (training->met()) {
      training->set_detail(absl::StrCat("all ",
                                        Count(people, "person", "people"),
                                        " trained after ", YearBefore()));
    } else {
      training->set_detail(absl::StrCat(training->object_ids_size(), " of ",
                                        Count(people, "person", "people"),
                                        " without training after ",
                                        YearBefore()));
    }
  }

  // --- E. Statement of Applicability ------------------------------------

  void CheckSoa() {
    const v1::Catalog* catalog = catalogs_.FindCatalog(catalog_);
    const int controls = catalog->controls_size();

    v1::ReadinessItem* complete = Add(
        "SOA_COMPLETE", "6.1.3 d", "SoA decides every control of the catalog",
        v1::READINESS_CATEGORY_SOA);
    int undecided = 0;
    int decided = 0;
    std::vector<std::string> faults;
    std::vector<std::string> faulty;
    for (const v1::CatalogControl& c : catalog->controls()) {
      auto it = soa_.find(c.id());
      if (it == soa_.end() || !it->second->has_applicable()) {
        if (++undecided <= kMaxListedControls) {
          complete->add_object_ids(c.id());
        }
        continue;
      }
      ++decided;
      const v1::SoaEntry& e = *it->second;
      if (!e.applicable()) {
        if (Blank(e.exclusion_justification())) {
          faulty.push_back(c.id());
          faults.push_back(
              absl::StrCat(c.id(), " excluded without a justification"));
        }
        continue;
      }
      bool reason = treats_risk_.contains(c.id());
      for (int r : e.reasons())
        reason = reason || r != v1::SOA_REASON_UNSPECIFIED;
      if (!reason) {
        faulty.push_back(c.id());
        faults.push_back(absl::StrCat(c.id(), " applicable without a reason"));
      }
    }
    complete->set_met(undecided == 0);
    if (undecided == 0) {
      complete->set_detail(absl::StrCat("all ", controls, " controls of ",
                                        catalog_, " decided"));
    } else {
      complete->set_detail(absl::StrCat(
          undecided, " of ", controls, " controls of ", catalog_,
          " without a decision",
          undecided > kMaxListedControls
              ? absl::StrCat(" (the first ", kMaxListedControls, " listed)")
              : ""));
    }

    v1::ReadinessItem* justified = Add(
        "SOA_JUSTIFIED", "6.1.3 d", "SoA inclusions and exclusions justified",
        v1::READINESS_CATEGORY_SOA);
    for (const std::string& id : faulty) justified->add_object_ids(id);
    justified->set_met(decided > 0 && faults.empty());
    if (decided == 0) {
      justified->set_detail("no SoA decision recorded");
    } else if (faults.empty()) {
      justified->set_detail(
          absl::StrCat("every one of ", Count(decided, "decision", "decisions"),
                       " justified"));
    } else {
      justified->set_detail(absl::StrJoin(faults, "; "));
    }

    const v1::StatementOfApplicability& soa = reg_.soa();
    v1::ReadinessItem* approved = Add("SOA_APPROVED", "6.1.3 d", "SoA approved",
                                      v1::READINESS_CATEGORY_SOA);
    std::vector<std::string> problems;
    if (Blank(soa.approved_by()))
      problems.push_back("no approver (approved_by)");
    if (Blank(soa.approved_on())) {
      problems.push_back("no approval date (approved_on)");
    } else if (!internal::ParseDate(soa.approved_on()).ok()) {
      problems.push_back(
          absl::StrCat("bad approval date \"", soa.approved_on(), "\""));
    } else if (!OnOrBeforeAsOf(soa.approved_on())) {
      problems.push_back(absl::StrCat("approved only on ", soa.approved_on(),
                                      ", after ", AsOf()));
    }
    approved->set_met(problems.empty());
    approved->set_detail(
        problems.empty()
            ? absl::StrCat("approved by ", soa.approved_by(), " on ",
                           soa.approved_on(),
                           soa.version().empty()
                               ? ""
                               : absl::StrCat(" (version ", soa.version(), ")"))
            : absl::StrJoin(problems, "; "));
  }

  // --- F. Risk ------------------------------------------------------------

  bool Covered(const v1::Risk& r) const {
    const v1::Treatment& t = r.treatment();
    if (t.option() != v1::TREATMENT_OPTION_UNSPECIFIED &&
        t.status() != v1::TREATMENT_STATUS_CANCELLED &&
        (!Blank(t.plan()) || !Blank(t.due_date()))) {
      return true;
    }
    return model::AcceptanceValidAt(r.acceptance(), as_of_);
  }

  void CheckRisks() {
    const int risks = reg_.risks_size();
    v1::ReadinessItem* done =
        Add("RISK_ASSESSMENT_DONE", "6.1.2/8.2", "Risks assessed",
            v1::READINESS_CATEGORY_RISK);
    done->set_met(risks > 0);
    done->set_detail(
        risks > 0 ? absl::StrCat(Count(risks, "risk", "risks"), " assessed")
                  : "no risk recorded");

    v1::ReadinessItem* owners =
        Add("RISK_OWNERS", "6.1.2 c", "Every risk has an owner",
            v1::READINESS_CATEGORY_RISK);
    for (const v1::Risk& r : reg_.risks()) {
      if (Blank(r.owner())) owners->add_object_ids(r.id());
    }
    owners->set_met(risks > 0 && owners->object_ids().empty());
    if (risks == 0) {
      owners->set_detail("no risk recorded");
    } else if (owners->met()) {
      owners->set_detail(absl::StrCat("all ", risks, " risks have an owner"));
    } else {
      owners->set_detail(absl::StrCat(owners->object_ids_size(), " of ",
                                      Count(risks, "risk", "risks"),
                                      " without an owner"));
    }

    v1::ReadinessItem* covered =
        Add("RISK_TREATMENT_COVERS_ABOVE_APPETITE", "6.1.3/8.3",
            "Every risk above appetite treated or accepted",
            v1::READINESS_CATEGORY_RISK);
    const absl::Span<const uint8_t> level = engine_.level(RiskEngine::kCurrent);
    const auto& levels = reg_.risk_method().risk_levels();
    int above = 0;
    for (int i = 0; i < risks; ++i) {
      const bool acceptable =
          level[i] < levels.size() && levels.Get(level[i]).acceptable();
      if (acceptable) continue;
      ++above;
      if (!Covered(reg_.risks(i))) covered->add_object_ids(reg_.risks(i).id());
    }
    covered->set_met(risks > 0 && covered->object_ids().empty());
    if (risks == 0) {
      covered->set_detail("no risk recorded");
    } else if (above == 0) {
      covered->set_detail("no risk above appetite");
    } else if (covered->met()) {
      covered->set_detail(absl::StrCat("all ", Count(above, "risk", "risks"),
                                       " above appetite treated or accepted"));
    } else {
      covered->set_detail(absl::StrCat(
          covered->object_ids_size(), " of ", Count(above, "risk", "risks"),
          " above appetite without a treatment (option and plan or due date) "
          "or a valid acceptance"));
    }
  }

  const v1::Register& reg_;
  const RiskEngine& engine_;
  const CatalogSet& catalogs_;
  const std::string catalog_;
  const int as_of_;
  const int year_before_;
  // Canonical control id of the catalog -> its SoA entry.
  absl::flat_hash_map<std::string, const v1::SoaEntry*> soa_;
  // Canonical control ids that a risk treatment justifies.
  absl::flat_hash_set<std::string> treats_risk_;
  v1::Readiness out_;
};

// --- Rendering --------------------------------------------------------------

constexpr v1::ReadinessCategory kCategoryOrder[] = {
    v1::READINESS_CATEGORY_DOCUMENT, v1::READINESS_CATEGORY_RECORD,
    v1::READINESS_CATEGORY_ACTIVITY, v1::READINESS_CATEGORY_SOA,
    v1::READINESS_CATEGORY_RISK,     v1::READINESS_CATEGORY_UNSPECIFIED,
};

absl::string_view CategoryTitle(v1::ReadinessCategory c) {
  switch (c) {
    case v1::READINESS_CATEGORY_DOCUMENT:
      return "Mandatory documents";
    case v1::READINESS_CATEGORY_RECORD:
      return "Records";
    case v1::READINESS_CATEGORY_ACTIVITY:
      return "Context, activities and follow-up";
    case v1::READINESS_CATEGORY_SOA:
      return "Statement of Applicability";
    case v1::READINESS_CATEGORY_RISK:
      return "Risk assessment and treatment";
    default:
      return "Other";
  }
}

// Items of one category, in their order.
std::vector<const v1::ReadinessItem*> ItemsOf(const v1::Readiness& r,
                                              v1::ReadinessCategory c) {
  std::vector<const v1::ReadinessItem*> out;
  for (const v1::ReadinessItem& item : r.items()) {
    const bool known = v1::ReadinessCategory_IsValid(item.category());
    if (item.category() == c ||
        (c == v1::READINESS_CATEGORY_UNSPECIFIED && !known)) {
      out.push_back(&item);
    }
  }
  return out;
}

std::string ScoreLine(const v1::Readiness& r) {
  return absl::StrFormat("Readiness: %d of %d items met (%.1f%%)", r.met(),
                         r.total(), r.score() * 100.0);
}

std::string RenderText(const v1::Readiness& r) {
  std::string out =
      absl::StrCat("Certification readiness (ISO/IEC 27001:2022) at ",
                   r.as_of(), ": ", r.ready() ? "ready" : "NOT ready", "\n");
  for (v1::ReadinessCategory c : kCategoryOrder) {
    std::vector<const v1::ReadinessItem*> items = ItemsOf(r, c);
    if (items.empty()) continue;
    absl::StrAppend(&out, "\n", CategoryTitle(c), "\n");
    for (const v1::ReadinessItem* item : items) {
      absl::StrAppend(
          &out, absl::StrFormat("  [%s] %-10s %s\n", item->met() ? "x" : " ",
                                item->clause(), item->title()));
      if (!item->detail().empty()) {
        absl::StrAppend(&out, std::string(17, ' '), item->detail(), "\n");
      }
      if (!item->met() && !item->object_ids().empty()) {
        absl::StrAppend(&out, std::string(17, ' '),
                        "objects: ", absl::StrJoin(item->object_ids(), ", "),
                        "\n");
      }
    }
  }
  absl::StrAppend(&out, "\n", ScoreLine(r), "\n");
  return out;
}

// A Markdown table cell: no line breaks, '|' escaped.
std::string Cell(absl::string_view s) {
  return absl::StrReplaceAll(s, {{"|", "\\|"}, {"\r", " "}, {"\n", " "}});
}

std::string RenderMarkdown(const v1::Readiness& r) {
  std::string out = absl::StrCat(
      "# Certification readiness\n\nISO/IEC 27001:2022, at ", r.as_of(), ": **",
      r.ready() ? "ready" : "not ready", "**.\n");
  for (v1::ReadinessCategory c : kCategoryOrder) {
    std::vector<const v1::ReadinessItem*> items = ItemsOf(r, c);
    if (items.empty()) continue;
    absl::StrAppend(&out, "\n## ", CategoryTitle(c),
                    "\n\n| Met | Clause | Item | Detail | Objects | Id |\n"
                    "|:---:|---|---|---|---|---|\n");
    for (const v1::ReadinessItem* item : items) {
      absl::StrAppend(&out, "| ", item->met() ? "yes" : "**no**", " | ",
                      Cell(item->clause()), " | ", Cell(item->title()), " | ",
                      Cell(item->detail()), " | ",
                      Cell(absl::StrJoin(item->object_ids(), ", ")), " | `",
                      Cell(item->id()), "` |\n");
    }
  }
  absl::StrAppend(&out, "\n", ScoreLine(r), "\n");
  return out;
}

std::string RenderJson(const v1::Readiness& r) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  const auto st = google::protobuf::util::MessageToJsonString(r, &out, options);
  if (!st.ok()) {
    return absl::StrCat("{\"error\": \"",
                        absl::CEscape(std::string(st.message())), "\"}\n");
  }
  return out;
}

}  // namespace

absl::StatusOr<v1::Readiness> CheckReadiness(const v1::Register& reg,
                                             const RiskEngine& engine,
                                             const ComplianceOptions& options) {
  const std::string as_of_text =
      options.as_of.empty() ? internal::Today() : options.as_of;
  absl::StatusOr<int> as_of = internal::ParseDate(as_of_text);
  if (!as_of.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("readiness: as_of: ", as_of.status().message()));
  }
  const CatalogSet& catalogs =
      options.catalogs != nullptr ? *options.catalogs : CatalogSet::BuiltIn();
  // ComplianceCatalog()'s order, computed here so that readiness does not
  // depend on the SoA module.
  std::string catalog = options.catalog;
  if (catalog.empty()) catalog = reg.soa().catalog();
  if (catalog.empty()) catalog = reg.risk_method().catalog();
  if (catalog.empty()) catalog = std::string(kDefaultCatalog);
  if (catalogs.FindCatalog(catalog) == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("readiness: unknown catalog \"", catalog, "\""));
  }
  return Checker(reg, engine, catalogs, std::move(catalog), *as_of).Run();
}

absl::StatusOr<ReadinessFormat> ParseReadinessFormat(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower == "text" || lower == "txt") return ReadinessFormat::kText;
  if (lower == "md" || lower == "markdown") return ReadinessFormat::kMarkdown;
  if (lower == "json") return ReadinessFormat::kJson;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown readiness format \"", name,
                   "\" (expected text, md, markdown or json)"));
}

std::string RenderReadiness(const v1::Readiness& readiness,
                            ReadinessFormat format) {
  switch (format) {
    case ReadinessFormat::kMarkdown:
      return RenderMarkdown(readiness);
    case ReadinessFormat::kJson:
      return RenderJson(readiness);
    case ReadinessFormat::kText:
      break;
  }
  return RenderText(readiness);
}

}  // namespace isms
