// ReadLimits: hostile input is refused early with RESOURCE_EXHAUSTED naming
// the limit, in bounded time (ctest's TIMEOUT for this test) and bounded
// memory (the inputs are small and peak RSS hardly moves); honest input up to
// each limit still loads.
#include <sys/resource.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "isms/io.h"
#include "tests/test_util.h"

namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr isms::Format kFormats[] = {isms::Format::kJson, isms::Format::kBinary,
                                     isms::Format::kText};

// --- Hand-made wire format -------------------------------------------------

std::string Varint(uint64_t value) {
  std::string out;
  for (; value >= 0x80; value >>= 7) {
    out += static_cast<char>((value & 0x7f) | 0x80);
  }
  out += static_cast<char>(value);
  return out;
}

enum WireType { kVarint = 0, kLengthDelimited = 2, kStartGroup = 3 };

std::string Tag(int field, WireType type) {
  return Varint((static_cast<uint64_t>(field) << 3) | type);
}

// A length-delimited field holding `payload`.
std::string Field(int field, const std::string& payload) {
  return Tag(field, kLengthDelimited) + Varint(payload.size()) + payload;
}

constexpr int kRegisterOrganization =
    isms::v1::Register::kOrganizationFieldNumber;
constexpr int kRegisterAssets = isms::v1::Register::kAssetsFieldNumber;
constexpr int kRegisterRisks = isms::v1::Register::kRisksFieldNumber;
constexpr int kOrganizationName = isms::v1::Organization::kNameFieldNumber;
constexpr int kRiskDimensions = isms::v1::Risk::kDimensionsFieldNumber;

// --- Helpers ---------------------------------------------------------------

// Peak resident memory of this process so far, in KiB.
long PeakRssKib() {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// A hostile input must not make the reader allocate anything like what it
// claims: 64 MiB is generous next to gigabyte claims.
constexpr long kMaxPeakGrowthKib = 64 * 1024;

absl::StatusOr<isms::v1::Register> Parse(const std::string& bytes,
                                         isms::Format format,
                                         const isms::ReadLimits& limits = {}) {
  isms::ReadOptions options;
  options.format = format;
  options.limits = limits;
  return isms::ParseRegister(bytes, options, "hostile");
}

std::string Serialize(const isms::v1::Register& reg, isms::Format format) {
  return *isms::SerializeRegister(reg, isms::WriteOptions{format, true});
}

void ExpectRefused(const absl::StatusOr<isms::v1::Register>& result,
                   const std::string& limit) {
  ASSERT_FALSE(result.ok()) << "expected the limit " << limit;
  EXPECT_EQ(result.status().code(), absl::StatusCode::kResourceExhausted)
      << result.status();
  EXPECT_THAT(std::string(result.status().message()), StartsWith("hostile"));
  EXPECT_THAT(std::string(result.status().message()),
              HasSubstr("than the limit " + limit))
      << result.status();
}

// 3 assets with 3 tags each, 3 risks with 2 mitigations each, and a
// 20-character name: longer than any JSON key, which count as strings too.
isms::v1::Register SmallRegister() {
  isms::v1::Register reg;
  reg.mutable_organization()->set_name("01234567890123456789");
  for (int i = 0; i < 3; ++i) {
    isms::v1::Asset* asset = reg.add_assets();
    asset->set_id(absl::StrCat("A-", i));
    for (const char* tag : {"x", "y", "z"}) asset->add_tags(tag);
    isms::v1::Risk* risk = reg.add_risks();
    risk->set_id(absl::StrCat("R-", i));
    risk->add_asset_ids(asset->id());
    for (int m = 0; m < 2; ++m) {
      risk->add_mitigations()->set_control_id(absl::StrCat("C-", m));
    }
  }
  return reg;
}

// --- Claims ----------------------------------------------------------------

// A length prefix of 2 GiB in a 10-byte input is refused from the claim alone,
// whether it claims a submessage (an asset) or a string (a name).
TEST(LimitsTest, TwoGibLengthClaimIsRefusedFromTheClaim) {
  const uint64_t two_gib = uint64_t{1} << 31;
  const std::string asset_claim =
      Tag(kRegisterAssets, kLengthDelimited) + Varint(two_gib) + "abcd";
  const std::string name =
      Tag(kOrganizationName, kLengthDelimited) + Varint(two_gib) + "abcd";
  const std::string name_claim = Field(kRegisterOrganization, name);
  ASSERT_LT(asset_claim.size(), 16u);
  ASSERT_LT(name_claim.size(), 16u);
  const long rss = PeakRssKib();

  absl::StatusOr<isms::v1::Register> r =
      Parse(asset_claim, isms::Format::kBinary);
  ExpectRefused(r, "max_bytes=2147483647");
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr("hostile: assets[0] (byte 0): a length prefix of "
                        "2147483648 bytes"));

  r = Parse(name_claim, isms::Format::kBinary);
  ExpectRefused(r, "max_string_length=16777216");
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr("organization.name (byte 2)"));
  EXPECT_LT(PeakRssKib() - rss, kMaxPeakGrowthKib);
}

