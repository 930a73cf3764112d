// Tests of isms::CheckReadiness, ParseReadinessFormat and RenderReadiness
// (DESIGN.md section 5, "Readiness for certification").
//
// Base() is a small register that meets every item at kAsOf. Each case of
// ItemCaseTest makes the smallest change to it that fails (or keeps met) one
// item and asserts that item's met flag, a piece of its detail, its object
// ids, and the exact set of items that are then not met.
#include <functional>
#include <iostream>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "isms/catalog.h"
#include "isms/compliance.h"
#include "isms/io.h"
#include "isms/risk_engine.h"
#include "isms/v1/compliance.pb.h"
#include "isms/v1/register.pb.h"

namespace {

using ::isms::ComplianceOptions;
using ::isms::ReadinessFormat;
using ::isms::RiskEngine;
using ::isms::v1::Document;
using ::isms::v1::DocumentKind;
using ::isms::v1::Readiness;
using ::isms::v1::ReadinessItem;
using ::isms::v1::Register;
using ::isms::v1::SoaEntry;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

constexpr char kAsOf[] = "2026-11-22";

// Items of a readiness check, in order: 2 context + 17 documents + 7 records
// + 7 activities + 3 SoA + 3 risk = 39.
constexpr int kItems = 39;

// Everything of the base register except its documents and SoA entries
// (added by Base()). Risk levels: "ok" (acceptable) except likelihood high
// with impact high, "bad". R-1 is low x low (ok); R-2 is high x high (bad,
// above appetite) with a treatment plan.
constexpr char kBaseText[] = R"pb(
  schema_version: "1"
  organization { name: "Small Ltd" scope: "All services of Small Ltd." }
  risk_method {
    likelihood {
      levels { id: "low" }
      levels { id: "high" }
    }
    impact {
      levels { id: "low" }
      levels { id: "high" }
    }
    risk_levels { id: "ok" acceptable: true }
    risk_levels { id: "bad" }
    grid: [ "ok", "ok", "ok", "bad" ]
    catalog: "iso27001:2022"
  }
  assets {
    id: "A-1"
    name: "Customer data"
    type: ASSET_TYPE_INFORMATION
    value { confidentiality: "high" }
  }
  threats { id: "T-1" name: "Phishing" likelihood: "low" }
  controls {
    id: "C-1"
    name: "Security keys"
    owner: "P-1"
    catalog_refs: "iso27001:2022/8.5"
    status: CONTROL_STATUS_IMPLEMENTED
  }
  risks {
    id: "R-1"
    title: "Lost laptop"
    owner: "P-1"
    asset_ids: "A-1"
    threat_id: "T-1"
    likelihood: "low"
    impact: "low"
  }
  risks {
    id: "R-2"
    title: "Account takeover"
    owner: "P-1"
    asset_ids: "A-1"
    threat_id: "T-1"
    likelihood: "high"
    impact: "high"
    treatment {
      option: TREATMENT_OPTION_MODIFY
      plan: "Roll out security keys"
      due_date: "2027-03-31"
    }
  }
  soa {
    catalog: "iso27001:2022"
    version: "1.0"
    approved_by: "P-1"
    approved_on: "2026-10-01"
  }
  audits { id: "IA-1" kind: AUDIT_KIND_INTERNAL date: "2026-09-01" }
  nonconformities {
    id: "NC-1"
    audit_id: "IA-1"
    severity: NONCONFORMITY_SEVERITY_MINOR
    corrective_action { description: "Fix it" due_date: "2026-12-31" }
  }
  objectives {
    id: "OBJ-1"
    statement: "Security keys for everyone"
    target: 100
    actual: 99
  }
  management_reviews { id: "MR-1" date: "2026-10-01" }
  interested_parties { id: "IP-1" name: "Customers" }
  people {
    id: "P-1"
    name: "Pat"
    trainings { course: "Awareness" date: "2026-06-01" }
  }
)pb";

// "DOCUMENT_KIND_ISMS_SCOPE" -> "ISMS_SCOPE".
std::string KindName(DocumentKind kind) {
  return std::string(
      absl::StripPrefix(isms::v1::DocumentKind_Name(kind), "DOCUMENT_KIND_"));
}

// The base register's document of a kind: "D-ISMS_SCOPE".
std::string DocId(DocumentKind kind) {
  return absl::StrCat("D-", KindName(kind));
}

// The 17 mandatory documents with their ISO/IEC 27001:2022 Annex A control
// ("" for the clause documents), then the 7 records.
const std::vector<std::pair<DocumentKind, std::string>>& MandatoryDocuments() {
  static const auto* kDocs =
      new std::vector<std::pair<DocumentKind, std::string>>{
          {isms::v1::DOCUMENT_KIND_ISMS_SCOPE, ""},
          {isms::v1::DOCUMENT_KIND_INFORMATION_SECURITY_POLICY, ""},
          {isms::v1::DOCUMENT_KIND_INFORMATION_SECURITY_OBJECTIVES, ""},
          {isms::v1::DOCUMENT_KIND_RISK_METHODOLOGY, ""},
          {isms::v1::DOCUMENT_KIND_STATEMENT_OF_APPLICABILITY, ""},
          {isms::v1::DOCUMENT_KIND_RISK_TREATMENT_PLAN, ""},
          {isms::v1::DOCUMENT_KIND_RISK_ASSESSMENT_REPORT, ""},
          {isms::v1::DOCUMENT_KIND_ROLES_AND_RESPONSIBILITIES, ""},
          {isms::v1::DOCUMENT_KIND_ASSET_INVENTORY, "5.9"},
          {isms::v1::DOCUMENT_KIND_ACCEPTABLE_USE, "5.10"},
          {isms::v1::DOCUMENT_KIND_ACCESS_CONTROL_POLICY, "5.15"},
          {isms::v1::DOCUMENT_KIND_OPERATING_PROCEDURES, "5.37"},
          {isms::v1::DOCUMENT_KIND_SECURE_ENGINEERING_PRINCIPLES, "8.27"},
          {isms::v1::DOCUMENT_KIND_SUPPLIER_SECURITY_POLICY, "5.19"},
          {isms::v1::DOCUMENT_KIND_INCIDENT_MANAGEMENT_PROCEDURE, "5.26"},
          {isms::v1::DOCUMENT_KIND_BUSINESS_CONTINUITY_PROCEDURES, "5.30"},
          {isms::v1::DOCUMENT_KIND_LEGAL_REQUIREMENTS, "5.31"},
      };
  return *kDocs;
}

const std::vector<DocumentKind>& Records() {
  static const auto* kRecords = new std::vector<DocumentKind>{
      isms::v1::DOCUMENT_KIND_TRAINING_RECORDS,
      isms::v1::DOCUMENT_KIND_MONITORING_RESULTS,
      isms::v1::DOCUMENT_KIND_INTERNAL_AUDIT_PROGRAMME,
      isms::v1::DOCUMENT_KIND_INTERNAL_AUDIT_RESULTS,
      isms::v1::DOCUMENT_KIND_MANAGEMENT_REVIEW_RESULTS,
      isms::v1::DOCUMENT_KIND_CORRECTIVE_ACTIONS,
      isms::v1::DOCUMENT_KIND_SECURITY_EVENT_LOGS,
  };
  return *kRecords;
}

const isms::v1::Catalog& Iso2022() {
  const isms::v1::Catalog* c =
      isms::CatalogSet::BuiltIn().FindCatalog("iso27001:2022");
  EXPECT_NE(c, nullptr);
  return *c;
}

