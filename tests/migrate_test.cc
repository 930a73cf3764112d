// isms::MigrateRegister(): the ISO/IEC 27001:2013 -> 2022 transition of
// applied controls, the SoA and nonconformities, through every pair of the
// built-in mapping, with user catalogs, and on the legacy2013.json sample.
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "isms/catalog.h"
#include "isms/compliance.h"
#include "isms/io.h"
#include "isms/v1/catalog.pb.h"
#include "isms/v1/compliance.pb.h"
#include "isms/v1/diagnostics.pb.h"
#include "isms/v1/register.pb.h"
#include "isms/validate.h"

namespace {

using ::isms::v1::MigrationReport;
using ::isms::v1::Register;
using ::isms::v1::SoaEntry;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr char k2013[] = "iso27001:2013";
constexpr char k2022[] = "iso27001:2022";

// The 2022 controls with no 2013 predecessor.
const std::vector<std::string>& NewControls() {
  static const auto* ids = new std::vector<std::string>{
      "5.7",  "5.23", "5.30", "7.4",  "8.9", "8.10",
      "8.11", "8.12", "8.16", "8.23", "8.28"};
  return *ids;
}

Register Parse(const std::string& text) {
  Register reg;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &reg))
      << text;
  return reg;
}

std::pair<Register, MigrationReport> Migrate(
    const Register& reg, const std::string& to = k2022,
    const isms::CatalogSet* catalogs = nullptr) {
  absl::StatusOr<std::pair<Register, MigrationReport>> out =
      isms::MigrateRegister(reg, to, catalogs);
  EXPECT_TRUE(out.ok()) << out.status();
  return out.ok() ? *std::move(out) : std::pair<Register, MigrationReport>();
}

const isms::v1::CatalogMapping& BuiltInMapping() {
  for (const isms::v1::CatalogMapping* m :
       isms::CatalogSet::BuiltIn().mappings()) {
    if (m->source_catalog() == k2013 && m->target_catalog() == k2022) {
      return *m;
    }
  }
  ADD_FAILURE() << "no built-in 2013 -> 2022 mapping";
  static const auto* empty = new isms::v1::CatalogMapping();
  return *empty;
}

// Entries of a migrated SoA by control id.
absl::flat_hash_map<std::string, const SoaEntry*> Rows(const Register& reg) {
  absl::flat_hash_map<std::string, const SoaEntry*> rows;
  for (const SoaEntry& e : reg.soa().entries()) rows[e.control_ref()] = &e;
  return rows;
}

// A complete 2013 SoA: every control applicable (best practice) or, with
// `excluded`, excluded; the texts name the control.
Register Complete2013Soa(bool excluded) {
  Register reg;
  reg.mutable_risk_method()->set_catalog(k2013);
  isms::v1::StatementOfApplicability* soa = reg.mutable_soa();
  soa->set_catalog(k2013);
  soa->set_version("2.1");
  soa->set_approved_by("P-01");
  soa->set_approved_on("2024-10-15");
  for (const isms::v1::CatalogControl& c :
       isms::CatalogSet::BuiltIn().FindCatalog(k2013)->controls()) {
    SoaEntry* e = soa->add_entries();
    e->set_control_ref(c.id());
    e->set_applicable(!excluded);
    if (excluded) {
      e->set_exclusion_justification(absl::StrCat("not ", c.id()));
    } else {
      e->add_reasons(isms::v1::SOA_REASON_BEST_PRACTICE);
      e->set_justification(absl::StrCat("for ", c.id()));
    }
  }
  return reg;
}