// The wire format has no element counts: a list's size is what its bytes
// hold. The closest a hostile file comes to claiming 10^9 elements is a
// packed list (Risk.dimensions) whose length prefix says 10^9 bytes, one
// varint each, in an 11-byte file. Even its fewest possible elements (10^8,
// at 10 bytes a varint) are more than max_list_elements, so the reader
// refuses it from the claim without looking for the bytes.
TEST(LimitsTest, BillionElementClaimIsRefusedFromTheClaim) {
  const std::string dimensions = Tag(kRiskDimensions, kLengthDelimited) +
                                 Varint(1'000'000'000) + "\x01\x02\x03";
  const std::string bytes = Field(kRegisterRisks, dimensions);
  ASSERT_LT(bytes.size(), 16u);
  const long rss = PeakRssKib();
  absl::StatusOr<isms::v1::Register> r = Parse(bytes, isms::Format::kBinary);
  ExpectRefused(r, "max_list_elements=10000000");
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr("risks[0].dimensions (byte 2): a list of at least "
                        "100000000 elements"));
  EXPECT_LT(PeakRssKib() - rss, kMaxPeakGrowthKib);
}

// A smaller claim that merely runs past the end is a corrupt file, not a
// limit.
TEST(LimitsTest, ClaimPastTheEndIsCorrupt) {
  const std::string bytes =
      Tag(kRegisterAssets, kLengthDelimited) + Varint(1000) + "abcd";
  absl::StatusOr<isms::v1::Register> r = Parse(bytes, isms::Format::kBinary);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr("hostile: not a valid binary isms.v1.Register: "
                        "assets[0] (byte 0): a length prefix of 1000 bytes "
                        "runs past the end of its message (4 bytes left)"));
}

// --- Nesting ---------------------------------------------------------------

// 100,000 levels of nesting in each format, refused at level 65 before any
// parser (or the call stack) sees them.
TEST(LimitsTest, HundredThousandLevelsAreRefusedInEveryFormat) {
  constexpr int kLevels = 100000;
  std::string binary;
  for (int i = 0; i < kLevels; ++i) binary += Tag(100, kStartGroup);
  std::string text;
  for (int i = 0; i < kLevels; ++i) text += "organization {";
  const struct {
    isms::Format format;
    std::string bytes;
    const char* place;
  } kCases[] = {
      {isms::Format::kJson,
       "{\"assets\": " + std::string(kLevels, '[') + std::string(kLevels, ']') +
           "}",
       "hostile:1:75: nesting"},
      {isms::Format::kText, text, "hostile:1:896: nesting"},
      // Unknown groups nest (and protobuf keeps them), so binary input can
      // nest without any message of the schema doing so.
      {isms::Format::kBinary, binary, "(field 100) (byte 126): nesting"},
  };
  const long rss = PeakRssKib();
  for (const auto& c : kCases) {
    SCOPED_TRACE(isms::FormatName(c.format));
    absl::StatusOr<isms::v1::Register> r = Parse(c.bytes, c.format);
    ExpectRefused(r, "max_depth=64");
    EXPECT_THAT(std::string(r.status().message()), HasSubstr(c.place));
  }
  EXPECT_LT(PeakRssKib() - rss, kMaxPeakGrowthKib);
}

