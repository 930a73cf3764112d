// RiskEngine::CreateFromFile must be Create(*LoadRegister(path)) in every
// result and every fault; for binary files it compiles while parsing.
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "isms/io.h"
#include "isms/risk_engine.h"
#include "tests/test_util.h"
#include "tools/generate.h"

namespace isms {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

EngineOptions Options() {
  EngineOptions options;
  options.as_of = "2026-11-22";
  options.threads = 1;
  return options;
}

// A folder of its own under the test's temporary directory.
class EngineFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* base = std::getenv("TEST_TMPDIR");
    std::string pattern =
        absl::StrCat(base != nullptr ? base : "/tmp", "/engine_file_XXXXXX");
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::string command = absl::StrCat("rm -rf '", dir_, "'");
    ASSERT_EQ(std::system(command.c_str()), 0);
  }

  std::string Write(absl::string_view name, absl::string_view bytes) {
    const std::string path = absl::StrCat(dir_, "/", name);
    EXPECT_TRUE(WriteFileAtomically(path, bytes).ok());
    return path;
  }
  std::string WriteBinary(absl::string_view name, const v1::Register& reg) {
    return Write(name, reg.SerializeAsString());
  }

  std::string dir_;
};

// Every result of the two engines, and the assessment they produce.
void ExpectSameEngine(RiskEngine& streamed, RiskEngine& whole) {
  streamed.Evaluate();
  whole.Evaluate();
  ASSERT_EQ(streamed.risk_count(), whole.risk_count());
  for (RiskEngine::View view :
       {RiskEngine::kInherent, RiskEngine::kCurrent, RiskEngine::kTarget}) {
    EXPECT_EQ(streamed.level(view), whole.level(view)) << view;
    EXPECT_EQ(streamed.likelihood(view), whole.likelihood(view)) << view;
    EXPECT_EQ(streamed.impact(view), whole.impact(view)) << view;
    EXPECT_EQ(streamed.likelihood_reduction(view),
              whole.likelihood_reduction(view))
        << view;
    EXPECT_EQ(streamed.impact_reduction(view), whole.impact_reduction(view))
        << view;
    EXPECT_EQ(streamed.heatmap(view), whole.heatmap(view)) << view;
  }
  EXPECT_EQ(streamed.status(), whole.status());
  EXPECT_EQ(streamed.ToProto().SerializeAsString(),
            whole.ToProto().SerializeAsString());
}

void ExpectSameRest(const v1::Register& rest, v1::Register whole) {
  whole.clear_risks();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(rest, whole));
}

// CreateFromFile(path) against Create(reg), reg being what the file holds:
// the same engine, and the rest of the register.
void ExpectFileEqualsWhole(const std::string& path, const v1::Register& reg) {
  v1::Register rest;
  absl::StatusOr<std::unique_ptr<RiskEngine>> streamed =
      RiskEngine::CreateFromFile(path, Options(), {}, &rest);
  ASSERT_TRUE(streamed.ok()) << streamed.status();
  absl::StatusOr<std::unique_ptr<RiskEngine>> whole =
      RiskEngine::Create(reg, Options());
  ASSERT_TRUE(whole.ok()) << whole.status();
  ExpectSameEngine(**streamed, **whole);
  ExpectSameRest(rest, reg);
  EXPECT_EQ(rest.risks_size(), 0);
  EXPECT_EQ(rest.assets_size(), reg.assets_size());
}

TEST_F(EngineFileTest, AcmeBinaryEqualsLoadingWhole) {
  absl::StatusOr<v1::Register> reg = LoadRegister(testing::AcmePath());
  ASSERT_TRUE(reg.ok()) << reg.status();
  ASSERT_GT(reg->risks_size(), 10);
  ExpectFileEqualsWhole(WriteBinary("acme.binpb", *reg), *reg);
}

TEST_F(EngineFileTest, JsonIsLoadedWholeWithTheSameResults) {
  absl::StatusOr<v1::Register> reg = LoadRegister(testing::AcmePath());
  ASSERT_TRUE(reg.ok()) << reg.status();
  ExpectFileEqualsWhole(testing::AcmePath(), *reg);
}

TEST_F(EngineFileTest, GeneratedRegistersEqualLoadingWhole) {
  for (uint64_t seed : {1, 2, 3}) {
    tools::GenerateOptions generate;
    generate.assets = 1500;
    generate.seed = seed;
    generate.quant_fraction = 0.1;
    absl::StatusOr<v1::Register> reg = tools::GenerateRegister(generate);
    ASSERT_TRUE(reg.ok()) << reg.status();
    SCOPED_TRACE(seed);
    ExpectFileEqualsWhole(
        WriteBinary(absl::StrCat("generated", seed, ".binpb"), *reg), *reg);
  }
}

