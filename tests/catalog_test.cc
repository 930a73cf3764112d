// The built-in Annex A catalogs, their lookups and the 2013 <-> 2022 mapping.
// Expected counts are those of ISO/IEC 27001:2022 and :2013 Annex A (see
// lib/catalogs and ../shared/data/SOURCES.md).
#include "isms/catalog.h"

#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

const isms::CatalogSet& BuiltIn() { return isms::CatalogSet::BuiltIn(); }

TEST(CatalogTest, ListsBothAnnexACatalogsAndTheMapping) {
  std::vector<std::string> ids;
  for (const isms::v1::Catalog* c : BuiltIn().catalogs())
    ids.push_back(c->id());
  EXPECT_THAT(ids, ElementsAre("iso27001:2022", "iso27001:2013"));
  ASSERT_EQ(BuiltIn().mappings().size(), 1u);
  EXPECT_EQ(BuiltIn().mappings()[0]->source_catalog(), "iso27001:2013");
  EXPECT_EQ(BuiltIn().mappings()[0]->target_catalog(), "iso27001:2022");
  EXPECT_EQ(BuiltIn().mappings()[0]->pairs_size(), 115);
}

TEST(CatalogTest, Annex2022Has93ControlsIn37_8_14_34) {
  const isms::v1::Catalog* c = BuiltIn().FindCatalog("iso27001:2022");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->controls_size(), 93);
  EXPECT_EQ(BuiltIn().ControlsInGroup("iso27001:2022", "5").size(), 37u);
  EXPECT_EQ(BuiltIn().ControlsInGroup("iso27001:2022", "6").size(), 8u);
  EXPECT_EQ(BuiltIn().ControlsInGroup("iso27001:2022", "7").size(), 14u);
  EXPECT_EQ(BuiltIn().ControlsInGroup("iso27001:2022", "8").size(), 34u);
  EXPECT_EQ(c->controls(0).id(), "5.1");
  EXPECT_EQ(c->controls(92).id(), "8.34");
}

TEST(CatalogTest, EveryControlOf2022CarriesAllFiveAttributes) {
  for (const auto& control :
       BuiltIn().FindCatalog("iso27001:2022")->controls()) {
    for (isms::AttributeKind kind :
         {isms::AttributeKind::kControlType,
          isms::AttributeKind::kSecurityProperty,
          isms::AttributeKind::kCybersecurityConcept,
          isms::AttributeKind::kOperationalCapability,
          isms::AttributeKind::kSecurityDomain}) {
      EXPECT_FALSE(isms::AttributeValues(control, kind).empty())
          << control.id() << " " << isms::AttributeKindName(kind);
    }
  }
}

TEST(CatalogTest, Annex2013Has114ControlsIn14DomainsAnd35Objectives) {
  const isms::v1::Catalog* c = BuiltIn().FindCatalog("iso27001:2013");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->controls_size(), 114);
  const std::map<std::string, size_t> expected = {
      {"A.5", 2},  {"A.6", 7},   {"A.7", 6},   {"A.8", 10}, {"A.9", 14},
      {"A.10", 2}, {"A.11", 15}, {"A.12", 14}, {"A.13", 7}, {"A.14", 13},
      {"A.15", 5}, {"A.16", 7},  {"A.17", 4},  {"A.18", 8}};
  int domains = 0, objectives = 0;
  for (const auto& g : c->groups()) {
    (g.parent_id().empty() ? domains : objectives)++;
  }
  EXPECT_EQ(domains, 14);
  EXPECT_EQ(objectives, 35);
  for (const auto& [domain, count] : expected) {
    EXPECT_EQ(BuiltIn().ControlsInGroup("iso27001:2013", domain).size(), count)
        << domain;
  }
  // An objective selects its own controls: A.9.2 User access management has
  // A.9.2.1 .. A.9.2.6.
  EXPECT_EQ(BuiltIn().ControlsInGroup("iso27001:2013", "A.9.2").size(), 6u);
}

TEST(CatalogTest, FindsControlsByReferenceWithOrWithoutAnnexPrefix) {
  const auto* c = BuiltIn().FindControl("iso27001:2022/8.24");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->title(), "Use of cryptography");
  EXPECT_EQ(BuiltIn().FindControl("iso27001:2022/A.8.24"), c);
  EXPECT_EQ(BuiltIn().FindControl("8.24"), c);  // the default catalog
  const auto* old = BuiltIn().FindControl("iso27001:2013/A.10.1.1");
  ASSERT_NE(old, nullptr);
  EXPECT_EQ(old->title(), "Policy on the use of cryptographic controls");
  EXPECT_EQ(BuiltIn().FindControl("iso27001:2013/10.1.1"), old);
  EXPECT_EQ(BuiltIn().FindControl("iso27001:2022/9.1"), nullptr);
  EXPECT_EQ(BuiltIn().FindControl("nist:800-53/AC-1"), nullptr);
  EXPECT_EQ(BuiltIn().FindControl("iso27001:2022/"), nullptr);
}