TEST(MigrateTest, AppliedControlRefsAreMapped) {
  Register reg = Parse(R"pb(
    risk_method { catalog: "iso27001:2013" }
    controls { id: "C-1" catalog_refs: "iso27001:2013/A.10.1.1" }
    controls { id: "C-2" catalog_refs: "iso27001:2013/A.18.2.3" }
    controls { id: "C-3" catalog_refs: "A.9.2.1" catalog_refs: "9.2.5" }
    controls {
      id: "C-4"
      catalog_refs: "iso27001:2013/A.9.1.1"
      catalog_refs: "iso27001:2022/8.5"
      catalog_refs: "iso27001:2013/A.9.1.2"
      catalog_refs: "iso27001:2013/A.9.4.2"
    }
    controls { id: "C-5" }
  )pb");
  auto [out, report] = Migrate(reg);
  EXPECT_EQ(report.from_catalog(), k2013);
  EXPECT_EQ(report.to_catalog(), k2022);
  EXPECT_THAT(out.controls(0).catalog_refs(),
              ElementsAre("iso27001:2022/8.24"));
  EXPECT_THAT(out.controls(1).catalog_refs(),
              ElementsAre("iso27001:2022/5.36", "iso27001:2022/8.8"));
  // Bare refs name the register's catalog, with or without "A.".
  EXPECT_THAT(out.controls(2).catalog_refs(),
              ElementsAre("iso27001:2022/5.16", "iso27001:2022/5.18"));
  // Merged controls leave one ref; a 2022 ref is kept and deduplicated.
  EXPECT_THAT(out.controls(3).catalog_refs(),
              ElementsAre("iso27001:2022/5.15", "iso27001:2022/8.5"));
  EXPECT_THAT(out.controls(4).catalog_refs(), IsEmpty());
  EXPECT_EQ(report.control_refs_mapped(), 7);
  EXPECT_THAT(report.unmapped(), IsEmpty());
  // Bare refs keep meaning the register's catalog.
  EXPECT_EQ(out.risk_method().catalog(), k2022);
  // No SoA entries: none is made up.
  EXPECT_THAT(out.soa().entries(), IsEmpty());
  EXPECT_EQ(report.soa_rows_mapped(), 0);
  EXPECT_THAT(report.new_controls(), IsEmpty());
}

TEST(MigrateTest, RefsToOtherCatalogsAreKept) {
  isms::CatalogSet set = isms::CatalogSet::BuiltIn();
  isms::v1::Catalog soc2;
  soc2.set_id("soc2:2017");
  soc2.add_controls()->set_id("CC6.1");
  ASSERT_TRUE(set.AddCatalog(soc2).ok());

  // The default catalog is SOC 2 while the SoA is on 2013: bare refs are SOC 2
  // and are written explicitly once the default catalog becomes 2022.
  Register reg = Parse(R"pb(
    risk_method { catalog: "soc2:2017" }
    soa { catalog: "iso27001:2013" }
    controls {
      id: "C-1"
      catalog_refs: "CC6.1"
      catalog_refs: "soc2:2017/CC6.1"
      catalog_refs: "iso27001:2013/A.12.4.1"
      catalog_refs: "iso27001:2022/8.15"
      catalog_refs: "nist:800-53/AC-2"
      catalog_refs: "iso27001:2013/A.99.1.1"
    }
  )pb");
  auto [out, report] = Migrate(reg, k2022, &set);
  EXPECT_EQ(report.from_catalog(), k2013);
  EXPECT_THAT(out.controls(0).catalog_refs(),
              ElementsAre("soc2:2017/CC6.1", "iso27001:2022/8.15",
                          "nist:800-53/AC-2", "iso27001:2013/A.99.1.1"));
  EXPECT_EQ(report.control_refs_mapped(), 1);
  EXPECT_EQ(out.risk_method().catalog(), k2022);
  EXPECT_EQ(out.soa().catalog(), k2022);
}

// Two user catalogs whose mapping runs target -> source and leaves X3 out.
isms::CatalogSet UserCatalogs() {
  isms::CatalogSet set;
  isms::v1::Catalog v1;
  v1.set_id("acme:v1");
  for (const char* id : {"X1", "X2", "X3"}) v1.add_controls()->set_id(id);
  isms::v1::Catalog v2;
  v2.set_id("acme:v2");
  for (const char* id : {"Y1", "Y2"}) v2.add_controls()->set_id(id);
  EXPECT_TRUE(set.AddCatalog(v1).ok());
  EXPECT_TRUE(set.AddCatalog(v2).ok());
  isms::v1::CatalogMapping m;
  m.set_source_catalog("acme:v2");
  m.set_target_catalog("acme:v1");
  for (auto [source, target] : {std::pair{"Y1", "X1"}, std::pair{"Y1", "X2"}}) {
    isms::v1::CatalogMappingPair* p = m.add_pairs();
    p->set_source(source);
    p->set_target(target);
  }
  EXPECT_TRUE(set.AddMapping(m).ok());
  return set;
}

