// Statement of Applicability, coverage and traceability (lib/soa.cc) and the
// coverage section of the assessment report (lib/report.cc). Every expected
// value is worked out by hand in a comment next to the assertion.
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "isms/catalog.h"
#include "isms/compliance.h"
#include "isms/io.h"
#include "isms/report.h"
#include "isms/risk_engine.h"
#include "isms/v1/assessment.pb.h"
#include "isms/v1/compliance.pb.h"
#include "isms/v1/register.pb.h"
#include "tests/test_util.h"

namespace {

using ::isms::ComplianceOptions;
using ::isms::SoaFormat;
using ::isms::v1::Coverage;
using ::isms::v1::CoverageShare;
using ::isms::v1::Register;
using ::isms::v1::SoaRow;
using ::isms::v1::StatementOfApplicabilityReport;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr auto kImplemented = isms::v1::IMPLEMENTATION_STATUS_IMPLEMENTED;
constexpr auto kPartial = isms::v1::IMPLEMENTATION_STATUS_PARTIAL;
constexpr auto kNotImplemented =
    isms::v1::IMPLEMENTATION_STATUS_NOT_IMPLEMENTED;
constexpr auto kExcluded = isms::v1::IMPLEMENTATION_STATUS_EXCLUDED;
constexpr auto kRiskTreatment = isms::v1::SOA_REASON_RISK_TREATMENT;
constexpr auto kLegal = isms::v1::SOA_REASON_LEGAL;
constexpr auto kBusiness = isms::v1::SOA_REASON_BUSINESS;
constexpr auto kBestPractice = isms::v1::SOA_REASON_BEST_PRACTICE;

constexpr char kNoDecision[] = "no applicability decision";
constexpr char kNotImplementedIssue[] =
    "applicable but no applied control implements it";

// A 2 x 2 matrix: only likelihood high with impact high is "bad" (weight 2,
// above appetite); the rest is "ok" (weight 1, acceptable).
//
// Applied controls (catalog iso27001:2022, the default):
//   C-1 implemented               -> 5.15   mitigates R-1 (L)
//   C-2 in progress, impl. 0.4    -> 5.15   mitigates R-3 (L, then I)
//   C-3 planned                   -> 8.24   mitigates R-2 (I)
//   C-4 retired                   -> 8.8    mitigates R-3 (both)
//   C-5 implemented, bare "5.1"   -> 5.1
//   C-6 implemented               -> 7.5    mitigates R-3 (unspecified)
//   C-7 implemented, impl. 0.5    -> 8.13
// SoA entries:
//   5.1    applicable, no reason
//   5.15   applicable, legal, justification with a comma and quotes
//   A.8.24 applicable, no reason (Annex A prefix)
//   7.4    excluded with a justification
//   7.5    excluded without one
//   6.1    a reason but no decision
//   8.8    applicable, best practice
//   8.13   applicable, business
//   iso27001:2013/A.5.1.1: another catalog, ignored
// Risks (all with explicit likelihood and impact):
//   R-1 A-1 high/high (bad)  R-2 A-3 high/high (bad)
//   R-3 A-1 low/low (ok)     R-4 A-3 high/high (bad), no mitigation
// Assets: A-1 C high; A-2 nothing (no risk names it); A-3 I and A high.
constexpr char kSmall[] = R"pb(
  schema_version: "1"
  organization { name: "Small" }
  risk_method {
    likelihood {
      levels { id: "l_low" }
      levels { id: "l_high" }
    }
    impact {
      levels { id: "i_low" }
      levels { id: "i_high" }
    }
    risk_levels { id: "ok" acceptable: true }
    risk_levels { id: "bad" }
    grid: [ "ok", "ok", "ok", "bad" ]
  }
  assets {
    id: "A-1"
    name: "CRM"
    value { confidentiality: "i_high" }
  }
  assets { id: "A-2" name: "Printer" }
  assets {
    id: "A-3"
    name: "Ledger"
    value { integrity: "i_high" availability: "i_high" }
  }
  threats { id: "T-1" name: "Attack" likelihood: "l_high" }
  controls {
    id: "C-1"
    name: "Access reviews"
    catalog_refs: "iso27001:2022/5.15"
    status: CONTROL_STATUS_IMPLEMENTED
  }
  controls {
    id: "C-2"
    name: "Access provisioning"
    catalog_refs: "iso27001:2022/5.15"
    status: CONTROL_STATUS_IN_PROGRESS
    implementation: 0.4
  }
  controls {
    id: "C-3"
    name: "Encryption"
    catalog_refs: "iso27001:2022/8.24"
    status: CONTROL_STATUS_PLANNED
  }
  controls {
    id: "C-4"
    name: "Old scanner"
    catalog_refs: "iso27001:2022/8.8"
    status: CONTROL_STATUS_RETIRED
  }
  controls {
    id: "C-5"
    name: "Policy set"
    catalog_refs: "5.1"
    status: CONTROL_STATUS_IMPLEMENTED
  }
  controls {
    id: "C-6"
    name: "Door locks"
    catalog_refs: "iso27001:2022/7.5"
    status: CONTROL_STATUS_IMPLEMENTED
  }
  controls {
    id: "C-7"
    name: "Backups, \"3-2-1\""
    catalog_refs: "iso27001:2022/8.13"
    status: CONTROL_STATUS_IMPLEMENTED
    implementation: 0.5
  }
  risks {
    id: "R-1"
    asset_ids: "A-1"
    threat_id: "T-1"
    likelihood: "l_high"
    impact: "i_high"
    mitigations { control_id: "C-1" reduces: REDUCES_LIKELIHOOD strength: 1 }
  }
  risks {
    id: "R-2"
    asset_ids: "A-3"
    threat_id: "T-1"
    likelihood: "l_high"
    impact: "i_high"
    mitigations { control_id: "C-3" reduces: REDUCES_IMPACT }
  }
  risks {
    id: "R-3"
    asset_ids: "A-1"
    threat_id: "T-1"
    likelihood: "l_low"
    impact: "i_low"
    mitigations { control_id: "C-2" reduces: REDUCES_LIKELIHOOD }
    mitigations { control_id: "C-2" reduces: REDUCES_IMPACT }
    mitigations { control_id: "C-4" reduces: REDUCES_BOTH }
    mitigations { control_id: "C-6" }
  }
  risks {
    id: "R-4"
    asset_ids: "A-3"
    threat_id: "T-1"
    likelihood: "l_high"
    impact: "i_high"
  }
  soa {
    version: "1.2"
    approved_by: "P-1"
    approved_on: "2026-10-01"
    entries { control_ref: "5.1" applicable: true }
    entries {
      control_ref: "5.15"
      applicable: true
      reasons: SOA_REASON_LEGAL
      justification: "Access rules, \"need to know\", per system"
    }
    entries { control_ref: "A.8.24" applicable: true }
    entries {
      control_ref: "7.4"
      applicable: false
      exclusion_justification: "No premises to monitor"
    }
    entries { control_ref: "7.5" applicable: false }
    entries { control_ref: "6.1" reasons: SOA_REASON_BUSINESS }
    entries {
      control_ref: "8.8"
      applicable: true
      reasons: SOA_REASON_BEST_PRACTICE
    }
    entries {
      control_ref: "8.13"
      applicable: true
      reasons: SOA_REASON_BUSINESS
    }
    entries { control_ref: "iso27001:2013/A.5.1.1" applicable: false }
  }
)pb";