void AddDocument(Register* reg, DocumentKind kind) {
  Document* d = reg->add_documents();
  d->set_id(DocId(kind));
  d->set_kind(kind);
  d->set_title(KindName(kind));
  d->set_owner("P-1");
  d->set_version("1.0");
  d->set_status(isms::v1::DOCUMENT_STATUS_APPROVED);
  d->set_approved_on("2026-01-15");
  d->set_next_review("2027-01-15");
}

// Meets every readiness item at kAsOf: every mandatory document and record
// approved on 2026-01-15 for review on 2027-01-15, and every control of
// ISO/IEC 27001:2022 applicable as best practice.
Register Base() {
  Register reg;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(kBaseText, &reg));
  for (const auto& [kind, control] : MandatoryDocuments()) {
    AddDocument(&reg, kind);
  }
  for (DocumentKind kind : Records()) AddDocument(&reg, kind);
  for (const isms::v1::CatalogControl& c : Iso2022().controls()) {
    SoaEntry* e = reg.mutable_soa()->add_entries();
    e->set_control_ref(c.id());
    e->set_applicable(true);
    e->add_reasons(isms::v1::SOA_REASON_BEST_PRACTICE);
  }
  return reg;
}

Document* Doc(Register* reg, DocumentKind kind) {
  for (Document& d : *reg->mutable_documents()) {
    if (d.kind() == kind) return &d;
  }
  ADD_FAILURE() << "no document " << KindName(kind);
  return reg->add_documents();
}

void RemoveDocuments(Register* reg, DocumentKind kind) {
  auto* docs = reg->mutable_documents();
  for (int i = docs->size() - 1; i >= 0; --i) {
    if (docs->Get(i).kind() == kind) docs->DeleteSubrange(i, 1);
  }
}

SoaEntry* Entry(Register* reg, absl::string_view control) {
  for (SoaEntry& e : *reg->mutable_soa()->mutable_entries()) {
    if (e.control_ref() == control) return &e;
  }
  ADD_FAILURE() << "no SoA entry " << control;
  return reg->mutable_soa()->add_entries();
}

void RemoveEntry(Register* reg, absl::string_view control) {
  auto* entries = reg->mutable_soa()->mutable_entries();
  for (int i = entries->size() - 1; i >= 0; --i) {
    if (entries->Get(i).control_ref() == control) {
      entries->DeleteSubrange(i, 1);
    }
  }
}

isms::v1::Risk* Risk(Register* reg, absl::string_view id) {
  for (isms::v1::Risk& r : *reg->mutable_risks()) {
    if (r.id() == id) return &r;
  }
  ADD_FAILURE() << "no risk " << id;
  return reg->add_risks();
}

isms::EngineOptions AtAsOf() {
  isms::EngineOptions options;
  options.as_of = kAsOf;
  return options;
}

absl::StatusOr<Readiness> Check(const Register& reg,
                                const std::string& as_of = kAsOf,
                                const ComplianceOptions& extra = {}) {
  isms::EngineOptions engine_options;
  engine_options.as_of = as_of;
  absl::StatusOr<std::unique_ptr<RiskEngine>> engine =
      RiskEngine::Create(reg, engine_options);
  if (!engine.ok()) return engine.status();
  (*engine)->Evaluate();
  ComplianceOptions options = extra;
  options.as_of = as_of;
  return isms::CheckReadiness(reg, **engine, options);
}

const ReadinessItem& Item(const Readiness& r, absl::string_view id) {
  for (const ReadinessItem& item : r.items()) {
    if (item.id() == id) return item;
  }
  ADD_FAILURE() << "no readiness item " << id;
  return ReadinessItem::default_instance();
}

std::set<std::string> Unmet(const Readiness& r) {
  std::set<std::string> out;
  for (const ReadinessItem& item : r.items()) {
    if (!item.met()) out.insert(item.id());
  }
  return out;
}

// ===========================================================================
// The base register
// ===========================================================================

TEST(ReadinessTest, BaseRegisterIsReady) {
  absl::StatusOr<Readiness> r = Check(Base());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->as_of(), kAsOf);
  EXPECT_THAT(Unmet(*r), IsEmpty());
  EXPECT_EQ(r->total(), kItems);
  EXPECT_EQ(r->met(), kItems);
  EXPECT_DOUBLE_EQ(r->score(), 1.0);
  EXPECT_TRUE(r->ready());
}

TEST(ReadinessTest, ItemsInOrderWithClausesAndCategories) {
  absl::StatusOr<Readiness> r = Check(Base());
  ASSERT_TRUE(r.ok()) << r.status();
  std::vector<std::string> ids;
  std::vector<std::string> clauses;
  for (const ReadinessItem& item : r->items()) {
    ids.push_back(item.id());
    clauses.push_back(item.clause());
    EXPECT_FALSE(item.title().empty()) << item.id();
    EXPECT_FALSE(item.detail().empty()) << item.id();
    EXPECT_NE(item.category(), isms::v1::READINESS_CATEGORY_UNSPECIFIED)
        << item.id();
  }
  EXPECT_THAT(ids, ElementsAreArray(std::vector<std::string>{
                       "SCOPE_DEFINED",
                       "INTERESTED_PARTIES",
                       "DOC_ISMS_SCOPE",
                       "DOC_INFORMATION_SECURITY_POLICY",
                       "DOC_INFORMATION_SECURITY_OBJECTIVES",
                       "DOC_RISK_METHODOLOGY",
                       "DOC_STATEMENT_OF_APPLICABILITY",
                       "DOC_RISK_TREATMENT_PLAN",
                       "DOC_RISK_ASSESSMENT_REPORT",
                       "DOC_ROLES_AND_RESPONSIBILITIES",
                       "DOC_ASSET_INVENTORY",
                       "DOC_ACCEPTABLE_USE",
                       "DOC_ACCESS_CONTROL_POLICY",
                       "DOC_OPERATING_PROCEDURES",
                       "DOC_SECURE_ENGINEERING_PRINCIPLES",
                       "DOC_SUPPLIER_SECURITY_POLICY",
                       "DOC_INCIDENT_MANAGEMENT_PROCEDURE",
                       "DOC_BUSINESS_CONTINUITY_PROCEDURES",
                       "DOC_LEGAL_REQUIREMENTS",
                       "REC_TRAINING_RECORDS",
                       "REC_MONITORING_RESULTS",
                       "REC_INTERNAL_AUDIT_PROGRAMME",
                       "REC_INTERNAL_AUDIT_RESULTS",
                       "REC_MANAGEMENT_REVIEW_RESULTS",
                       "REC_CORRECTIVE_ACTIONS",
                       "REC_SECURITY_EVENT_LOGS",
                       "INTERNAL_AUDIT_RECENT",
                       "MANAGEMENT_REVIEW_RECENT",
                       "NO_OPEN_MAJOR_NONCONFORMITY",
                       "CORRECTIVE_ACTIONS_ON_TIME",
                       "OBJECTIVES_DEFINED",
                       "OBJECTIVES_MEASURED",
                       "TRAINING_CURRENT",
                       "SOA_COMPLETE",
                       "SOA_JUSTIFIED",
                       "SOA_APPROVED",
                       "RISK_ASSESSMENT_DONE",
                       "RISK_OWNERS",
                       "RISK_TREATMENT_COVERS_ABOVE_APPETITE",
                   }));
  EXPECT_THAT(
      clauses,
      ElementsAreArray(std::vector<std::string>{
          "4.3",       "4.2",     "4.3",       "5.2",     "6.2",     "6.1.2",
          "6.1.3 d",   "6.1.3 e", "8.2",       "5.3",     "A.5.9",   "A.5.10",
          "A.5.15",    "A.5.37",  "A.8.27",    "A.5.19",  "A.5.26",  "A.5.30",
          "A.5.31",    "7.2",     "9.1",       "9.2",     "9.2",     "9.3",
          "10.2",      "A.8.15",  "9.2",       "9.3",     "10.2",    "10.2",
          "6.2",       "9.1/6.2", "7.2",       "6.1.3 d", "6.1.3 d", "6.1.3 d",
          "6.1.2/8.2", "6.1.2 c", "6.1.3/8.3",
      }));
  EXPECT_EQ(Item(*r, "DOC_ISMS_SCOPE").category(),
            isms::v1::READINESS_CATEGORY_DOCUMENT);
  EXPECT_EQ(Item(*r, "REC_TRAINING_RECORDS").category(),
            isms::v1::READINESS_CATEGORY_RECORD);
  EXPECT_EQ(Item(*r, "TRAINING_CURRENT").category(),
            isms::v1::READINESS_CATEGORY_ACTIVITY);
  EXPECT_EQ(Item(*r, "SOA_COMPLETE").category(),
            isms::v1::READINESS_CATEGORY_SOA);
  EXPECT_EQ(Item(*r, "RISK_OWNERS").category(),
            isms::v1::READINESS_CATEGORY_RISK);
}