TEST(LimitsTest, NestingUpToTheLimitIsAccepted) {
  // The register (1), organization (2): two levels.
  isms::ReadLimits limits;
  limits.max_depth = 2;
  isms::v1::Register reg;
  reg.mutable_organization()->set_name("Acme");
  for (isms::Format format : kFormats) {
    SCOPED_TRACE(isms::FormatName(format));
    absl::StatusOr<isms::v1::Register> r =
        Parse(Serialize(reg, format), format, limits);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->organization().name(), "Acme");
    limits.max_depth = 1;
    ExpectRefused(Parse(Serialize(reg, format), format, limits), "max_depth=1");
    limits.max_depth = 2;
  }
}

// --- Counts and strings ----------------------------------------------------

// Each count limit, one below and at the small register's counts, in every
// format.
TEST(LimitsTest, CountsOverTheLimitAreRefusedInEveryFormat) {
  const isms::v1::Register reg = SmallRegister();
  const struct {
    const char* name;
    uint64_t isms::ReadLimits::*limit;
    uint64_t actual;
  } kLimits[] = {
      {"max_assets", &isms::ReadLimits::max_assets, 3},
      {"max_risks", &isms::ReadLimits::max_risks, 3},
      {"max_mitigations", &isms::ReadLimits::max_mitigations, 6},
      {"max_list_elements", &isms::ReadLimits::max_list_elements, 3},
      {"max_string_length", &isms::ReadLimits::max_string_length, 20},
  };
  for (isms::Format format : kFormats) {
    const std::string bytes = Serialize(reg, format);
    for (const auto& l : kLimits) {
      SCOPED_TRACE(absl::StrCat(isms::FormatName(format), " ", l.name));
      isms::ReadLimits limits;
      limits.*l.limit = l.actual;
      absl::StatusOr<isms::v1::Register> r = Parse(bytes, format, limits);
      ASSERT_TRUE(r.ok()) << r.status();
      EXPECT_EQ(r->assets_size(), 3);
      limits.*l.limit = l.actual - 1;
      ExpectRefused(Parse(bytes, format, limits),
                    absl::StrCat(l.name, "=", l.actual - 1));
    }
  }
}

// The place of the refusal: line and column in JSON, the field path in
// binary (with the byte offset) and text.
TEST(LimitsTest, RefusalsNameThePlace) {
  const isms::v1::Register reg = SmallRegister();
  isms::ReadLimits limits;
  limits.max_mitigations = 5;
  absl::StatusOr<isms::v1::Register> r = Parse(
      Serialize(reg, isms::Format::kBinary), isms::Format::kBinary, limits);
  EXPECT_THAT(
      std::string(r.status().message()),
      testing::MatchesRegex("hostile: risks\\[2\\]\\.mitigations\\[1\\] "
                            "\\(byte [0-9]+\\): more mitigations \\(over "
                            "all risks\\) than the limit "
                            "max_mitigations=5"));
  r = Parse(Serialize(reg, isms::Format::kText), isms::Format::kText, limits);
  EXPECT_EQ(std::string(r.status().message()),
            "hostile: risks[2].mitigations: more mitigations (over all risks) "
            "than the limit max_mitigations=5");

  isms::ReadLimits one_tag;
  one_tag.max_list_elements = 1;
  r = Parse(R"({"assets": [{"tags": ["a",
 "b"]}]})",
            isms::Format::kJson, one_tag);
  EXPECT_EQ(std::string(r.status().message()),
            "hostile:2:2: a list of 2 elements, more than the limit "
            "max_list_elements=1");
}