Register ParseText(absl::string_view text) {
  return isms::testing::RegisterFromText(text);
}

std::unique_ptr<isms::RiskEngine> Evaluated(const Register& reg) {
  return isms::testing::EvaluatedEngine(reg);
}

const SoaRow* FindRow(const StatementOfApplicabilityReport& soa,
                      absl::string_view id) {
  for (const SoaRow& row : soa.rows()) {
    if (row.control_id() == id) return &row;
  }
  ADD_FAILURE() << "no row " << id;
  return nullptr;
}

const CoverageShare* FindShare(
    const google::protobuf::RepeatedPtrField<CoverageShare>& shares,
    absl::string_view key) {
  for (const CoverageShare& s : shares) {
    if (s.key() == key) return &s;
  }
  ADD_FAILURE() << "no share " << key;
  return nullptr;
}

std::vector<std::string> Lines(absl::string_view text) {
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

int CountOf(absl::string_view haystack, absl::string_view needle) {
  int n = 0;
  for (size_t pos = haystack.find(needle); pos != absl::string_view::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

class SmallSoaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    reg_ = ParseText(kSmall);
    absl::StatusOr<StatementOfApplicabilityReport> soa = isms::BuildSoa(reg_);
    ASSERT_TRUE(soa.ok()) << soa.status();
    soa_ = *soa;
  }
  Register reg_;
  StatementOfApplicabilityReport soa_;
};

// --- Catalog choice
// -----------------------------------------------------------

TEST(ComplianceCatalogTest, Order) {
  Register reg;
  ComplianceOptions options;
  EXPECT_EQ(isms::ComplianceCatalog(reg, options), "iso27001:2022");
  reg.mutable_risk_method()->set_catalog("iso27001:2013");
  EXPECT_EQ(isms::ComplianceCatalog(reg, options), "iso27001:2013");
  reg.mutable_soa()->set_catalog("mine:1");
  EXPECT_EQ(isms::ComplianceCatalog(reg, options), "mine:1");
  options.catalog = "iso27001:2022";
  EXPECT_EQ(isms::ComplianceCatalog(reg, options), "iso27001:2022");
}

TEST(BuildSoaTest, UnknownCatalogIsNotFound) {
  Register reg;
  reg.mutable_soa()->set_catalog("nist:csf");
  absl::StatusOr<StatementOfApplicabilityReport> soa = isms::BuildSoa(reg);
  ASSERT_FALSE(soa.ok());
  EXPECT_EQ(soa.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(soa.status().message(), HasSubstr("nist:csf"));
  // An empty catalog set knows no catalog at all.
  isms::CatalogSet none;
  ComplianceOptions options;
  options.catalogs = &none;
  EXPECT_EQ(isms::BuildSoa(Register(), options).status().code(),
            absl::StatusCode::kNotFound);
}

// --- Rows
// ---------------------------------------------------------------------

TEST_F(SmallSoaTest, HeaderAndRowsInCatalogOrder) {
  EXPECT_EQ(soa_.catalog(), "iso27001:2022");
  EXPECT_EQ(soa_.catalog_name(), "ISO/IEC 27001:2022 Annex A");
  ASSERT_EQ(soa_.rows_size(), 93);
  EXPECT_EQ(soa_.rows(0).control_id(), "5.1");
  EXPECT_EQ(soa_.rows(0).title(), "Policies for information security");
  EXPECT_EQ(soa_.rows(0).group_id(), "5");
  EXPECT_EQ(soa_.rows(0).group_title(), "Organizational controls");
  EXPECT_EQ(soa_.rows(92).control_id(), "8.34");
  EXPECT_EQ(soa_.rows(92).group_id(), "8");
  EXPECT_EQ(soa_.version(), "1.2");
  EXPECT_EQ(soa_.approved_by(), "P-1");
  EXPECT_EQ(soa_.approved_on(), "2026-10-01");
}

TEST_F(SmallSoaTest, BareRefImplemented) {
  // 5.1: C-5 ("5.1" resolves in the register's catalog, 2022) is
  // implemented -> IMPLEMENTED, 1.0. The entry gives no reason and C-5
  // mitigates nothing -> "applicable without a reason".
  const SoaRow* row = FindRow(soa_, "5.1");
  ASSERT_NE(row, nullptr);
  ASSERT_TRUE(row->has_applicable());
  EXPECT_TRUE(row->applicable());
  EXPECT_EQ(row->status(), kImplemented);
  EXPECT_DOUBLE_EQ(row->implementation(), 1.0);
  EXPECT_THAT(row->applied_control_ids(), ElementsAre("C-5"));
  EXPECT_THAT(row->risk_ids(), IsEmpty());
  EXPECT_THAT(row->reasons(), IsEmpty());
  EXPECT_THAT(row->issues(), ElementsAre("applicable without a reason"));
}

TEST_F(SmallSoaTest, PartialWithDerivedRiskTreatment) {
  // 5.15: C-1 implemented (1) and C-2 in progress (0.4): not all
  // implemented but some -> PARTIAL, (1 + 0.4) / 2 = 0.7. C-1 treats R-1,
  // C-2 treats R-3 -> risks R-1, R-3 and the derived risk treatment reason
  // (1) before legal (2).
  const SoaRow* row = FindRow(soa_, "5.15");
  ASSERT_NE(row, nullptr);
  EXPECT_TRUE(row->applicable());
  EXPECT_EQ(row->status(), kPartial);
  EXPECT_DOUBLE_EQ(row->implementation(), 0.7);
  EXPECT_THAT(row->applied_control_ids(), ElementsAre("C-1", "C-2"));
  EXPECT_THAT(row->risk_ids(), ElementsAre("R-1", "R-3"));
  EXPECT_THAT(row->reasons(), ElementsAre(kRiskTreatment, kLegal));
  EXPECT_EQ(row->justification(), "Access rules, \"need to know\", per system");
  EXPECT_THAT(row->issues(), IsEmpty());
}

TEST_F(SmallSoaTest, PlannedOnlyIsNotImplemented) {
  // 8.24 (entry "A.8.24"): only C-3, planned -> NOT_IMPLEMENTED, 0. C-3
  // treats R-2, so risk treatment is a reason although the entry has none.
  const SoaRow* row = FindRow(soa_, "8.24");
  ASSERT_NE(row, nullptr);
  EXPECT_TRUE(row->applicable());
  EXPECT_EQ(row->status(), kNotImplemented);
  EXPECT_DOUBLE_EQ(row->implementation(), 0.0);
  EXPECT_THAT(row->applied_control_ids(), ElementsAre("C-3"));
  EXPECT_THAT(row->risk_ids(), ElementsAre("R-2"));
  EXPECT_THAT(row->reasons(), ElementsAre(kRiskTreatment));
  EXPECT_THAT(row->issues(), ElementsAre(kNotImplementedIssue));
}

TEST_F(SmallSoaTest, RetiredControlsDoNotCount) {
  // 8.8: only C-4, retired -> no applied control, no risk (C-4's mitigation
  // of R-3 does not count) -> NOT_IMPLEMENTED, 0.
  const SoaRow* row = FindRow(soa_, "8.8");
  ASSERT_NE(row, nullptr);
  EXPECT_TRUE(row->applicable());
  EXPECT_EQ(row->status(), kNotImplemented);
  EXPECT_DOUBLE_EQ(row->implementation(), 0.0);
  EXPECT_THAT(row->applied_control_ids(), IsEmpty());
  EXPECT_THAT(row->risk_ids(), IsEmpty());
  EXPECT_THAT(row->reasons(), ElementsAre(kBestPractice));
  EXPECT_THAT(row->issues(), ElementsAre(kNotImplementedIssue));
}

TEST_F(SmallSoaTest, ImplementedWithOwnImplementation) {
  // 8.13: C-7 implemented at 0.5 -> IMPLEMENTED (every control implemented)
  // with implementation 0.5.
  const SoaRow* row = FindRow(soa_, "8.13");
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->status(), kImplemented);
  EXPECT_DOUBLE_EQ(row->implementation(), 0.5);
  EXPECT_THAT(row->reasons(), ElementsAre(kBusiness));
  EXPECT_THAT(row->issues(), IsEmpty());
}

TEST_F(SmallSoaTest, ExcludedWithJustification) {
  const SoaRow* row = FindRow(soa_, "7.4");
  ASSERT_NE(row, nullptr);
  ASSERT_TRUE(row->has_applicable());
  EXPECT_FALSE(row->applicable());
  EXPECT_EQ(row->status(), kExcluded);
  EXPECT_DOUBLE_EQ(row->implementation(), 0.0);
  EXPECT_EQ(row->exclusion_justification(), "No premises to monitor");
  EXPECT_THAT(row->issues(), IsEmpty());
}

TEST_F(SmallSoaTest, ExcludedButReferencedAndTreatingRisks) {
  // 7.5: excluded, no justification, C-6 (implemented) references it and
  // treats R-3. Excluded rows stay EXCLUDED with implementation 0.
  const SoaRow* row = FindRow(soa_, "7.5");
  ASSERT_NE(row, nullptr);
  EXPECT_FALSE(row->applicable());
  EXPECT_EQ(row->status(), kExcluded);
  EXPECT_DOUBLE_EQ(row->implementation(), 0.0);
  EXPECT_THAT(row->applied_control_ids(), ElementsAre("C-6"));
  EXPECT_THAT(row->risk_ids(), ElementsAre("R-3"));
  EXPECT_THAT(row->reasons(), ElementsAre(kRiskTreatment));
  EXPECT_THAT(row->issues(),
              ElementsAre("excluded without an exclusion justification",
                          "excluded but applied controls reference it: C-6",
                          "excluded but treats risks: R-3"));
}

TEST_F(SmallSoaTest, Undecided) {
  // 6.1: an entry with a reason but no decision.
  const SoaRow* row = FindRow(soa_, "6.1");
  ASSERT_NE(row, nullptr);
  EXPECT_FALSE(row->has_applicable());
  EXPECT_EQ(row->status(), kNotImplemented);
  EXPECT_THAT(row->reasons(), ElementsAre(kBusiness));
  EXPECT_THAT(row->issues(), ElementsAre(kNoDecision));
  // 5.2: no entry at all.
  row = FindRow(soa_, "5.2");
  ASSERT_NE(row, nullptr);
  EXPECT_FALSE(row->has_applicable());
  EXPECT_THAT(row->issues(), ElementsAre(kNoDecision));
  // The 2013 entry A.5.1.1 belongs to another catalog: 5.1 keeps its own.
  EXPECT_TRUE(FindRow(soa_, "5.1")->applicable());
}

TEST_F(SmallSoaTest, Counters) {
  // Applicable: 5.1, 5.15, 8.24, 8.8, 8.13 = 5; excluded: 7.4, 7.5 = 2;
  // undecided: 93 - 7 = 86. Over the applicable rows: implemented 5.1, 8.13
  // = 2; partial 5.15 = 1; not implemented 8.24, 8.8 = 2. Rows with issues:
  // the 86 undecided + 5.1, 8.24, 8.8, 7.5 = 90.
  EXPECT_EQ(soa_.applicable(), 5);
  EXPECT_EQ(soa_.excluded(), 2);
  EXPECT_EQ(soa_.undecided(), 86);
  EXPECT_EQ(soa_.implemented(), 2);
  EXPECT_EQ(soa_.partial(), 1);
  EXPECT_EQ(soa_.not_implemented(), 2);
  EXPECT_EQ(soa_.rows_with_issues(), 90);
}

TEST_F(SmallSoaTest, DuplicateEntriesFirstWins) {
  Register reg = reg_;
  isms::v1::SoaEntry* dup = reg.mutable_soa()->add_entries();
  dup->set_control_ref("iso27001:2022/A.7.4");
  dup->set_applicable(true);
  absl::StatusOr<StatementOfApplicabilityReport> soa = isms::BuildSoa(reg);
  ASSERT_TRUE(soa.ok()) << soa.status();
  const SoaRow* row = FindRow(*soa, "7.4");
  ASSERT_NE(row, nullptr);
  EXPECT_FALSE(row->applicable());
  EXPECT_THAT(row->issues(),
              ElementsAre("several SoA entries for this control; the first is "
                          "used"));
}

TEST_F(SmallSoaTest, Catalog2013) {
  // soa.catalog = 2013: 114 rows. Bare SoA refs resolve in 2013 ("9.1.1" =
  // A.9.1.1), bare control refs in the register's catalog (2022), so only the
  // qualified 2013 reference of C-8 counts.
  Register reg = reg_;
  reg.mutable_soa()->set_catalog("iso27001:2013");
  reg.mutable_soa()->clear_entries();
  isms::v1::SoaEntry* e = reg.mutable_soa()->add_entries();
  e->set_control_ref("9.1.1");
  e->set_applicable(true);
  e->add_reasons(kLegal);
  isms::v1::Control* c = reg.add_controls();
  c->set_id("C-8");
  c->add_catalog_refs("iso27001:2013/A.9.1.1");
  c->add_catalog_refs("5.1");  // 2022: not in this SoA
  c->set_status(isms::v1::CONTROL_STATUS_IMPLEMENTED);
  absl::StatusOr<StatementOfApplicabilityReport> soa = isms::BuildSoa(reg);
  ASSERT_TRUE(soa.ok()) << soa.status();
  EXPECT_EQ(soa->catalog(), "iso27001:2013");
  ASSERT_EQ(soa->rows_size(), 114);
  EXPECT_EQ(soa->rows(0).control_id(), "A.5.1.1");
  EXPECT_EQ(soa->rows(0).group_id(), "A.5");
  EXPECT_EQ(soa->rows(0).group_title(), "Information security policies");
  EXPECT_THAT(soa->rows(0).applied_control_ids(), IsEmpty());
  const SoaRow* row = FindRow(*soa, "A.9.1.1");
  ASSERT_NE(row, nullptr);
  EXPECT_TRUE(row->applicable());
  EXPECT_EQ(row->group_id(), "A.9");
  EXPECT_EQ(row->status(), kImplemented);
  EXPECT_THAT(row->applied_control_ids(), ElementsAre("C-8"));
  EXPECT_EQ(soa->applicable(), 1);
  EXPECT_EQ(soa->undecided(), 113);
  // The CSV names the groups "domain".
  EXPECT_TRUE(absl::StartsWith(isms::RenderSoa(*soa, SoaFormat::kCsv),
                               "control,title,domain,"));
}

TEST_F(SmallSoaTest, OptionsCatalogOverrides) {
  // The bare entries of the 2022 SoA do not apply to the 2013 catalog; the
  // one qualified "iso27001:2013/A.5.1.1" (excluded) does.
  ComplianceOptions options;
  options.catalog = "iso27001:2013";
  absl::StatusOr<StatementOfApplicabilityReport> soa =
      isms::BuildSoa(reg_, options);
  ASSERT_TRUE(soa.ok()) << soa.status();
  EXPECT_EQ(soa->rows_size(), 114);
  EXPECT_EQ(soa->undecided(), 113);
  EXPECT_EQ(soa->excluded(), 1);
  EXPECT_EQ(soa->rows(0).control_id(), "A.5.1.1");
  EXPECT_EQ(soa->rows(0).status(), kExcluded);
}

// --- Rendering
// ----------------------------------------------------------------

TEST(ParseSoaFormatTest, Names) {
  EXPECT_EQ(*isms::ParseSoaFormat("csv"), SoaFormat::kCsv);
  EXPECT_EQ(*isms::ParseSoaFormat("md"), SoaFormat::kMarkdown);
  EXPECT_EQ(*isms::ParseSoaFormat("markdown"), SoaFormat::kMarkdown);
  EXPECT_EQ(*isms::ParseSoaFormat("HTML"), SoaFormat::kHtml);
  EXPECT_EQ(*isms::ParseSoaFormat("json"), SoaFormat::kJson);
  absl::StatusOr<SoaFormat> bad = isms::ParseSoaFormat("xlsx");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("xlsx"));
}