// ===========================================================================
// One case per item and way of failing or passing
// ===========================================================================

struct ItemCase {
  std::string name;
  std::string item;
  std::function<void(Register*)> change;
  bool met;
  std::string detail;  // a substring of the item's detail
  std::vector<std::string> objects;
  // Other items the change also fails.
  std::vector<std::string> also_unmet = {};
  std::string as_of = kAsOf;
};

void PrintTo(const ItemCase& c, std::ostream* os) { *os << c.name; }

void AddAudit(Register* reg, absl::string_view id, isms::v1::AuditKind kind,
              absl::string_view date) {
  isms::v1::Audit* a = reg->add_audits();
  a->set_id(std::string(id));
  a->set_kind(kind);
  a->set_date(std::string(date));
}

std::vector<ItemCase> Cases() {
  using R = Register*;
  std::vector<ItemCase> cases = {
      // --- A. Scope and context ---------------------------------------------
      {"ScopeEmpty",
       "SCOPE_DEFINED",
       [](R r) { r->mutable_organization()->clear_scope(); },
       false,
       "no scope statement",
       {}},
      {"ScopeBlank",
       "SCOPE_DEFINED",
       [](R r) { r->mutable_organization()->set_scope("  \n"); },
       false,
       "no scope statement",
       {}},
      {"ScopeSet",
       "SCOPE_DEFINED",
       [](R) {},
       true,
       "scope statement recorded",
       {}},
      {"NoInterestedParty",
       "INTERESTED_PARTIES",
       [](R r) { r->clear_interested_parties(); },
       false,
       "no interested party",
       {}},
      {"OneInterestedParty",
       "INTERESTED_PARTIES",
       [](R) {},
       true,
       "1 interested party recorded",
       {}},

      // --- B. Documents (every kind is also checked missing further down) ---
      {"ScopeDocDraft",
       "DOC_ISMS_SCOPE",
       [](R r) {
         Doc(r, isms::v1::DOCUMENT_KIND_ISMS_SCOPE)
             ->set_status(isms::v1::DOCUMENT_STATUS_DRAFT);
       },
       false,
       "not approved (draft)",
       {"D-ISMS_SCOPE"}},
      {"ScopeDocNoStatus",
       "DOC_ISMS_SCOPE",
       [](R r) { Doc(r, isms::v1::DOCUMENT_KIND_ISMS_SCOPE)->clear_status(); },
       false,
       "not approved (no status)",
       {"D-ISMS_SCOPE"}},
      {"ScopeDocObsolete",
       "DOC_ISMS_SCOPE",
       [](R r) {
         Doc(r, isms::v1::DOCUMENT_KIND_ISMS_SCOPE)
             ->set_status(isms::v1::DOCUMENT_STATUS_OBSOLETE);
       },
       false,
       "obsolete",
       {"D-ISMS_SCOPE"}},
      {"PolicyReviewOverdue",
       "DOC_INFORMATION_SECURITY_POLICY",
       [](R r) {
         Doc(r, isms::v1::DOCUMENT_KIND_INFORMATION_SECURITY_POLICY)
             ->set_next_review("2026-03-01");
       },
       false,
       "review overdue since 2026-03-01",
       {"D-INFORMATION_SECURITY_POLICY"}},
      {"PolicyReviewDueOnAsOf",
       "DOC_INFORMATION_SECURITY_POLICY",
       [](R r) {
         Doc(r, isms::v1::DOCUMENT_KIND_INFORMATION_SECURITY_POLICY)
             ->set_next_review(kAsOf);
       },
       true,
       "next review 2026-11-22",
       {"D-INFORMATION_SECURITY_POLICY"}},
      {"PolicyReviewDayBeforeAsOf",
       "DOC_INFORMATION_SECURITY_POLICY",
       [](R r) {
         Doc(r, isms::v1::DOCUMENT_KIND_INFORMATION_SECURITY_POLICY)
             ->set_next_review("2026-11-21");
       },
       false,
       "review overdue since 2026-11-21",
       {"D-INFORMATION_SECURITY_POLICY"}},
      {"PolicyNoReviewDate",
       "DOC_INFORMATION_SECURITY_POLICY",
       [](R r) {
         Doc(r, isms::v1::DOCUMENT_KIND_INFORMATION_SECURITY_POLICY)
             ->clear_next_review();
       },
       true,
       "no review date",
       {"D-INFORMATION_SECURITY_POLICY"}},
      {"PolicyBadReviewDate",
       "DOC_INFORMATION_SECURITY_POLICY",
       [](R r) {
         Doc(r, isms::v1::DOCUMENT_KIND_INFORMATION_SECURITY_POLICY)
             ->set_next_review("2027-02-30");
       },
       false,
       "bad next review date",
       {"D-INFORMATION_SECURITY_POLICY"}},
      {"MethodologyApprovedWithoutDate",
       "DOC_RISK_METHODOLOGY",
       [](R r) {
         Doc(r, isms::v1::DOCUMENT_KIND_RISK_METHODOLOGY)->clear_approved_on();
       },
       false,
       "no approval date",
       {"D-RISK_METHODOLOGY"}},
      {"MethodologyApprovedAfterAsOf",
       "DOC_RISK_METHODOLOGY",
       [](R r) {
         Doc(r, isms::v1::DOCUMENT_KIND_RISK_METHODOLOGY)
             ->set_approved_on("2026-11-23");
       },
       false,
       "approved only on 2026-11-23, after 2026-11-22",
       {"D-RISK_METHODOLOGY"}},
      {"MethodologyApprovedOnAsOf",
       "DOC_RISK_METHODOLOGY",
       [](R r) {
         Doc(r, isms::v1::DOCUMENT_KIND_RISK_METHODOLOGY)
             ->set_approved_on(kAsOf);
       },
       true,
       "D-RISK_METHODOLOGY approved on 2026-11-22",
       {"D-RISK_METHODOLOGY"}},
      {"PlanObsoleteButNewVersionApproved",
       "DOC_RISK_TREATMENT_PLAN",
       [](R r) {
         Document* old = r->add_documents();
         *old = *Doc(r, isms::v1::DOCUMENT_KIND_RISK_TREATMENT_PLAN);
         old->set_id("D-OLD");
         old->set_status(isms::v1::DOCUMENT_STATUS_OBSOLETE);
       },
       true,
       "D-RISK_TREATMENT_PLAN approved",
       {"D-RISK_TREATMENT_PLAN", "D-OLD"}},
      {"PlanTwoVersionsNeitherGood",
       "DOC_RISK_TREATMENT_PLAN",
       [](R r) {
         Document* draft = Doc(r, isms::v1::DOCUMENT_KIND_RISK_TREATMENT_PLAN);
         Document* old = r->add_documents();
         *old = *draft;
         old->set_id("D-OLD");
         old->set_status(isms::v1::DOCUMENT_STATUS_OBSOLETE);
         Doc(r, isms::v1::DOCUMENT_KIND_RISK_TREATMENT_PLAN)
             ->set_status(isms::v1::DOCUMENT_STATUS_DRAFT);
       },
       false,
       "D-RISK_TREATMENT_PLAN: not approved (draft); D-OLD: obsolete",
       {"D-RISK_TREATMENT_PLAN", "D-OLD"}},
      {"AssetInventoryExcluded",
       "DOC_ASSET_INVENTORY",
       [](R r) {
         RemoveDocuments(r, isms::v1::DOCUMENT_KIND_ASSET_INVENTORY);
         SoaEntry* e = Entry(r, "5.9");
         e->set_applicable(false);
         e->clear_reasons();
         e->set_exclusion_justification("No assets.");
       },
       true,
       "not required: A.5.9 excluded in the SoA",
       {}},
      {"AssetInventoryExcludedDraftStillListed",
       "DOC_ASSET_INVENTORY",
       [](R r) {
         Doc(r, isms::v1::DOCUMENT_KIND_ASSET_INVENTORY)
             ->set_status(isms::v1::DOCUMENT_STATUS_DRAFT);
         SoaEntry* e = Entry(r, "5.9");
         e->set_applicable(false);
         e->set_exclusion_justification("No assets.");
       },
       true,
       "not required: A.5.9 excluded in the SoA",
       {"D-ASSET_INVENTORY"}},
      {"AssetInventoryUndecidedStillRequired",
       "DOC_ASSET_INVENTORY",
       [](R r) {
         RemoveDocuments(r, isms::v1::DOCUMENT_KIND_ASSET_INVENTORY);
         Entry(r, "5.9")->clear_applicable();
       },
       false,
       "missing",
       {},
       {"SOA_COMPLETE"}},
      {"ScopeDocIgnoresSoa",
       "DOC_ISMS_SCOPE",
       [](R r) {
         RemoveDocuments(r, isms::v1::DOCUMENT_KIND_ISMS_SCOPE);
         SoaEntry* e = Entry(r, "5.1");
         e->set_applicable(false);
         e->set_exclusion_justification("Nonsense.");
       },
       false,
       "missing",
       {}},

      // --- C. Records
      // ---------------------------------------------------------
      {"TrainingRecordsDraftIsEnough",
       "REC_TRAINING_RECORDS",
       [](R r) {
         Document* d = Doc(r, isms::v1::DOCUMENT_KIND_TRAINING_RECORDS);
         d->set_status(isms::v1::DOCUMENT_STATUS_DRAFT);
         d->clear_approved_on();
         d->set_next_review("2020-01-01");
       },
       true,
       "D-TRAINING_RECORDS recorded",
       {"D-TRAINING_RECORDS"}},

      // --- D. Activities
      // ------------------------------------------------------
      {"NoAudit",
       "INTERNAL_AUDIT_RECENT",
       [](R r) { r->clear_audits(); },
       false,
       "no internal audit recorded",
       {}},
      {"AuditExactlyOneYearBefore",
       "INTERNAL_AUDIT_RECENT",
       [](R r) { r->mutable_audits(0)->set_date("2025-11-22"); },
       false,
       "last internal audit IA-1 on 2025-11-22, 12 months or more before "
       "2026-11-22",
       {"IA-1"}},
      {"AuditOneDayAfterOneYearBefore",
       "INTERNAL_AUDIT_RECENT",
       [](R r) { r->mutable_audits(0)->set_date("2025-11-23"); },
       true,
       "IA-1 on 2025-11-23",
       {"IA-1"}},
      {"AuditOnAsOf",
       "INTERNAL_AUDIT_RECENT",
       [](R r) { r->mutable_audits(0)->set_date(kAsOf); },
       true,
       "IA-1 on 2026-11-22",
       {"IA-1"}},
      {"AuditAfterAsOf",
       "INTERNAL_AUDIT_RECENT",
       [](R r) { r->mutable_audits(0)->set_date("2026-11-23"); },
       false,
       "no internal audit dated on or before 2026-11-22",
       {}},
      {"OnlyCertificationAudit",
       "INTERNAL_AUDIT_RECENT",
       [](R r) {
         r->mutable_audits(0)->set_kind(isms::v1::AUDIT_KIND_CERTIFICATION);
       },
       false,
       "no internal audit recorded",
       {}},
      {"LatestAuditCounts",
       "INTERNAL_AUDIT_RECENT",
       [](R r) {
         AddAudit(r, "IA-0", isms::v1::AUDIT_KIND_INTERNAL, "2024-09-01");
       },
       true,
       "IA-1 on 2026-09-01",
       {"IA-1"}},
      // 2028-02-29 one year before is 2027-02-28.
      {"LeapDayOneYearBefore",
       "INTERNAL_AUDIT_RECENT",
       [](R r) {
         r->mutable_audits(0)->set_date("2027-02-28");
         r->mutable_management_reviews(0)->set_date("2028-01-01");
         r->mutable_people(0)->mutable_trainings(0)->set_date("2028-01-01");
         r->mutable_nonconformities(0)
             ->mutable_corrective_action()
             ->set_due_date("2028-12-31");
         for (Document& d : *r->mutable_documents()) {
           d.set_next_review("2028-12-31");
         }
         Risk(r, "R-2")->mutable_treatment()->set_due_date("2028-12-31");
       },
       false,
       "12 months or more before 2028-02-29",
       {"IA-1"},
       {},
       "2028-02-29"},
      {"LeapDayOneYearBeforePlusOne",
       "INTERNAL_AUDIT_RECENT",
       [](R r) {
         r->mutable_audits(0)->set_date("2027-03-01");
         r->mutable_management_reviews(0)->set_date("2028-01-01");
         r->mutable_people(0)->mutable_trainings(0)->set_date("2028-01-01");
         r->mutable_nonconformities(0)
             ->mutable_corrective_action()
             ->set_due_date("2028-12-31");
         for (Document& d : *r->mutable_documents()) {
           d.set_next_review("2028-12-31");
         }
       },
       true,
       "IA-1 on 2027-03-01",
       {"IA-1"},
       {},
       "2028-02-29"},
      {"NoManagementReview",
       "MANAGEMENT_REVIEW_RECENT",
       [](R r) { r->clear_management_reviews(); },
       false,
       "no management review recorded",
       {}},
      {"ReviewExactlyOneYearBefore",
       "MANAGEMENT_REVIEW_RECENT",
       [](R r) { r->mutable_management_reviews(0)->set_date("2025-11-22"); },
       false,
       "last management review MR-1 on 2025-11-22",
       {"MR-1"}},
      {"ReviewOneDayAfterOneYearBefore",
       "MANAGEMENT_REVIEW_RECENT",
       [](R r) { r->mutable_management_reviews(0)->set_date("2025-11-23"); },
       true,
       "MR-1 on 2025-11-23",
       {"MR-1"}},
      {"OpenMajor",
       "NO_OPEN_MAJOR_NONCONFORMITY",
       [](R r) {
         r->mutable_nonconformities(0)->set_severity(
             isms::v1::NONCONFORMITY_SEVERITY_MAJOR);
       },
       false,
       "1 major nonconformity without a closed corrective action",
       {"NC-1"}},
      {"ClosedMajor",
       "NO_OPEN_MAJOR_NONCONFORMITY",
       [](R r) {
         r->mutable_nonconformities(0)->set_severity(
             isms::v1::NONCONFORMITY_SEVERITY_MAJOR);
         r->mutable_nonconformities(0)
             ->mutable_corrective_action()
             ->set_closed_on("2026-10-01");
       },
       true,
       "no open major nonconformity",
       {}},
      {"OpenMinorOnly",
       "NO_OPEN_MAJOR_NONCONFORMITY",
       [](R) {},
       true,
       "no open major nonconformity",
       {}},
      {"ActionOverdue",
       "CORRECTIVE_ACTIONS_ON_TIME",
       [](R r) {
         r->mutable_nonconformities(0)
             ->mutable_corrective_action()
             ->set_due_date("2026-11-21");
       },
       false,
       "overdue: NC-1 due 2026-11-21",
       {"NC-1"}},
      {"ActionDueOnAsOf",
       "CORRECTIVE_ACTIONS_ON_TIME",
       [](R r) {
         r->mutable_nonconformities(0)
             ->mutable_corrective_action()
             ->set_due_date(kAsOf);
       },
       true,
       "no open corrective action past its due date",
       {}},
      {"ActionOverdueButClosed",
       "CORRECTIVE_ACTIONS_ON_TIME",
       [](R r) {
         auto* ca = r->mutable_nonconformities(0)->mutable_corrective_action();
         ca->set_due_date("2026-01-31");
         ca->set_closed_on("2026-02-15");
       },
       true,
       "no open corrective action past its due date",
       {}},
      {"NoObjective",
       "OBJECTIVES_DEFINED",
       [](R r) { r->clear_objectives(); },
       false,
       "no objective recorded",
       {},
       {"OBJECTIVES_MEASURED"}},
      {"OneObjective",
       "OBJECTIVES_DEFINED",
       [](R) {},
       true,
       "1 objective recorded",
       {}},
      {"ObjectiveNotMeasured",
       "OBJECTIVES_MEASURED",
       [](R r) { r->mutable_objectives(0)->clear_actual(); },
       false,
       "1 of 1 objective without a measured value",
       {"OBJ-1"}},
      {"SecondObjectiveNotMeasured",
       "OBJECTIVES_MEASURED",
       [](R r) {
         isms::v1::Objective* o = r->add_objectives();
         o->set_id("OBJ-2");
         o->set_target(4);
       },
       false,
       "1 of 2 objectives without a measured value",
       {"OBJ-2"}},
      {"ObjectiveMeasuredZero",
       "OBJECTIVES_MEASURED",
       [](R r) { r->mutable_objectives(0)->set_actual(0); },
       true,
       "1 objective, all measured",
       {}},
      {"NoObjectiveNothingMeasured",
       "OBJECTIVES_MEASURED",
       [](R r) { r->clear_objectives(); },
       false,
       "no objective recorded",
       {},
       {"OBJECTIVES_DEFINED"}},
      {"NoPeople",
       "TRAINING_CURRENT",
       [](R r) { r->clear_people(); },
       false,
       "no people recorded",
       {}},
      {"TrainingExactlyOneYearBefore",
       "TRAINING_CURRENT",
       [](R r) {
         r->mutable_people(0)->mutable_trainings(0)->set_date("2025-11-22");
       },
       false,
       "1 of 1 person without training after 2025-11-22",
       {"P-1"}},
      {"TrainingOneDayAfterOneYearBefore",
       "TRAINING_CURRENT",
       [](R r) {
         r->mutable_people(0)->mutable_trainings(0)->set_date("2025-11-23");
       },
       true,
       "all 1 person trained after 2025-11-22",
       {}},
      {"PersonNeverTrained",
       "TRAINING_CURRENT",
       [](R r) {
         isms::v1::Person* p = r->add_people();
         p->set_id("P-2");
         p->set_name("Sam");
       },
       false,
       "1 of 2 people without training",
       {"P-2"}},
      {"OldAndNewTraining",
       "TRAINING_CURRENT",
       [](R r) {
         isms::v1::Training* t = r->mutable_people(0)->add_trainings();
         t->set_course("Induction");
         t->set_date("2019-01-01");
       },
       true,
       "all 1 person trained",
       {}},

      // --- E. Statement of Applicability -------------------------------------
      {"SoaMissesOneControl",
       "SOA_COMPLETE",
       [](R r) { RemoveEntry(r, "5.1"); },
       false,
       "1 of 93 controls of iso27001:2022 without a decision",
       {"5.1"}},
      {"SoaEntryWithoutDecision",
       "SOA_COMPLETE",
       [](R r) { Entry(r, "8.5")->clear_applicable(); },
       false,
       "1 of 93 controls",
       {"8.5"}},
      {"SoaEmpty",
       "SOA_COMPLETE",
       [](R r) { r->mutable_soa()->clear_entries(); },
       false,
       "93 of 93 controls of iso27001:2022 without a decision (the first 20 "
       "listed)",
       {"5.1",  "5.2",  "5.3",  "5.4",  "5.5",  "5.6",  "5.7",
        "5.8",  "5.9",  "5.10", "5.11", "5.12", "5.13", "5.14",
        "5.15", "5.16", "5.17", "5.18", "5.19", "5.20"},
       {"SOA_JUSTIFIED"}},
      {"SoaRefWithAnnexPrefix",
       "SOA_COMPLETE",
       [](R r) { Entry(r, "5.1")->set_control_ref("A.5.1"); },
       true,
       "all 93 controls of iso27001:2022 decided",
       {}},
      {"SoaExcludedWithoutJustification",
       "SOA_JUSTIFIED",
       [](R r) {
         SoaEntry* e = Entry(r, "7.6");
         e->set_applicable(false);
         e->clear_reasons();
       },
       false,
       "7.6 excluded without a justification",
       {"7.6"}},
      {"SoaExcludedWithJustification",
       "SOA_JUSTIFIED",
       [](R r) {
         SoaEntry* e = Entry(r, "7.6");
         e->set_applicable(false);
         e->clear_reasons();
         e->set_exclusion_justification("No secure areas in scope.");
       },
       true,
       "every one of 93 decisions justified",
       {}},
      {"SoaApplicableWithoutReason",
       "SOA_JUSTIFIED",
       [](R r) { Entry(r, "5.2")->clear_reasons(); },
       false,
       "5.2 applicable without a reason",
       {"5.2"}},
      // C-1 references 8.5; once a risk names C-1 as a mitigation the risk
      // treatment justifies 8.5 by itself.
      {"SoaApplicableJustifiedByRiskTreatment",
       "SOA_JUSTIFIED",
       [](R r) {
         Entry(r, "8.5")->clear_reasons();
         Risk(r, "R-1")->add_mitigations()->set_control_id("C-1");
       },
       true,
       "justified",
       {}},
      {"SoaRetiredControlJustifiesNothing",
       "SOA_JUSTIFIED",
       [](R r) {
         Entry(r, "8.5")->clear_reasons();
         Risk(r, "R-1")->add_mitigations()->set_control_id("C-1");
         r->mutable_controls(0)->set_status(isms::v1::CONTROL_STATUS_RETIRED);
       },
       false,
       "8.5 applicable without a reason",
       {"8.5"}},
      {"SoaNoApprover",
       "SOA_APPROVED",
       [](R r) { r->mutable_soa()->clear_approved_by(); },
       false,
       "no approver",
       {}},
      {"SoaNoApprovalDate",
       "SOA_APPROVED",
       [](R r) { r->mutable_soa()->clear_approved_on(); },
       false,
       "no approval date",
       {}},
      {"SoaApprovedAfterAsOf",
       "SOA_APPROVED",
       [](R r) { r->mutable_soa()->set_approved_on("2026-12-01"); },
       false,
       "approved only on 2026-12-01, after 2026-11-22",
       {}},
      {"SoaApproved",
       "SOA_APPROVED",
       [](R) {},
       true,
       "approved by P-1 on 2026-10-01 (version 1.0)",
       {}},

      // --- F. Risk
      // --------------------------------------------------------------
      {"NoRisks",
       "RISK_ASSESSMENT_DONE",
       [](R r) { r->clear_risks(); },
       false,
       "no risk recorded",
       {},
       {"RISK_OWNERS", "RISK_TREATMENT_COVERS_ABOVE_APPETITE"}},
      {"TwoRisks",
       "RISK_ASSESSMENT_DONE",
       [](R) {},
       true,
       "2 risks assessed",
       {}},
      {"RiskWithoutOwner",
       "RISK_OWNERS",
       [](R r) { Risk(r, "R-1")->clear_owner(); },
       false,
       "1 of 2 risks without an owner",
       {"R-1"}},
      {"AllRisksOwned",
       "RISK_OWNERS",
       [](R) {},
       true,
       "all 2 risks have an owner",
       {}},
      {"AboveAppetiteUntreated",
       "RISK_TREATMENT_COVERS_ABOVE_APPETITE",
       [](R r) { Risk(r, "R-2")->clear_treatment(); },
       false,
       "1 of 1 risk above appetite without a treatment",
       {"R-2"}},
      {"TreatmentWithoutOption",
       "RISK_TREATMENT_COVERS_ABOVE_APPETITE",
       [](R r) { Risk(r, "R-2")->mutable_treatment()->clear_option(); },
       false,
       "1 of 1 risk",
       {"R-2"}},
      {"TreatmentWithoutPlanOrDueDate",
       "RISK_TREATMENT_COVERS_ABOVE_APPETITE",
       [](R r) {
         Risk(r, "R-2")->mutable_treatment()->clear_plan();
         Risk(r, "R-2")->mutable_treatment()->clear_due_date();
       },
       false,
       "1 of 1 risk",
       {"R-2"}},
      {"TreatmentWithDueDateOnly",
       "RISK_TREATMENT_COVERS_ABOVE_APPETITE",
       [](R r) { Risk(r, "R-2")->mutable_treatment()->clear_plan(); },
       true,
       "all 1 risk above appetite treated or accepted",
       {}},
      {"TreatmentCancelled",
       "RISK_TREATMENT_COVERS_ABOVE_APPETITE",
       [](R r) {
         Risk(r, "R-2")->mutable_treatment()->set_status(
             isms::v1::TREATMENT_STATUS_CANCELLED);
       },
       false,
       "1 of 1 risk",
       {"R-2"}},
      {"AcceptedInstead",
       "RISK_TREATMENT_COVERS_ABOVE_APPETITE",
       [](R r) {
         isms::v1::Risk* risk = Risk(r, "R-2");
         risk->clear_treatment();
         risk->mutable_acceptance()->set_accepted_by("P-1");
         risk->mutable_acceptance()->set_date("2026-11-01");
       },
       true,
       "treated or accepted",
       {}},
      {"AcceptanceExpiresOnAsOf",
       "RISK_TREATMENT_COVERS_ABOVE_APPETITE",
       [](R r) {
         isms::v1::Risk* risk = Risk(r, "R-2");
         risk->clear_treatment();
         risk->mutable_acceptance()->set_date("2026-01-01");
         risk->mutable_acceptance()->set_expires(kAsOf);
       },
       true,
       "treated or accepted",
       {}},
      {"AcceptanceExpired",
       "RISK_TREATMENT_COVERS_ABOVE_APPETITE",
       [](R r) {
         isms::v1::Risk* risk = Risk(r, "R-2");
         risk->clear_treatment();
         risk->mutable_acceptance()->set_date("2026-01-01");
         risk->mutable_acceptance()->set_expires("2026-11-21");
       },
       false,
       "without a treatment",
       {"R-2"}},
      {"AcceptanceInTheFuture",
       "RISK_TREATMENT_COVERS_ABOVE_APPETITE",
       [](R r) {
         isms::v1::Risk* risk = Risk(r, "R-2");
         risk->clear_treatment();
         risk->mutable_acceptance()->set_date("2026-11-23");
       },
       false,
       "without a treatment",
       {"R-2"}},
      // An implemented control that removes the likelihood brings R-2 to
      // ceil(1 * (1 - 1)) = low x high = "ok": nothing is above appetite.
      {"MitigatedBelowAppetite",
       "RISK_TREATMENT_COVERS_ABOVE_APPETITE",
       [](R r) {
         isms::v1::Risk* risk = Risk(r, "R-2");
         risk->clear_treatment();
         isms::v1::Mitigation* m = risk->add_mitigations();
         m->set_control_id("C-1");
         m->set_reduces(isms::v1::REDUCES_LIKELIHOOD);
       },
       true,
       "no risk above appetite",
       {}},
      // A planned control counts for the target level only: R-2 stays "bad".
      {"PlannedControlDoesNotCover",
       "RISK_TREATMENT_COVERS_ABOVE_APPETITE",
       [](R r) {
         isms::v1::Risk* risk = Risk(r, "R-2");
         risk->clear_treatment();
         risk->add_mitigations()->set_control_id("C-1");
         r->mutable_controls(0)->set_status(isms::v1::CONTROL_STATUS_PLANNED);
       },
       false,
       "1 of 1 risk above appetite",
       {"R-2"}},
      {"AcceptableRiskNeedsNoTreatment",
       "RISK_TREATMENT_COVERS_ABOVE_APPETITE",
       [](R r) { Risk(r, "R-1")->clear_treatment(); },
       true,
       "all 1 risk above appetite treated or accepted",
       {}},
  };

  // Every mandatory document missing, and every Annex A one excluded.
  for (const auto& [kind, control] : MandatoryDocuments()) {
    const std::string id = absl::StrCat("DOC_", KindName(kind));
    const DocumentKind k = kind;
    cases.push_back({absl::StrCat("Missing_", KindName(kind)),
                     id,
                     [k](R r) { RemoveDocuments(r, k); },
                     false,
                     "missing",
                     {}});
    cases.push_back({absl::StrCat("Present_", KindName(kind)),
                     id,
                     [](R) {},
                     true,
                     absl::StrCat(DocId(kind), " approved on 2026-01-15"),
                     {DocId(kind)}});
    if (control.empty()) continue;
    const std::string c = control;
    cases.push_back(
        {absl::StrCat("Excluded_", KindName(kind)),
         id,
         [k, c](R r) {
           RemoveDocuments(r, k);
           SoaEntry* e = Entry(r, c);
           e->set_applicable(false);
           e->set_exclusion_justification("Out of scope.");
         },
         true,
         absl::StrCat("not required: A.", control, " excluded in the SoA"),
         {}});
  }
  // Every record missing, obsolete and present.
  for (DocumentKind kind : Records()) {
    const std::string id = absl::StrCat("REC_", KindName(kind));
    const DocumentKind k = kind;
    cases.push_back({absl::StrCat("Missing_", KindName(kind)),
                     id,
                     [k](R r) { RemoveDocuments(r, k); },
                     false,
                     "missing",
                     {}});
    cases.push_back({absl::StrCat("Obsolete_", KindName(kind)),
                     id,
                     [k](R r) {
                       Doc(r, k)->set_status(
                           isms::v1::DOCUMENT_STATUS_OBSOLETE);
                     },
                     false,
                     "obsolete",
                     {DocId(kind)}});
    cases.push_back({absl::StrCat("Present_", KindName(kind)),
                     id,
                     [](R) {},
                     true,
                     absl::StrCat(DocId(kind), " recorded"),
                     {DocId(kind)}});
  }
  return cases;
}