TEST(MigrateTest, UnmappedRefsAreKeptAndListed) {
  const isms::CatalogSet set = UserCatalogs();
  Register reg = Parse(R"pb(
    risk_method { catalog: "acme:v1" }
    controls { id: "C-1" catalog_refs: "X3" catalog_refs: "X1" }
    controls { id: "C-2" catalog_refs: "acme:v1/X3" catalog_refs: "X2" }
    soa {
      entries {
        control_ref: "X1"
        applicable: true
        reasons: SOA_REASON_LEGAL
        justification: "law"
      }
      entries { control_ref: "X3" applicable: true reasons: SOA_REASON_LEGAL }
    }
    nonconformities { id: "NC-1" ref: "acme:v1/X3" }
    nonconformities { id: "NC-2" ref: "acme:v1/X2" }
  )pb");
  auto [out, report] = Migrate(reg, "acme:v2", &set);
  EXPECT_EQ(report.from_catalog(), "acme:v1");
  // The default catalog changes: the kept bare ref is written explicitly.
  EXPECT_THAT(out.controls(0).catalog_refs(),
              ElementsAre("acme:v1/X3", "acme:v2/Y1"));
  EXPECT_THAT(out.controls(1).catalog_refs(),
              ElementsAre("acme:v1/X3", "acme:v2/Y1"));
  EXPECT_EQ(report.control_refs_mapped(), 2);
  EXPECT_THAT(report.unmapped(), ElementsAre("acme:v1/X3"));
  EXPECT_EQ(out.risk_method().catalog(), "acme:v2");
  // X1 alone has a decision for Y1 (X3's cannot be carried over).
  ASSERT_THAT(out.soa().entries(), SizeIs(2));
  const SoaEntry& y1 = out.soa().entries(0);
  EXPECT_EQ(y1.control_ref(), "Y1");
  EXPECT_TRUE(y1.applicable());
  EXPECT_EQ(y1.justification(), "law");
  EXPECT_EQ(out.soa().entries(1).control_ref(), "Y2");
  EXPECT_FALSE(out.soa().entries(1).has_applicable());
  EXPECT_THAT(report.new_controls(), ElementsAre("Y2"));
  EXPECT_EQ(report.soa_rows_mapped(), 1);
  EXPECT_EQ(out.nonconformities(0).ref(), "acme:v1/X3");
  EXPECT_EQ(out.nonconformities(1).ref(), "acme:v2/Y1");

  // And back: Y1 maps to X1 and X2.
  auto [back, back_report] = Migrate(out, "acme:v1", &set);
  EXPECT_THAT(back.controls(0).catalog_refs(),
              ElementsAre("acme:v1/X3", "acme:v1/X1", "acme:v1/X2"));
  EXPECT_THAT(back_report.new_controls(), ElementsAre("X3"));
}

TEST(MigrateTest, CompleteSoaGives93RowsAnd11NewControls) {
  auto [out, report] = Migrate(Complete2013Soa(/*excluded=*/false));
  const isms::v1::Catalog& catalog =
      *isms::CatalogSet::BuiltIn().FindCatalog(k2022);
  EXPECT_EQ(out.soa().catalog(), k2022);
  ASSERT_THAT(out.soa().entries(), SizeIs(93));
  for (int i = 0; i < 93; ++i) {
    EXPECT_EQ(out.soa().entries(i).control_ref(), catalog.controls(i).id());
  }
  EXPECT_THAT(report.new_controls(), ElementsAreArray(NewControls()));
  EXPECT_EQ(report.soa_rows_mapped(), 93 - 11);
  EXPECT_THAT(report.conflicts(), IsEmpty());
  EXPECT_THAT(report.unmapped(), IsEmpty());
  // The version is kept; the approval is not.
  EXPECT_EQ(out.soa().version(), "2.1");
  EXPECT_EQ(out.soa().approved_by(), "");
  EXPECT_EQ(out.soa().approved_on(), "");

  auto rows = Rows(out);
  for (const std::string& id : NewControls()) {
    const SoaEntry& row = *rows.at(id);
    EXPECT_FALSE(row.has_applicable()) << id;
    EXPECT_THAT(row.reasons(), IsEmpty()) << id;
    EXPECT_EQ(row.justification(), "") << id;
  }
  EXPECT_EQ(rows.at("8.24")->justification(),
            "A.10.1.1: for A.10.1.1; A.10.1.2: for A.10.1.2");
  EXPECT_EQ(rows.at("5.16")->justification(), "for A.9.2.1");
  EXPECT_THAT(rows.at("5.16")->reasons(),
              ElementsAre(isms::v1::SOA_REASON_BEST_PRACTICE));
}