TEST_F(SmallSoaTest, Csv) {
  const std::string csv = isms::RenderSoa(soa_, SoaFormat::kCsv);
  const std::vector<std::string> lines = Lines(csv);
  ASSERT_EQ(lines.size(), 94u);  // header + 93 controls
  EXPECT_EQ(lines[0],
            "control,title,theme,applicable,reasons,justification,exclusion "
            "justification,implementation status,implementation %,applied "
            "controls,risks,issues");
  // The justification holds a comma and quotes: quoted, quotes doubled.
  EXPECT_THAT(csv, HasSubstr("\n5.15,Access control,5 Organizational controls,"
                             "yes,risk treatment; legal,\"Access rules, "
                             "\"\"need to know\"\", per system\",,partial,70,"
                             "C-1; C-2,R-1; R-3,\n"));
  EXPECT_EQ(lines[1],
            "5.1,Policies for information security,5 Organizational "
            "controls,yes,,,,implemented,100,C-5,,applicable without a "
            "reason");
  EXPECT_THAT(csv, HasSubstr("\n7.5,Protecting against physical and "
                             "environmental threats,7 Physical controls,no,"
                             "risk treatment,,,excluded,,C-6,R-3,excluded "
                             "without an exclusion justification; excluded "
                             "but applied controls reference it: C-6; "
                             "excluded but treats risks: R-3\n"));
  EXPECT_THAT(csv, HasSubstr("\n6.1,Screening,6 People controls,undecided,"
                             "business,,,not implemented,0,,,no "
                             "applicability decision\n"));
}