class ItemCaseTest : public testing::TestWithParam<ItemCase> {};

TEST_P(ItemCaseTest, MetDetailObjectsAndNothingElse) {
  const ItemCase& c = GetParam();
  Register reg = Base();
  c.change(&reg);
  absl::StatusOr<Readiness> r = Check(reg, c.as_of);
  ASSERT_TRUE(r.ok()) << r.status();
  const ReadinessItem& item = Item(*r, c.item);
  EXPECT_EQ(item.met(), c.met) << item.detail();
  EXPECT_THAT(item.detail(), HasSubstr(c.detail));
  EXPECT_THAT(item.object_ids(), ElementsAreArray(c.objects));
  std::set<std::string> expected(c.also_unmet.begin(), c.also_unmet.end());
  if (!c.met) expected.insert(c.item);
  EXPECT_EQ(Unmet(*r), expected);
  EXPECT_EQ(r->met(), kItems - static_cast<int>(expected.size()));
  EXPECT_EQ(r->total(), kItems);
  EXPECT_EQ(r->ready(), expected.empty());
}

INSTANTIATE_TEST_SUITE_P(Items, ItemCaseTest, testing::ValuesIn(Cases()),
                         [](const testing::TestParamInfo<ItemCase>& info) {
                           return info.param.name;
                         });