TEST(MigrateTest, EveryMappingPairCarriesItsDecision) {
  const isms::v1::CatalogMapping& mapping = BuiltInMapping();
  ASSERT_THAT(mapping.pairs(), SizeIs(115));
  auto [applicable, applicable_report] =
      Migrate(Complete2013Soa(/*excluded=*/false));
  auto [excluded, excluded_report] =
      Migrate(Complete2013Soa(/*excluded=*/true));
  EXPECT_THAT(excluded_report.new_controls(), ElementsAreArray(NewControls()));
  auto applicable_rows = Rows(applicable);
  auto excluded_rows = Rows(excluded);

  // One applied control per 2013 control.
  Register refs;
  refs.mutable_risk_method()->set_catalog(k2013);
  for (const isms::v1::CatalogControl& c :
       isms::CatalogSet::BuiltIn().FindCatalog(k2013)->controls()) {
    isms::v1::Control* control = refs.add_controls();
    control->set_id(c.id());
    control->add_catalog_refs(absl::StrCat(k2013, "/", c.id()));
  }
  auto [mapped, mapped_report] = Migrate(refs);
  EXPECT_EQ(mapped_report.control_refs_mapped(), 114);
  absl::flat_hash_map<std::string, const isms::v1::Control*> controls;
  for (const isms::v1::Control& c : mapped.controls()) controls[c.id()] = &c;

  for (const isms::v1::CatalogMappingPair& p : mapping.pairs()) {
    SCOPED_TRACE(absl::StrCat(p.source(), " -> ", p.target()));
    const SoaEntry& a = *applicable_rows.at(p.target());
    EXPECT_TRUE(a.has_applicable() && a.applicable());
    EXPECT_THAT(a.justification(), HasSubstr(absl::StrCat("for ", p.source())));
    const SoaEntry& e = *excluded_rows.at(p.target());
    EXPECT_TRUE(e.has_applicable() && !e.applicable());
    EXPECT_THAT(e.exclusion_justification(),
                HasSubstr(absl::StrCat("not ", p.source())));
    EXPECT_THAT(controls.at(p.source())->catalog_refs(),
                testing::Contains(absl::StrCat(k2022, "/", p.target())));
  }
}