TEST_F(SmallSoaTest, CsvQuotesTitles) {
  // A title with a comma and a quote (a user catalog could have one).
  StatementOfApplicabilityReport soa = soa_;
  soa.mutable_rows(0)->set_title("Policies, \"all\"");
  const std::string csv = isms::RenderSoa(soa, SoaFormat::kCsv);
  EXPECT_THAT(csv,
              HasSubstr("\n5.1,\"Policies, \"\"all\"\"\",5 Organizational"));
}

TEST_F(SmallSoaTest, Markdown) {
  const std::string md = isms::RenderSoa(soa_, SoaFormat::kMarkdown);
  EXPECT_TRUE(absl::StartsWith(
      md, "# Statement of Applicability: ISO/IEC 27001:2022 Annex A\n"));
  EXPECT_THAT(md, HasSubstr("- **Controls:** 93 (5 applicable, 2 excluded, "
                            "86 undecided)\n"));
  EXPECT_THAT(md, HasSubstr("| 5.15 | Access control | 5 Organizational "
                            "controls | yes | risk treatment; legal | Access "
                            "rules, \"need to know\", per system | partial | "
                            "70% | C-1, C-2 | R-1, R-3 |  |\n"));
  // 93 rows, the header and the rule.
  EXPECT_EQ(CountOf(md, "\n| "), 95);
}