// Every item has at least one failing and one passing case above.
TEST(ReadinessTest, EveryItemHasAFailingAndAPassingCase) {
  absl::StatusOr<Readiness> r = Check(Base());
  ASSERT_TRUE(r.ok()) << r.status();
  std::set<std::string> failing;
  std::set<std::string> passing;
  for (const ItemCase& c : Cases()) (c.met ? passing : failing).insert(c.item);
  for (const ReadinessItem& item : r->items()) {
    EXPECT_TRUE(failing.count(item.id())) << item.id() << " never fails";
    EXPECT_TRUE(passing.count(item.id())) << item.id() << " never passes";
  }
}

// ===========================================================================
// Catalogs, score and errors
// ===========================================================================

// A register whose SoA is in the 2013 catalog: A.5.9 (2022) is excluded when
// every 2013 control it corresponds to is.
TEST(ReadinessTest, AnnexADocumentExcludedThrough2013Soa) {
  const isms::CatalogSet& catalogs = isms::CatalogSet::BuiltIn();
  const std::vector<std::string> mapped =
      catalogs.MapControl("iso27001:2022", "5.9", "iso27001:2013");
  ASSERT_THAT(mapped, Not(IsEmpty()));
  Register reg = Base();
  RemoveDocuments(&reg, isms::v1::DOCUMENT_KIND_ASSET_INVENTORY);
  reg.mutable_soa()->clear_entries();
  reg.mutable_soa()->set_catalog("iso27001:2013");
  for (const std::string& id : mapped) {
    SoaEntry* e = reg.mutable_soa()->add_entries();
    e->set_control_ref(id);
    e->set_applicable(false);
    e->set_exclusion_justification("No assets.");
  }
  absl::StatusOr<Readiness> r = Check(reg);
  ASSERT_TRUE(r.ok()) << r.status();
  const ReadinessItem& item = Item(*r, "DOC_ASSET_INVENTORY");
  EXPECT_TRUE(item.met());
  EXPECT_EQ(item.detail(), "not required: A.5.9 excluded in the SoA");
  EXPECT_THAT(Item(*r, "SOA_COMPLETE").detail(),
              HasSubstr("of iso27001:2013 without a decision"));

  // One of the corresponding controls applicable: the document is required.
  reg.mutable_soa()->mutable_entries(0)->set_applicable(true);
  r = Check(reg);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(Item(*r, "DOC_ASSET_INVENTORY").met());
}