TEST(MigrateTest, MergedDecisions) {
  Register reg = Parse(R"pb(
    soa {
      catalog: "iso27001:2013"
      # 5.14: two applicable, one excluded.
      entries {
        control_ref: "A.13.2.1"
        applicable: true
        reasons: [ SOA_REASON_BEST_PRACTICE, SOA_REASON_LEGAL ]
        justification: "Transfer rules"
      }
      entries {
        control_ref: "A.13.2.2"
        applicable: true
        reasons: [ SOA_REASON_CONTRACTUAL, SOA_REASON_RISK_TREATMENT ]
        justification: "DPAs"
      }
      entries {
        control_ref: "A.13.2.3"
        applicable: false
        exclusion_justification: "No email"
      }
      # 5.15: both excluded.
      entries {
        control_ref: "A.9.1.1"
        applicable: false
        exclusion_justification: "a"
      }
      entries {
        control_ref: "9.1.2"
        applicable: false
        exclusion_justification: "b"
      }
      # 5.1: one excluded, one undecided.
      entries {
        control_ref: "A.5.1.1"
        applicable: false
        exclusion_justification: "none"
      }
      entries { control_ref: "A.5.1.2" }
      # 8.24: one source only.
      entries {
        control_ref: "A.10.1.2"
        applicable: false
        exclusion_justification: "no keys"
      }
      # 7.2: a later duplicate is ignored.
      entries {
        control_ref: "A.11.1.2"
        applicable: true
        reasons: SOA_REASON_BUSINESS
      }
      entries { control_ref: "A.11.1.2" applicable: false }
    }
  )pb");
  auto [out, report] = Migrate(reg);
  auto rows = Rows(out);
  ASSERT_THAT(out.soa().entries(), SizeIs(93));

  const SoaEntry& r514 = *rows.at("5.14");
  EXPECT_TRUE(r514.applicable());
  EXPECT_THAT(r514.reasons(), ElementsAre(isms::v1::SOA_REASON_RISK_TREATMENT,
                                          isms::v1::SOA_REASON_LEGAL,
                                          isms::v1::SOA_REASON_CONTRACTUAL,
                                          isms::v1::SOA_REASON_BEST_PRACTICE));
  EXPECT_EQ(r514.justification(), "A.13.2.1: Transfer rules; A.13.2.2: DPAs");
  EXPECT_EQ(r514.exclusion_justification(), "");

  const SoaEntry& r515 = *rows.at("5.15");
  ASSERT_TRUE(r515.has_applicable());
  EXPECT_FALSE(r515.applicable());
  EXPECT_EQ(r515.exclusion_justification(), "A.9.1.1: a; A.9.1.2: b");

  const SoaEntry& r51 = *rows.at("5.1");
  EXPECT_FALSE(r51.has_applicable());
  EXPECT_EQ(r51.exclusion_justification(), "A.5.1.1: none");

  const SoaEntry& r824 = *rows.at("8.24");
  EXPECT_FALSE(r824.applicable());
  EXPECT_EQ(r824.exclusion_justification(), "no keys");

  EXPECT_TRUE(rows.at("7.2")->applicable());

  ASSERT_THAT(report.conflicts(), SizeIs(1));
  const isms::v1::MigrationConflict& conflict = report.conflicts(0);
  EXPECT_EQ(conflict.target_control_id(), "5.14");
  EXPECT_THAT(conflict.source_control_ids(),
              ElementsAre("A.13.2.1", "A.13.2.2", "A.13.2.3"));
  EXPECT_THAT(conflict.detail(),
              HasSubstr("A.13.2.1, A.13.2.2 were applicable but A.13.2.3 was "
                        "excluded"));
  // 5.1, 5.14, 5.15, 7.2, 8.24 have sources; every other control is new.
  EXPECT_EQ(report.soa_rows_mapped(), 5);
  EXPECT_THAT(report.new_controls(), SizeIs(88));
}

TEST(MigrateTest, NonconformityRefs) {
  Register reg = Parse(R"pb(
    soa { catalog: "iso27001:2013" }
    nonconformities { id: "NC-1" ref: "iso27001:2013/A.18.2.3" }
    nonconformities { id: "NC-2" ref: "9.2" }
    nonconformities { id: "NC-3" ref: "A.9.1.1" }
    nonconformities { id: "NC-4" ref: "iso27001:2013/9.2.5" }
    nonconformities { id: "NC-5" ref: "iso27001:2022/5.15" }
  )pb");
  auto [out, report] = Migrate(reg);
  EXPECT_EQ(out.nonconformities(0).ref(), "iso27001:2022/5.36");
  EXPECT_EQ(out.nonconformities(1).ref(), "9.2");
  EXPECT_EQ(out.nonconformities(2).ref(), "A.9.1.1");
  EXPECT_EQ(out.nonconformities(3).ref(), "iso27001:2022/5.18");
  EXPECT_EQ(out.nonconformities(4).ref(), "iso27001:2022/5.15");
  // Only an explicit soa.catalog moves when the SoA has no entries.
  EXPECT_EQ(out.soa().catalog(), k2022);
}

TEST(MigrateTest, SameCatalogIsIdentity) {
  Register reg = Complete2013Soa(/*excluded=*/false);
  reg.add_controls()->add_catalog_refs("A.9.1.1");
  absl::StatusOr<std::pair<Register, MigrationReport>> out =
      isms::MigrateRegister(reg, k2013);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(out->first, reg));
  const MigrationReport& report = out->second;
  EXPECT_EQ(report.control_refs_mapped(), 0);
  EXPECT_EQ(report.soa_rows_mapped(), 0);
  EXPECT_THAT(report.new_controls(), IsEmpty());
  EXPECT_THAT(report.conflicts(), IsEmpty());
  EXPECT_THAT(report.unmapped(), IsEmpty());

  // A register naming no catalog is on 2022.
  Register plain = Parse(R"pb(controls { id: "C-1" catalog_refs: "5.1" })pb");
  out = isms::MigrateRegister(plain, k2022);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->second.from_catalog(), k2022);
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(out->first, plain));
}