TEST_F(SmallSoaTest, HtmlEscapesAndBadges) {
  Register reg = reg_;
  reg.mutable_soa()->mutable_entries(1)->set_justification(
      "<script>alert(1)</script> & more");
  absl::StatusOr<StatementOfApplicabilityReport> soa = isms::BuildSoa(reg);
  ASSERT_TRUE(soa.ok());
  const std::string html = isms::RenderSoa(*soa, SoaFormat::kHtml);
  EXPECT_TRUE(absl::StartsWith(html, "<!DOCTYPE html>"));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
                              "more"));
  EXPECT_THAT(html, HasSubstr("<span class=\"badge st-partial\">partial"
                              "</span>"));
  EXPECT_THAT(html, HasSubstr("<span class=\"badge st-excluded\">excluded"
                              "</span>"));
  EXPECT_THAT(html, HasSubstr("<span class=\"badge st-not_implemented\">not "
                              "implemented</span>"));
  EXPECT_EQ(CountOf(html, "<td class=\"id\">"), 93);
  // Self-contained.
  EXPECT_THAT(html, Not(HasSubstr("http")));
  EXPECT_THAT(html, Not(HasSubstr("<link")));
  EXPECT_THAT(html, Not(HasSubstr("url(")));
}

TEST_F(SmallSoaTest, JsonRoundTrip) {
  const std::string json = isms::RenderSoa(soa_, SoaFormat::kJson);
  StatementOfApplicabilityReport back;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &back).ok())
      << json;
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(back, soa_));
  // An explicit "not applicable" survives (proto3 optional).
  EXPECT_THAT(json, HasSubstr("\"applicable\": false"));
}

// --- Traceability
// -------------------------------------------------------------

TEST_F(SmallSoaTest, TraceabilityCsv) {
  // C-2 reduces R-3's likelihood and, in a second mitigation, its impact:
  // "LI"; C-4 (both) and C-6 (unspecified = both): "LI". Retired controls
  // keep their row. C-7's name is quoted.
  EXPECT_EQ(isms::TraceabilityCsv(reg_),
            "control,name,status,R-1,R-2,R-3,R-4\n"
            "C-1,Access reviews,implemented,L,,,\n"
            "C-2,Access provisioning,in progress,,,LI,\n"
            "C-3,Encryption,planned,,I,,\n"
            "C-4,Old scanner,retired,,,LI,\n"
            "C-5,Policy set,implemented,,,,\n"
            "C-6,Door locks,implemented,,,LI,\n"
            "C-7,\"Backups, \"\"3-2-1\"\"\",implemented,,,,\n");
}

// --- Coverage
// -----------------------------------------------------------------