// Score arithmetic: the base meets 39 of 39; failing the scope statement and
// the SoA approval leaves 37 of 39 = 0.948717..., shown as 94.9%.
// Readiness and the risk engine judge an acceptance by one rule
// (model::AcceptanceValidAt): for every mix of an acceptance date and an
// expiry (none, unreadable, before, on, after as_of), R-2 (high x high, above
// appetite, no treatment) is covered in readiness exactly when the engine
// calls it accepted.
TEST(ReadinessTest, AcceptanceAgreesWithTheEngine) {
  const char* dates[] = {"", "2025-13-01", "2026-01-10", "2026-11-22",
                         "2026-11-23"};
  for (const char* given : dates) {
    for (const char* expires : dates) {
      SCOPED_TRACE(
          absl::StrCat("date \"", given, "\" expires \"", expires, "\""));
      Register reg = Base();
      isms::v1::Risk* r = Risk(&reg, "R-2");
      r->clear_treatment();
      r->mutable_acceptance()->set_accepted_by("CISO");
      r->mutable_acceptance()->set_date(given);
      r->mutable_acceptance()->set_expires(expires);
      absl::StatusOr<std::unique_ptr<RiskEngine>> engine =
          RiskEngine::Create(reg, AtAsOf());
      ASSERT_TRUE(engine.ok()) << engine.status();
      (*engine)->Evaluate();
      const bool accepted =
          (*engine)->status()[1] == isms::v1::RISK_STATUS_ACCEPTED;
      ComplianceOptions options;
      options.as_of = kAsOf;
      absl::StatusOr<Readiness> readiness =
          isms::CheckReadiness(reg, **engine, options);
      ASSERT_TRUE(readiness.ok()) << readiness.status();
      const bool covered =
          Item(*readiness, "RISK_TREATMENT_COVERS_ABOVE_APPETITE").met();
      EXPECT_EQ(accepted, covered);
      // Hand check of the rule: given on a real date <= as_of, and no expiry
      // or one >= as_of.
      const std::string g = given, x = expires;
      const bool expected =
          (g == "2026-01-10" || g == "2026-11-22") &&
          (x.empty() || x == "2026-11-22" || x == "2026-11-23");
      EXPECT_EQ(accepted, expected);
    }
  }
}