TEST(MigrateTest, Errors) {
  isms::CatalogSet set = isms::CatalogSet::BuiltIn();
  isms::v1::Catalog lone;
  lone.set_id("acme:lone");
  lone.add_controls()->set_id("L-1");
  ASSERT_TRUE(set.AddCatalog(lone).ok());
  Register reg = Complete2013Soa(/*excluded=*/false);

  absl::Status st = isms::MigrateRegister(reg, "acme:lone", &set).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kFailedPrecondition) << st;
  EXPECT_THAT(std::string(st.message()), HasSubstr("acme:lone"));

  st = isms::MigrateRegister(reg, "nist:800-53").status();
  EXPECT_EQ(st.code(), absl::StatusCode::kNotFound) << st;
  EXPECT_THAT(std::string(st.message()), HasSubstr("nist:800-53"));

  // acme:lone is not in the built-in set.
  st = isms::MigrateRegister(reg, "acme:lone").status();
  EXPECT_EQ(st.code(), absl::StatusCode::kNotFound) << st;

  Register unknown = Parse(R"pb(risk_method { catalog: "nist:800-53" })pb");
  st = isms::MigrateRegister(unknown, k2022).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kNotFound) << st;
}

TEST(MigrateTest, Legacy2013Sample) {
  absl::StatusOr<Register> reg =
      isms::LoadRegister(ISMS_SOURCE_DIR "/examples/registers/legacy2013.json");
  ASSERT_TRUE(reg.ok()) << reg.status();
  isms::v1::ValidationReport before = isms::Validate(*reg);
  EXPECT_EQ(before.error_count(), 0);
  EXPECT_EQ(before.warning_count(), 0);
  EXPECT_EQ(reg->soa().entries_size(), 114);
  EXPECT_EQ(reg->risk_method().catalog(), k2013);

  auto [out, report] = Migrate(*reg);
  EXPECT_EQ(report.from_catalog(), k2013);
  EXPECT_THAT(report.new_controls(), ElementsAreArray(NewControls()));
  EXPECT_EQ(report.soa_rows_mapped(), 82);
  EXPECT_EQ(report.control_refs_mapped(), 16);
  EXPECT_THAT(report.unmapped(), IsEmpty());
  std::vector<std::string> conflicts;
  for (const auto& c : report.conflicts()) {
    conflicts.push_back(c.target_control_id());
  }
  EXPECT_THAT(conflicts, ElementsAre("5.31", "7.2", "7.10"));
  EXPECT_EQ(out.risk_method().catalog(), k2022);
  EXPECT_EQ(out.soa().catalog(), k2022);
  EXPECT_EQ(out.soa().approved_by(), "");
  EXPECT_EQ(out.nonconformities(0).ref(), "iso27001:2022/5.18");
  EXPECT_EQ(out.nonconformities(1).ref(), "6.1.3");
  for (const isms::v1::Control& c : out.controls()) {
    for (const std::string& ref : c.catalog_refs()) {
      EXPECT_THAT(ref, testing::StartsWith("iso27001:2022/")) << c.id();
    }
  }
  EXPECT_THAT(out.controls(1).catalog_refs(),
              ElementsAre("iso27001:2022/5.16", "iso27001:2022/5.18",
                          "iso27001:2022/8.5"));
  auto rows = Rows(out);
  EXPECT_FALSE(rows.at("7.6")->applicable());
  EXPECT_FALSE(rows.at("8.30")->applicable());

  isms::v1::ValidationReport after = isms::Validate(out);
  EXPECT_EQ(after.error_count(), 0);
  EXPECT_EQ(after.warning_count(), 11);
  absl::flat_hash_set<std::string> undecided;
  for (const isms::v1::Diagnostic& d : after.diagnostics()) {
    EXPECT_EQ(d.code(), "SOA_UNDECIDED") << d.path() << ": " << d.message();
    undecided.insert(d.message());
  }
  for (const std::string& id : NewControls()) {
    bool found = false;
    for (const std::string& m : undecided) {
      found = found || m.find(absl::StrCat(" ", id, " ")) != std::string::npos;
    }
    EXPECT_TRUE(found) << id;
  }
}

}  // namespace