class SmallCoverageTest : public SmallSoaTest {
 protected:
  void SetUp() override {
    SmallSoaTest::SetUp();
    engine_ = Evaluated(reg_);
    ASSERT_NE(engine_, nullptr);
    absl::StatusOr<Coverage> cov = isms::ComputeCoverage(reg_, *engine_);
    ASSERT_TRUE(cov.ok()) << cov.status();
    cov_ = *cov;
  }
  std::unique_ptr<isms::RiskEngine> engine_;
  Coverage cov_;
};

TEST_F(SmallCoverageTest, ImplementedShares) {
  // Applicable rows and what they count: 5.1 implemented 1; 5.15 partial
  // 0.7; 8.24 not implemented 0; 8.8 not implemented 0; 8.13 implemented 1
  // (implemented counts 1 whatever its own implementation, 0.5).
  // Overall (1 + 0.7 + 0 + 0 + 1) / 5 = 2.7 / 5 = 0.54.
  EXPECT_EQ(cov_.catalog(), "iso27001:2022");
  EXPECT_EQ(cov_.applicable(), 5);
  EXPECT_DOUBLE_EQ(cov_.implemented_share(), 0.54);
  // Groups in catalog order, also those without applicable controls.
  ASSERT_EQ(cov_.by_group_size(), 4);
  EXPECT_EQ(cov_.by_group(0).key(), "5");
  EXPECT_EQ(cov_.by_group(0).title(), "Organizational controls");
  EXPECT_EQ(cov_.by_group(1).key(), "6");
  EXPECT_EQ(cov_.by_group(2).key(), "7");
  EXPECT_EQ(cov_.by_group(3).key(), "8");
  // Theme 5: 5.1 and 5.15 -> (1 + 0.7) / 2 = 0.85.
  EXPECT_EQ(cov_.by_group(0).applicable(), 2);
  EXPECT_DOUBLE_EQ(cov_.by_group(0).implemented_share(), 0.85);
  // Theme 6: only 6.1, undecided -> 0 applicable, share 0.
  EXPECT_EQ(cov_.by_group(1).applicable(), 0);
  EXPECT_DOUBLE_EQ(cov_.by_group(1).implemented_share(), 0.0);
  // Theme 7: both excluded.
  EXPECT_EQ(cov_.by_group(2).applicable(), 0);
  // Theme 8: 8.24 (0), 8.8 (0), 8.13 (1) -> 1 / 3.
  EXPECT_EQ(cov_.by_group(3).applicable(), 3);
  EXPECT_DOUBLE_EQ(cov_.by_group(3).implemented_share(), 1.0 / 3.0);
}

TEST_F(SmallCoverageTest, AttributeShares) {
  // Kinds in order, values in order of first appearance in the catalog:
  // 5.1 brings Preventive, 5.5 Corrective, 5.7 Detective; then the security
  // properties of 5.1.
  ASSERT_GE(cov_.by_attribute_size(), 6);
  EXPECT_EQ(cov_.by_attribute(0).key(), "control_type:Preventive");
  EXPECT_EQ(cov_.by_attribute(0).title(), "Preventive");
  EXPECT_EQ(cov_.by_attribute(1).key(), "control_type:Corrective");
  EXPECT_EQ(cov_.by_attribute(2).key(), "control_type:Detective");
  EXPECT_EQ(cov_.by_attribute(3).key(), "security_property:Confidentiality");
  EXPECT_EQ(cov_.by_attribute(4).key(), "security_property:Integrity");
  EXPECT_EQ(cov_.by_attribute(5).key(), "security_property:Availability");
  // Confidentiality: 5.1, 5.15, 8.24, 8.8 (8.13 is Integrity and
  // Availability only) -> (1 + 0.7 + 0 + 0) / 4 = 0.425.
  const CoverageShare* c =
      FindShare(cov_.by_attribute(), "security_property:Confidentiality");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->applicable(), 4);
  EXPECT_DOUBLE_EQ(c->implemented_share(), 0.425);
  // Availability: all five -> 0.54.
  const CoverageShare* a =
      FindShare(cov_.by_attribute(), "security_property:Availability");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->applicable(), 5);
  EXPECT_DOUBLE_EQ(a->implemented_share(), 0.54);
  // Corrective: 8.13 only -> 1. Detective: none applicable -> 0.
  EXPECT_EQ(cov_.by_attribute(1).applicable(), 1);
  EXPECT_DOUBLE_EQ(cov_.by_attribute(1).implemented_share(), 1.0);
  EXPECT_EQ(cov_.by_attribute(2).applicable(), 0);
  EXPECT_DOUBLE_EQ(cov_.by_attribute(2).implemented_share(), 0.0);
  // Other kinds are there too.
  EXPECT_NE(FindShare(cov_.by_attribute(), "cybersecurity_concept:Identify"),
            nullptr);
  EXPECT_NE(FindShare(cov_.by_attribute(),
                      "security_domain:Governance_and_Ecosystem"),
            nullptr);
}

TEST_F(SmallCoverageTest, RisksAndAssets) {
  // Inherent levels: R-1, R-2, R-4 high/high = bad (above appetite), R-3 ok.
  // R-1 and R-2 have mitigations, R-4 none -> 2 of 3.
  EXPECT_EQ(cov_.above_appetite_risks(), 3);
  EXPECT_EQ(cov_.above_appetite_mitigated(), 2);
  EXPECT_DOUBLE_EQ(cov_.above_appetite_mitigated_share(), 2.0 / 3.0);
  // Exposure, weights ok 1 and bad 2. Inherent: 2 + 2 + 1 + 2 = 7. Current:
  // R-1's likelihood drops to low (C-1 implemented, strength 1: ceil(1 *
  // (1 - 1)) = 0) -> ok 1; R-2's control is only planned -> 2; R-3 1; R-4 2
  // -> 6. Removed (7 - 6) / 7 = 1/7.
  EXPECT_DOUBLE_EQ(engine_->exposure(isms::RiskEngine::kInherent), 7.0);
  EXPECT_DOUBLE_EQ(engine_->exposure(isms::RiskEngine::kCurrent), 6.0);
  EXPECT_DOUBLE_EQ(cov_.exposure_removed_share(), 1.0 / 7.0);
  // Asset weights sum over C, I, A of (level index + 1): A-1 (C high) 2 + 1 +
  // 1 = 4; A-2 (nothing) 3; A-3 (I, A high) 1 + 2 + 2 = 5. A-2 is in no risk
  // -> (4 + 5) / (4 + 3 + 5) = 0.75.
  EXPECT_DOUBLE_EQ(cov_.asset_value_coverage(), 0.75);
}