// Protobuf merges concatenated messages: risks may come before, between and
// after the other fields, and the result keeps their order.
TEST_F(EngineFileTest, RisksInterleavedWithOtherFields) {
  absl::StatusOr<v1::Register> reg = LoadRegister(testing::AcmePath());
  ASSERT_TRUE(reg.ok()) << reg.status();
  v1::Register first_risks, rest, last_risks;
  rest = *reg;
  rest.clear_risks();
  for (int r = 0; r < reg->risks_size(); ++r) {
    *(r < 5 ? first_risks : last_risks).add_risks() = reg->risks(r);
  }
  v1::Register assets_only;
  *assets_only.mutable_assets() = rest.assets();
  rest.clear_assets();
  const std::string bytes = absl::StrCat(
      first_risks.SerializeAsString(), rest.SerializeAsString(),
      last_risks.SerializeAsString(), assets_only.SerializeAsString());
  const std::string path = Write("interleaved.binpb", bytes);

  ReadOptions binary;
  binary.format = Format::kBinary;
  absl::StatusOr<v1::Register> merged = ParseRegister(bytes, binary, "bytes");
  ASSERT_TRUE(merged.ok()) << merged.status();
  ASSERT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(*merged, *reg));

  ExpectFileEqualsWhole(path, *reg);
}

TEST_F(EngineFileTest, EngineFaultsNameTheRiskAsCreateDoes) {
  absl::StatusOr<v1::Register> reg = LoadRegister(testing::AcmePath());
  ASSERT_TRUE(reg.ok()) << reg.status();
  reg->mutable_risks(3)->set_asset_ids(0, "A-NOPE");
  const std::string path = WriteBinary("bad_asset.binpb", *reg);
  absl::StatusOr<std::unique_ptr<RiskEngine>> streamed =
      RiskEngine::CreateFromFile(path, Options());
  absl::StatusOr<std::unique_ptr<RiskEngine>> whole =
      RiskEngine::Create(*reg, Options());
  ASSERT_FALSE(whole.ok());
  EXPECT_EQ(streamed.status(), whole.status());
  EXPECT_EQ(streamed.status().message(),
            "risks[3].asset_ids[0]: unknown asset \"A-NOPE\"");
}

TEST_F(EngineFileTest, DuplicateAndEmptyRiskIds) {
  absl::StatusOr<v1::Register> reg = LoadRegister(testing::AcmePath());
  ASSERT_TRUE(reg.ok()) << reg.status();
  v1::Register duplicate = *reg;
  duplicate.mutable_risks(4)->set_id(reg->risks(1).id());
  absl::StatusOr<std::unique_ptr<RiskEngine>> streamed =
      RiskEngine::CreateFromFile(WriteBinary("dup.binpb", duplicate),
                                 Options());
  EXPECT_EQ(streamed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      streamed.status().message(),
      absl::StrCat("risks[4].id: duplicate id \"", reg->risks(1).id(), "\""));
  EXPECT_EQ(RiskEngine::Create(duplicate, Options()).status(),
            streamed.status());

  v1::Register empty = *reg;
  empty.mutable_risks(2)->clear_id();
  streamed =
      RiskEngine::CreateFromFile(WriteBinary("empty.binpb", empty), Options());
  EXPECT_EQ(streamed.status().message(), "risks[2].id: the id is empty");
}