TEST(CatalogTest, ParsesControlRefs) {
  auto ref = isms::ParseControlRef("iso27001:2013/A.5.1.1");
  ASSERT_TRUE(ref.ok());
  EXPECT_EQ(ref->catalog, "iso27001:2013");
  EXPECT_EQ(ref->control_id, "A.5.1.1");
  ref = isms::ParseControlRef(" 5.1 ", "mine");
  ASSERT_TRUE(ref.ok());
  EXPECT_EQ(ref->catalog, "mine");
  EXPECT_EQ(ref->control_id, "5.1");
  EXPECT_FALSE(isms::ParseControlRef("/5.1").ok());
  EXPECT_FALSE(isms::ParseControlRef("iso27001:2022/").ok());
}

TEST(CatalogTest, FiltersByAttributeIgnoringCaseAndHash) {
  // Counts from ISO/IEC 27002:2022 Table A.1 as transcribed in shared/data.
  auto count = [](isms::AttributeKind kind, const char* value) {
    return BuiltIn().ControlsWithAttribute("iso27001:2022", kind, value).size();
  };
  EXPECT_EQ(count(isms::AttributeKind::kControlType, "Detective"), 13u);
  EXPECT_EQ(count(isms::AttributeKind::kControlType, "#corrective"), 14u);
  EXPECT_EQ(count(isms::AttributeKind::kCybersecurityConcept, "Recover"), 6u);
  EXPECT_EQ(count(isms::AttributeKind::kOperationalCapability, "continuity"),
            6u);
  EXPECT_EQ(count(isms::AttributeKind::kSecurityDomain, "Resilience"), 8u);
  EXPECT_EQ(count(isms::AttributeKind::kSecurityProperty, "Confidentiality"),
            87u);
  EXPECT_EQ(count(isms::AttributeKind::kControlType, "Nonsense"), 0u);
}

TEST(CatalogTest, ParsesAttributeKindNames) {
  EXPECT_EQ(*isms::ParseAttributeKind("control_type"),
            isms::AttributeKind::kControlType);
  EXPECT_EQ(*isms::ParseAttributeKind("security-properties"),
            isms::AttributeKind::kSecurityProperty);
  EXPECT_EQ(*isms::ParseAttributeKind("operational_capabilities"),
            isms::AttributeKind::kOperationalCapability);
  EXPECT_EQ(*isms::ParseAttributeKind("Cybersecurity concept"),
            isms::AttributeKind::kCybersecurityConcept);
  EXPECT_EQ(*isms::ParseAttributeKind("domain"),
            isms::AttributeKind::kSecurityDomain);
  EXPECT_FALSE(isms::ParseAttributeKind("colour").ok());
}

TEST(CatalogTest, MapsBothWays) {
  // ISO/IEC 27002:2022 Annex B: A.18.2.3 feeds both 5.36 and 8.8.
  EXPECT_THAT(
      BuiltIn().MapControl("iso27001:2013", "A.18.2.3", "iso27001:2022"),
      UnorderedElementsAre("5.36", "8.8"));
  EXPECT_THAT(BuiltIn().MapControl("iso27001:2022", "8.24", "iso27001:2013"),
              UnorderedElementsAre("A.10.1.1", "A.10.1.2"));
  EXPECT_THAT(BuiltIn().MapControl("iso27001:2022", "5.1", "iso27001:2013"),
              UnorderedElementsAre("A.5.1.1", "A.5.1.2"));
  EXPECT_THAT(BuiltIn().MapControl("iso27001:2022", "5.7", "iso27001:2013"),
              IsEmpty());  // threat intelligence is new in 2022
}