TEST(CoverageTest, EmptyRegister) {
  // No risks, no assets, no decisions: every share is 0, never NaN.
  Register reg = ParseText(kSmall);
  reg.clear_risks();
  reg.clear_assets();
  reg.clear_soa();
  std::unique_ptr<isms::RiskEngine> engine = Evaluated(reg);
  ASSERT_NE(engine, nullptr);
  absl::StatusOr<Coverage> cov = isms::ComputeCoverage(reg, *engine);
  ASSERT_TRUE(cov.ok()) << cov.status();
  EXPECT_EQ(cov->applicable(), 0);
  EXPECT_EQ(cov->implemented_share(), 0.0);
  EXPECT_EQ(cov->by_group_size(), 4);
  EXPECT_EQ(cov->above_appetite_risks(), 0);
  EXPECT_EQ(cov->above_appetite_mitigated_share(), 0.0);
  EXPECT_EQ(cov->exposure_removed_share(), 0.0);
  EXPECT_EQ(cov->asset_value_coverage(), 0.0);
}

TEST_F(SmallCoverageTest, Catalog2013AndUnknown) {
  ComplianceOptions options;
  options.catalog = "iso27001:2013";
  absl::StatusOr<Coverage> cov = isms::ComputeCoverage(reg_, *engine_, options);
  ASSERT_TRUE(cov.ok()) << cov.status();
  // 14 domains A.5 .. A.18, no attributes in the 2013 catalog.
  ASSERT_EQ(cov->by_group_size(), 14);
  EXPECT_EQ(cov->by_group(0).key(), "A.5");
  EXPECT_EQ(cov->by_group(13).key(), "A.18");
  EXPECT_EQ(cov->by_attribute_size(), 0);
  options.catalog = "nope";
  EXPECT_EQ(isms::ComputeCoverage(reg_, *engine_, options).status().code(),
            absl::StatusCode::kNotFound);
}

// --- The sample register
// ------------------------------------------------------

TEST(AcmeSoaTest, SoaAndCoverage) {
  absl::StatusOr<Register> reg = isms::LoadRegister(isms::testing::AcmePath());
  ASSERT_TRUE(reg.ok()) << reg.status();
  absl::StatusOr<StatementOfApplicabilityReport> soa = isms::BuildSoa(*reg);
  ASSERT_TRUE(soa.ok()) << soa.status();
  EXPECT_EQ(soa->rows_size(), 93);
  EXPECT_EQ(soa->applicable(), 89);
  EXPECT_EQ(soa->excluded(), 4);
  EXPECT_EQ(soa->undecided(), 0);
  EXPECT_EQ(soa->implemented() + soa->partial() + soa->not_implemented(), 89);
  EXPECT_EQ(FindRow(*soa, "7.6")->status(), kExcluded);
  EXPECT_EQ(soa->version(), "3.0");
  for (SoaFormat f : {SoaFormat::kCsv, SoaFormat::kMarkdown, SoaFormat::kHtml,
                      SoaFormat::kJson}) {
    EXPECT_GT(isms::RenderSoa(*soa, f).size(), 10000u);
  }
  const std::string csv = isms::RenderSoa(*soa, SoaFormat::kCsv);
  // 94 records; justifications hold commas, so count records, not raw
  // lines: a record starts with a control id.
  int records = 0;
  for (const std::string& line : Lines(csv)) {
    records +=
        absl::StartsWith(line, "control,") ||
        (line.size() > 1 && line[0] >= '5' && line[0] <= '8' && line[1] == '.');
  }
  EXPECT_EQ(records, 94);
  EXPECT_EQ(Lines(csv).size(), 94u);  // no line breaks in acme's text

  std::unique_ptr<isms::RiskEngine> engine = Evaluated(*reg);
  ASSERT_NE(engine, nullptr);
  absl::StatusOr<Coverage> cov = isms::ComputeCoverage(*reg, *engine);
  ASSERT_TRUE(cov.ok()) << cov.status();
  EXPECT_EQ(cov->applicable(), 89);
  EXPECT_GT(cov->implemented_share(), 0.5);
  EXPECT_LE(cov->implemented_share(), 1.0);
  EXPECT_GT(cov->above_appetite_risks(), 0);
  EXPECT_GT(cov->exposure_removed_share(), 0.0);
  EXPECT_GT(cov->asset_value_coverage(), 0.0);
  EXPECT_LE(cov->asset_value_coverage(), 1.0);

  const std::string trace = isms::TraceabilityCsv(*reg);
  EXPECT_EQ(Lines(trace).size(), 1u + reg->controls_size());
}

// --- Coverage in the assessment report (lib/report.cc) -----------------------