TEST_F(EngineFileTest, CorruptAndHostileFilesFailWithThePlace) {
  absl::StatusOr<v1::Register> reg = LoadRegister(testing::AcmePath());
  ASSERT_TRUE(reg.ok()) << reg.status();
  const std::string bytes = reg->SerializeAsString();

  const std::string cut = Write("cut.binpb", bytes.substr(0, bytes.size() - 7));
  absl::StatusOr<std::unique_ptr<RiskEngine>> engine =
      RiskEngine::CreateFromFile(cut, Options());
  EXPECT_EQ(engine.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(engine.status().message()),
              StartsWith(cut + ": not a valid binary isms.v1.Register: "));

  // Limits apply as they do to LoadRegister, before anything is compiled.
  ReadOptions read;
  read.limits.max_risks = 3;
  const std::string whole = Write("whole.binpb", bytes);
  engine = RiskEngine::CreateFromFile(whole, Options(), read);
  EXPECT_EQ(engine.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(std::string(engine.status().message()), HasSubstr("max_risks=3"));
  EXPECT_EQ(engine.status(), LoadRegister(whole, read).status());

  read = ReadOptions();
  read.limits.max_bytes = 100;
  engine = RiskEngine::CreateFromFile(whole, Options(), read);
  EXPECT_EQ(engine.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(std::string(engine.status().message()),
              HasSubstr("max_bytes=100"));

  // A risk whose title is not UTF-8 passes the wire scan; protobuf's parser
  // refuses it, as it does when loading whole.
  v1::Register bad_text;
  *bad_text.mutable_risk_method() = reg->risk_method();
  v1::Risk* risk = bad_text.add_risks();
  risk->set_id("R-1");
  risk->set_title("ok");
  std::string bad = bad_text.SerializeAsString();
  const size_t at = bad.rfind("ok");
  ASSERT_NE(at, std::string::npos);
  bad[at] = '\xff';
  const std::string bad_path = Write("bad_utf8.binpb", bad);
  EXPECT_FALSE(LoadRegister(bad_path).ok());
  engine = RiskEngine::CreateFromFile(bad_path, Options());
  EXPECT_EQ(engine.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(engine.status().message()),
              StartsWith(bad_path + ": risks[0]: not a valid binary"));
}

// Wire-format corners where a split of the file could accept what protobuf's
// parser refuses, or the reverse (found in review): both paths must agree.
TEST_F(EngineFileTest, WireCornersAgreeWithTheWholeParse) {
  absl::StatusOr<v1::Register> reg = LoadRegister(testing::AcmePath());
  ASSERT_TRUE(reg.ok()) << reg.status();
  const std::string acme = reg->SerializeAsString();
  v1::Risk extra;
  extra.set_id("R-EXTRA");
  *extra.mutable_asset_ids() = reg->risks(0).asset_ids();
  extra.set_threat_id(reg->risks(0).threat_id());
  extra.set_likelihood(reg->risks(0).likelihood());
  const std::string risk = extra.SerializeAsString();
  ASSERT_LT(risk.size(), 128u);  // a one-byte length below
  const std::string length(1, static_cast<char>(risk.size()));
  // Register.risks is field 8, wire type 2: tag 0x42.
  const std::string refused[] = {
      acme + std::string("\x00", 1),      // a zero tag as the last byte
      acme + std::string("\x80\x00", 2),  // the same, two bytes long
      // The risks tag padded to 6 bytes (protobuf reads at most 5).
      acme + std::string("\xC2\x80\x80\x80\x80\x00", 6) + length + risk,
      // Its length padded to 6 bytes.
      acme + "\x42" + std::string(1, static_cast<char>(0x80 | risk.size())) +
          std::string("\x80\x80\x80\x80\x00", 5) + risk,
  };
  ReadOptions binary;
  binary.format = Format::kBinary;
  for (const std::string& bytes : refused) {
    SCOPED_TRACE(bytes.size() - acme.size());
    EXPECT_EQ(ParseRegister(bytes, binary, "whole").status().code(),
              absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(RiskEngine::CreateFromBytes(bytes, binary, "streamed", Options())
                  .status()
                  .code(),
              absl::StatusCode::kInvalidArgument);
  }
  // A 5-byte risks tag is still a tag: both read one more risk.
  const std::string five =
      acme + std::string("\xC2\x80\x80\x80\x00", 5) + length + risk;
  absl::StatusOr<v1::Register> parsed = ParseRegister(five, binary, "whole");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->risks_size(), reg->risks_size() + 1);
  absl::StatusOr<std::unique_ptr<RiskEngine>> streamed =
      RiskEngine::CreateFromBytes(five, binary, "streamed", Options());
  ASSERT_TRUE(streamed.ok()) << streamed.status();
  EXPECT_EQ((*streamed)->risk_count(), reg->risks_size() + 1);

  // An unknown group nested 120 deep passes when max_depth allows it.
  std::string nested;
  for (int i = 0; i < 120; ++i) nested += "\xC3\x3E";  // field 1000, group
  for (int i = 0; i < 120; ++i) nested += "\xC4\x3E";  // its end
  binary.limits.max_depth = 300;
  EXPECT_TRUE(ParseRegister(acme + nested, binary, "whole").ok());
  absl::StatusOr<std::unique_ptr<RiskEngine>> deep =
      RiskEngine::CreateFromBytes(acme + nested, binary, "streamed", Options());
  EXPECT_TRUE(deep.ok()) << deep.status();
}

TEST_F(EngineFileTest, FileFaults) {
  absl::StatusOr<std::unique_ptr<RiskEngine>> engine =
      RiskEngine::CreateFromFile(dir_ + "/missing.binpb", Options());
  EXPECT_EQ(engine.status().code(), absl::StatusCode::kNotFound);
  engine = RiskEngine::CreateFromFile(dir_ + "/register.xyz", Options());
  EXPECT_EQ(engine.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(engine.status().message()),
              HasSubstr("cannot tell the format from the extension"));
  // An explicit format wins over the extension.
  absl::StatusOr<v1::Register> reg = LoadRegister(testing::AcmePath());
  ASSERT_TRUE(reg.ok()) << reg.status();
  const std::string path = WriteBinary("register.data", *reg);
  ReadOptions read;
  read.format = Format::kBinary;
  engine = RiskEngine::CreateFromFile(path, Options(), read);
  ASSERT_TRUE(engine.ok()) << engine.status();
  EXPECT_EQ((*engine)->risk_count(), reg->risks_size());
}

}  // namespace
}  // namespace isms