TEST(CatalogTest, EveryMappingIdExistsAndEvery2013ControlIsMapped) {
  const isms::v1::CatalogMapping& m = *BuiltIn().mappings()[0];
  absl::flat_hash_set<std::string> mapped_2013, mapped_2022;
  for (const auto& p : m.pairs()) {
    EXPECT_NE(BuiltIn().FindControlInCatalog("iso27001:2013", p.source()),
              nullptr)
        << p.source();
    EXPECT_NE(BuiltIn().FindControlInCatalog("iso27001:2022", p.target()),
              nullptr)
        << p.target();
    mapped_2013.insert(p.source());
    mapped_2022.insert(p.target());
  }
  EXPECT_EQ(mapped_2013.size(), 114u);
  // The 11 controls new in 2022 have no 2013 predecessor.
  std::vector<std::string> unmapped;
  for (const auto& c : BuiltIn().FindCatalog("iso27001:2022")->controls()) {
    if (!mapped_2022.contains(c.id())) unmapped.push_back(c.id());
  }
  EXPECT_THAT(unmapped, ElementsAre("5.7", "5.23", "5.30", "7.4", "8.9", "8.10",
                                    "8.11", "8.12", "8.16", "8.23", "8.28"));
}

isms::v1::Catalog SmallCatalog() {
  isms::v1::Catalog c;
  c.set_id("acme:policies");
  c.set_name("Acme policies");
  auto* g = c.add_groups();
  g->set_id("P");
  g->set_title("Policies");
  auto* control = c.add_controls();
  control->set_id("P-1");
  control->set_title("Clean desk");
  control->set_group_id("P");
  control->mutable_attributes()->add_control_types("Preventive");
  return c;
}

TEST(CatalogTest, UserCatalogsAreAddedToACopyOnly) {
  isms::CatalogSet mine = BuiltIn();
  ASSERT_TRUE(mine.AddCatalog(SmallCatalog()).ok());
  EXPECT_NE(mine.FindControl("acme:policies/P-1"), nullptr);
  EXPECT_EQ(BuiltIn().FindControl("acme:policies/P-1"), nullptr);
  EXPECT_EQ(mine.catalogs().size(), 3u);
  // A second catalog of the same id is refused.
  EXPECT_EQ(mine.AddCatalog(SmallCatalog()).code(),
            absl::StatusCode::kAlreadyExists);
}

TEST(CatalogTest, RejectsInconsistentUserCatalogs) {
  isms::CatalogSet set;
  isms::v1::Catalog no_id = SmallCatalog();
  no_id.clear_id();
  EXPECT_FALSE(set.AddCatalog(no_id).ok());

  isms::v1::Catalog duplicate = SmallCatalog();
  *duplicate.add_controls() = duplicate.controls(0);
  absl::Status st = set.AddCatalog(duplicate);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(st.message()),
              ::testing::HasSubstr("controls[1]: empty or duplicate id"));

  isms::v1::Catalog bad_group = SmallCatalog();
  bad_group.mutable_controls(0)->set_group_id("Q");
  st = set.AddCatalog(bad_group);
  EXPECT_THAT(std::string(st.message()),
              ::testing::HasSubstr("unknown group \"Q\""));
  EXPECT_TRUE(set.catalogs().empty());
}

// References are trimmed (ParseControlRef), so ids with white space at an end
// could never be found (found by tests/fuzz/catalog_fuzzer.cc).
TEST(CatalogTest, RejectsIdsThatNoReferenceCanName) {
  isms::CatalogSet set;
  isms::v1::Catalog padded_control = SmallCatalog();
  padded_control.mutable_controls(0)->set_id("P-1 ");
  absl::Status st = set.AddCatalog(padded_control);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(st.message()),
              ::testing::HasSubstr("controls[0]: id \"P-1 \" must not start "
                                   "or end with white space"));

  isms::v1::Catalog padded_catalog = SmallCatalog();
  padded_catalog.set_id(" acme:policies");
  st = set.AddCatalog(padded_catalog);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(st.message()),
              ::testing::HasSubstr("must not start or end with white space"));
  EXPECT_TRUE(set.catalogs().empty());
}

TEST(CatalogTest, MappingsMustNameKnownControls) {
  isms::CatalogSet mine = BuiltIn();
  ASSERT_TRUE(mine.AddCatalog(SmallCatalog()).ok());
  isms::v1::CatalogMapping m;
  m.set_source_catalog("acme:policies");
  m.set_target_catalog("iso27001:2022");
  auto* pair = m.add_pairs();
  pair->set_source("P-1");
  pair->set_target("7.7");
  ASSERT_TRUE(mine.AddMapping(m).ok());
  EXPECT_THAT(mine.MapControl("iso27001:2022", "7.7", "acme:policies"),
              ElementsAre("P-1"));
  pair->set_target("7.99");
  EXPECT_EQ(mine.AddMapping(m).code(), absl::StatusCode::kInvalidArgument);
  m.set_target_catalog("nist:800-53");
  EXPECT_EQ(mine.AddMapping(m).code(), absl::StatusCode::kNotFound);
}

}  // namespace