// JSON keys may be spelt with escapes or as proto field names; the counts
// follow the field, not the spelling.
TEST(LimitsTest, JsonKeysAreMatchedAsTheParserMatchesThem) {
  isms::ReadLimits limits;
  limits.max_assets = 1;
  limits.max_mitigations = 1;
  ExpectRefused(
      Parse(R"({"\u0061ssets": [{}, {}]})", isms::Format::kJson, limits),
      "max_assets=1");
  ExpectRefused(
      Parse(R"({"risks": [{"mitigations": [{}]}, {"mitigations": [{}]}]})",
            isms::Format::kJson, limits),
      "max_mitigations=1");
  // asset_ids (proto name) and assetIds (JSON name) are the same list.
  isms::ReadLimits two_ids;
  two_ids.max_list_elements = 2;
  for (const char* key : {"asset_ids", "assetIds"}) {
    SCOPED_TRACE(key);
    ExpectRefused(
        Parse(absl::StrCat(R"({"risks": [{")", key, R"(": ["a", "b", "c"]}]})"),
              isms::Format::kJson, two_ids),
        "max_list_elements=2");
  }
}

// Numbers of a repeated field may come packed or one by one; both count.
TEST(LimitsTest, PackedAndUnpackedElementsBothCount) {
  const std::string unpacked = Tag(kRiskDimensions, kVarint) + Varint(1) +
                               Tag(kRiskDimensions, kVarint) + Varint(2) +
                               Tag(kRiskDimensions, kVarint) + Varint(3);
  const std::string packed =
      Tag(kRiskDimensions, kLengthDelimited) + Varint(3) + "\x01\x02\x03";
  isms::ReadLimits limits;
  limits.max_list_elements = 5;
  absl::StatusOr<isms::v1::Register> r = Parse(
      Field(kRegisterRisks, unpacked + packed), isms::Format::kBinary, limits);
  ExpectRefused(r, "max_list_elements=5");
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr("a list of 6 elements"));
  limits.max_list_elements = 6;
  r = Parse(Field(kRegisterRisks, unpacked + packed), isms::Format::kBinary,
            limits);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->risks(0).dimensions_size(), 6);
}

// Protobuf keeps unknown fields of binary input; they count per message.
TEST(LimitsTest, UnknownFieldsCount) {
  std::string bytes;
  for (int i = 0; i < 4; ++i) bytes += Tag(99, kVarint) + Varint(i);
  isms::ReadLimits limits;
  limits.max_list_elements = 3;
  ExpectRefused(Parse(bytes, isms::Format::kBinary, limits),
                "max_list_elements=3");
  limits.max_list_elements = 4;
  EXPECT_TRUE(Parse(bytes, isms::Format::kBinary, limits).ok());
}

TEST(LimitsTest, CatalogsHaveLimitsToo) {
  const std::string path = absl::StrCat(::testing::TempDir(), "limits_test_",
                                        ::getpid(), "_catalog.json");
  ASSERT_TRUE(
      isms::WriteFileAtomically(
          path, R"({"id": "x", "controls": [{"id": "1"}, {"id": "2"}]})")
          .ok());
  isms::ReadOptions options;
  options.limits.max_list_elements = 1;
  absl::StatusOr<isms::v1::Catalog> c = isms::LoadCatalog(path, options);
  EXPECT_EQ(c.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(std::string(c.status().message()),
              HasSubstr("max_list_elements=1"));
  options.limits.max_list_elements = 2;
  EXPECT_TRUE(isms::LoadCatalog(path, options).ok());
  std::remove(path.c_str());
}

// The defaults take the `isms generate` L register (1M assets, 4.5M risks,
// 15.8M mitigations; README "Performance") with room to spare.
TEST(LimitsTest, DefaultsTakeTheLargeBenchmarkRegister) {
  const isms::ReadLimits defaults;
  EXPECT_GE(defaults.max_assets, 1'000'000u);
  EXPECT_GE(defaults.max_risks, 4'500'265u);
  EXPECT_GE(defaults.max_mitigations, 15'754'377u);
  EXPECT_GT(defaults.max_list_elements, 100'000u);
  // The sample register loads with them in every format.
  absl::StatusOr<isms::v1::Register> acme =
      isms::LoadRegister(isms::testing::AcmePath());
  ASSERT_TRUE(acme.ok()) << acme.status();
  for (isms::Format format : kFormats) {
    SCOPED_TRACE(isms::FormatName(format));
    absl::StatusOr<isms::v1::Register> r =
        Parse(Serialize(*acme, format), format);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->risks_size(), acme->risks_size());
  }
}

}  // namespace