TEST(ReadinessTest, ScoreIsMetOverTotal) {
  Register reg = Base();
  reg.mutable_organization()->clear_scope();
  reg.mutable_soa()->clear_approved_by();
  absl::StatusOr<Readiness> r = Check(reg);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->met(), 37);
  EXPECT_EQ(r->total(), 39);
  EXPECT_DOUBLE_EQ(r->score(), 37.0 / 39.0);
  EXPECT_FALSE(r->ready());
  EXPECT_THAT(isms::RenderReadiness(*r, ReadinessFormat::kText),
              HasSubstr("Readiness: 37 of 39 items met (94.9%)\n"));
}

TEST(ReadinessTest, BadAsOfIsInvalidArgument) {
  for (const char* bad : {"2026-02-30", "22/11/2026", "2026-11-22x"}) {
    absl::StatusOr<std::unique_ptr<RiskEngine>> engine =
        RiskEngine::Create(Base(), AtAsOf());
    ASSERT_TRUE(engine.ok()) << engine.status();
    (*engine)->Evaluate();
    ComplianceOptions options;
    options.as_of = bad;
    absl::StatusOr<Readiness> r =
        isms::CheckReadiness(Base(), **engine, options);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(r.status().message(), HasSubstr(bad));
  }
}

TEST(ReadinessTest, EmptyAsOfMeansToday) {
  absl::StatusOr<std::unique_ptr<RiskEngine>> engine =
      RiskEngine::Create(Base(), {});
  ASSERT_TRUE(engine.ok()) << engine.status();
  (*engine)->Evaluate();
  absl::StatusOr<Readiness> r = isms::CheckReadiness(Base(), **engine, {});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(r->as_of(), SizeIs(10));
  EXPECT_EQ(r->total(), kItems);
}