TEST_F(SmallCoverageTest, ReportCoverageSection) {
  isms::v1::Assessment a = engine_->ToProto();
  // Unset: no section.
  for (isms::ReportFormat f :
       {isms::ReportFormat::kText, isms::ReportFormat::kMarkdown}) {
    EXPECT_THAT(isms::RenderAssessment(reg_, a, f),
                Not(HasSubstr("Control coverage")));
  }
  const std::string bare =
      isms::RenderAssessment(reg_, a, isms::ReportFormat::kHtml);
  EXPECT_THAT(bare, Not(HasSubstr("<h2>Coverage</h2>")));
  EXPECT_THAT(bare, Not(HasSubstr("class=\"coverage\"")));

  *a.mutable_coverage() = cov_;
  const std::string text =
      isms::RenderAssessment(reg_, a, isms::ReportFormat::kText);
  EXPECT_THAT(text, HasSubstr("Control coverage: iso27001:2022\n"));
  EXPECT_THAT(text, HasSubstr("5 applicable controls, 54.0% implemented"));
  EXPECT_THAT(text, HasSubstr("  Theme  Title                    Applicable  "
                              "Implemented\n"));
  EXPECT_THAT(text, HasSubstr("  5      Organizational controls           2"
                              "        85.0%\n"));
  EXPECT_THAT(text, HasSubstr("  8      Technological controls            3"
                              "        33.3%\n"));
  EXPECT_THAT(text,
              HasSubstr("  Security property  Applicable  Implemented\n"
                        "  -----------------  ----------  -----------\n"
                        "  Confidentiality             4        42.5%\n"
                        "  Integrity                   5        54.0%\n"
                        "  Availability                5        54.0%\n"));
  EXPECT_THAT(text, HasSubstr("  Control type  Applicable  Implemented\n"
                              "  ------------  ----------  -----------\n"
                              "  Preventive             4        42.5%\n"
                              "  Corrective             1       100.0%\n"
                              "  Detective              0         0.0%\n"));
  EXPECT_THAT(text, HasSubstr("  Above-appetite inherent risks with a "
                              "mitigation  2 of 3  66.7%\n"));
  EXPECT_THAT(text, HasSubstr("  Exposure removed by current controls       "
                              "              14.3%\n"
                              "  Asset value covered by assessed risks      "
                              "              75.0%\n"));
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    EXPECT_LE(line.size(), 100u) << line;
  }

  const std::string md =
      isms::RenderAssessment(reg_, a, isms::ReportFormat::kMarkdown);
  EXPECT_THAT(md, HasSubstr("## Control coverage: iso27001:2022\n"));
  EXPECT_THAT(md, HasSubstr("| 5 | Organizational controls | 2 | 85.0% |\n"));
  EXPECT_THAT(md, HasSubstr("| Confidentiality | 4 | 42.5% |\n"));
  EXPECT_THAT(md, HasSubstr("| Above-appetite inherent risks with a "
                            "mitigation | 2 of 3 | 66.7% |\n"));

  const std::string html =
      isms::RenderAssessment(reg_, a, isms::ReportFormat::kHtml);
  EXPECT_THAT(html, HasSubstr("<h2>Coverage</h2>"));
  // Three heatmaps plus three bar charts: themes, security properties,
  // control types.
  EXPECT_EQ(CountOf(html, "<svg"), 6);
  EXPECT_EQ(CountOf(html, "<svg class=\"coverage\""), 3);
  // One bar per theme (4), property (3) and control type (3).
  EXPECT_EQ(CountOf(html, "<rect class=\"bar\""), 10);
  // Bars are labelled with their percentage; theme 5's bar is 85% of 180px.
  EXPECT_THAT(html, HasSubstr(">85.0%</text>"));
  EXPECT_THAT(html, HasSubstr("width=\"153.0\""));
  EXPECT_THAT(html, HasSubstr(">Confidentiality</text>"));
  EXPECT_THAT(html, HasSubstr(">42.5%</text>"));
  EXPECT_THAT(html, HasSubstr(">Preventive</text>"));
  EXPECT_THAT(html, Not(HasSubstr("http")));
  EXPECT_THAT(html, Not(HasSubstr("<script")));

  // JSON carries it as it is.
  const std::string json =
      isms::RenderAssessment(reg_, a, isms::ReportFormat::kJson);
  isms::v1::Assessment back;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &back).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(back, a));
}

TEST_F(SmallCoverageTest, ReportCoverageEscapesText) {
  isms::v1::Assessment a = engine_->ToProto();
  *a.mutable_coverage() = cov_;
  a.mutable_coverage()->mutable_by_group(0)->set_title("<b>Org</b>");
  const std::string html =
      isms::RenderAssessment(reg_, a, isms::ReportFormat::kHtml);
  EXPECT_THAT(html, Not(HasSubstr("<b>Org")));
  EXPECT_THAT(html, HasSubstr("&lt;b&gt;Org&lt;/b&gt;"));
}

// AssessWithCoverage is ToProto plus coverage; an unknown catalog leaves the
// coverage empty and says why, the rest of the assessment stays.
TEST(AssessWithCoverageTest, FillsCoverageOrSaysWhyNot) {
  absl::StatusOr<isms::v1::Register> reg =
      isms::LoadRegister(isms::testing::AcmePath());
  ASSERT_TRUE(reg.ok()) << reg.status();
  std::unique_ptr<isms::RiskEngine> engine = Evaluated(*reg);
  ASSERT_NE(engine, nullptr);

  absl::Status status = absl::UnknownError("not set");
  isms::v1::Assessment a =
      isms::AssessWithCoverage(*reg, *engine, {}, {}, &status);
  EXPECT_TRUE(status.ok()) << status;
  ASSERT_TRUE(a.has_coverage());
  // acme: 89 applicable controls of iso27001:2022 (see AcmeSoaTest).
  EXPECT_EQ(a.coverage().applicable(), 89);
  EXPECT_EQ(a.risks_size(), 43);
  EXPECT_EQ(a.current_exposure(), 95);

  isms::ComplianceOptions unknown;
  unknown.catalog = "nist:800-53";
  a = isms::AssessWithCoverage(*reg, *engine, {}, unknown, &status);
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE(a.has_coverage());
  EXPECT_EQ(a.risks_size(), 43);
}

}  // namespace