TEST(ReadinessTest, UnknownCatalogIsNotFound) {
  Register reg = Base();
  reg.mutable_soa()->set_catalog("nist:800-53");
  absl::StatusOr<Readiness> r = Check(reg);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(r.status().message(), HasSubstr("nist:800-53"));

  ComplianceOptions options;
  options.catalog = "mine:1";
  r = Check(Base(), kAsOf, options);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);

  // Known only to the caller's catalog set.
  isms::CatalogSet empty;
  options.catalog.clear();
  options.catalogs = &empty;
  r = Check(Base(), kAsOf, options);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
}

TEST(ReadinessTest, EngineOfAnotherRegisterIsRefused) {
  Register other = Base();
  other.mutable_risks()->RemoveLast();
  absl::StatusOr<std::unique_ptr<RiskEngine>> engine =
      RiskEngine::Create(other, AtAsOf());
  ASSERT_TRUE(engine.ok()) << engine.status();
  (*engine)->Evaluate();
  ComplianceOptions options;
  options.as_of = kAsOf;
  absl::StatusOr<Readiness> r = isms::CheckReadiness(Base(), **engine, options);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
}

// ===========================================================================
// Rendering
// ===========================================================================

TEST(ReadinessRenderTest, ParseFormat) {
  EXPECT_EQ(*isms::ParseReadinessFormat("text"), ReadinessFormat::kText);
  EXPECT_EQ(*isms::ParseReadinessFormat("md"), ReadinessFormat::kMarkdown);
  EXPECT_EQ(*isms::ParseReadinessFormat("markdown"),
            ReadinessFormat::kMarkdown);
  EXPECT_EQ(*isms::ParseReadinessFormat("JSON"), ReadinessFormat::kJson);
  absl::StatusOr<ReadinessFormat> bad = isms::ParseReadinessFormat("html");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("html"));
}

Readiness OneFailure() {
  Register reg = Base();
  reg.mutable_objectives(0)->clear_actual();
  absl::StatusOr<Readiness> r = Check(reg);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : Readiness();
}

TEST(ReadinessRenderTest, TextIsAChecklistGroupedByCategory) {
  const std::string text =
      isms::RenderReadiness(OneFailure(), ReadinessFormat::kText);
  EXPECT_THAT(text, HasSubstr("at 2026-11-22: NOT ready\n"));
  EXPECT_THAT(text, HasSubstr("  [x] 4.3        ISMS scope document\n"));
  EXPECT_THAT(text, HasSubstr("  [ ] 9.1/6.2    Objectives measured\n"
                              "                 1 of 1 objective without a "
                              "measured value (actual)\n"
                              "                 objects: OBJ-1\n"));
  // Groups in order, documents first, and the score last.
  const size_t documents = text.find("\nMandatory documents\n");
  const size_t records = text.find("\nRecords\n");
  const size_t activities = text.find("\nContext, activities and follow-up\n");
  const size_t soa = text.find("\nStatement of Applicability\n");
  const size_t risk = text.find("\nRisk assessment and treatment\n");
  EXPECT_LT(documents, records);
  EXPECT_LT(records, activities);
  EXPECT_LT(activities, soa);
  EXPECT_LT(soa, risk);
  EXPECT_NE(risk, std::string::npos);
  // 38 / 39 = 0.974358... -> 97.4%.
  EXPECT_TRUE(absl::EndsWith(text, "\nReadiness: 38 of 39 items met (97.4%)\n"))
      << text;
}

TEST(ReadinessRenderTest, MarkdownTable) {
  const std::string md =
      isms::RenderReadiness(OneFailure(), ReadinessFormat::kMarkdown);
  EXPECT_THAT(md, HasSubstr("# Certification readiness\n"));
  EXPECT_THAT(md, HasSubstr("| Met | Clause | Item | Detail | Objects | Id |\n"
                            "|:---:|---|---|---|---|---|\n"));
  EXPECT_THAT(md, HasSubstr("| **no** | 9.1/6.2 | Objectives measured | 1 of "
                            "1 objective without a measured value (actual) | "
                            "OBJ-1 | `OBJECTIVES_MEASURED` |\n"));
  EXPECT_THAT(md, HasSubstr("Readiness: 38 of 39 items met (97.4%)"));
}

TEST(ReadinessRenderTest, MarkdownEscapesPipes) {
  Readiness r;
  ReadinessItem* item = r.add_items();
  item->set_id("X");
  item->set_category(isms::v1::READINESS_CATEGORY_DOCUMENT);
  item->set_detail("a | b\nc");
  const std::string md = isms::RenderReadiness(r, ReadinessFormat::kMarkdown);
  EXPECT_THAT(md, HasSubstr("a \\| b c"));
}

TEST(ReadinessRenderTest, JsonRoundTrips) {
  const Readiness r = OneFailure();
  const std::string json = isms::RenderReadiness(r, ReadinessFormat::kJson);
  EXPECT_THAT(json, HasSubstr("\"id\": \"OBJECTIVES_MEASURED\""));
  EXPECT_THAT(json, HasSubstr("\"category\": \"READINESS_CATEGORY_ACTIVITY\""));
  Readiness back;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &back).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(r, back));
}

// ===========================================================================
// The sample register
// ===========================================================================

// acme.json at 2026-11-22. Every item was checked by hand against the file:
// - 24 documents and records (D-01..D-24) are approved, approved on or before
//   2026-11-10, next review from 2027-09-30 on; the SoA excludes only 7.6,
//   7.11, 7.12 and 8.30, none of which calls for a document.
// - Internal audit IA-2026 on 2026-09-18 and management review MR-2026 on
//   2026-10-21 are within the year after 2025-11-22; no major
//   nonconformity; the open corrective actions (NC-2026-02 due 2026-12-15,
//   NC-2026-03 due 2027-03-31) are not overdue; all 14 people took the 2026
//   awareness course.
// - The SoA decides all 93 controls, every exclusion is justified and every
//   inclusion has a reason; approved by P-01 on 2026-10-28.
// - All 43 risks have an owner; every risk above appetite (high or critical
//   current level) has a treatment with an option and a plan.
// - Not met: OBJECTIVES_MEASURED, because OBJ-05 ("restore within the 4-hour
//   RTO") has no `actual`: the sample data say so on purpose (NC-2026-02 and
//   the management review MR-2026 note that OBJ-05 is not yet measured).
// Score: 38 of 39 items = 0.974358..., "97.4%".
TEST(ReadinessAcmeTest, SampleRegister) {
  absl::StatusOr<Register> reg =
      isms::LoadRegister(ISMS_SOURCE_DIR "/examples/registers/acme.json");
  ASSERT_TRUE(reg.ok()) << reg.status();
  absl::StatusOr<Readiness> r = Check(*reg);
  ASSERT_TRUE(r.ok()) << r.status();
  std::cout << isms::RenderReadiness(*r, ReadinessFormat::kText);
  EXPECT_EQ(Unmet(*r), std::set<std::string>{"OBJECTIVES_MEASURED"});
  EXPECT_THAT(Item(*r, "OBJECTIVES_MEASURED").object_ids(),
              ElementsAre("OBJ-05"));
  EXPECT_EQ(r->total(), kItems);
  EXPECT_EQ(r->met(), 38);
  EXPECT_DOUBLE_EQ(r->score(), 38.0 / 39.0);
  EXPECT_FALSE(r->ready());
}

}  // namespace
