// Reading and writing registers: round trips in every format, atomic saves,
// and bad input that must give a clear error, never a crash.
#include "isms/io.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

using isms::testing::AcmePath;

// A fresh folder per test, removed afterwards.
class IoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           absl::StrCat(
               "isms_io_test_", ::getpid(), "_",
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path(const std::string& name) const { return dir_ / name; }

  void Write(const std::string& name, const std::string& bytes) {
    ASSERT_TRUE(isms::WriteFileAtomically(Path(name), bytes).ok());
  }

  // Files in the folder other than `keep` (left-over temporary files).
  int OtherFiles(const std::string& keep) const {
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir_)) {
      n += e.path().filename() != keep;
    }
    return n;
  }

  fs::path dir_;
};

bool SameMessage(const google::protobuf::Message& a,
                 const google::protobuf::Message& b, std::string* diff) {
  google::protobuf::util::MessageDifferencer d;
  d.ReportDifferencesToString(diff);
  return d.Compare(a, b);
}

TEST_F(IoTest, FormatFromExtension) {
  EXPECT_EQ(*isms::FormatFromPath("a.json"), isms::Format::kJson);
  EXPECT_EQ(*isms::FormatFromPath("dir/A.JSON"), isms::Format::kJson);
  EXPECT_EQ(*isms::FormatFromPath("a.binpb"), isms::Format::kBinary);
  EXPECT_EQ(*isms::FormatFromPath("a.pb"), isms::Format::kBinary);
  EXPECT_EQ(*isms::FormatFromPath("a.txtpb"), isms::Format::kText);
  EXPECT_EQ(*isms::FormatFromPath("a.textproto"), isms::Format::kText);
  absl::StatusOr<isms::Format> bad = isms::FormatFromPath("a.yaml");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("a.yaml"));
  EXPECT_EQ(*isms::ParseFormatName("binpb"), isms::Format::kBinary);
  EXPECT_FALSE(isms::ParseFormatName("xml").ok());
}

// Load -> save -> load is lossless in every format, on the sample register.
TEST_F(IoTest, AcmeRoundTripsInEveryFormat) {
  absl::StatusOr<isms::v1::Register> acme = isms::LoadRegister(AcmePath());
  ASSERT_TRUE(acme.ok()) << acme.status();
  ASSERT_GT(acme->assets_size(), 0);
  for (const char* name : {"a.json", "a.binpb", "a.pb", "a.txtpb"}) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(isms::SaveRegister(*acme, Path(name)).ok());
    absl::StatusOr<isms::v1::Register> back = isms::LoadRegister(Path(name));
    ASSERT_TRUE(back.ok()) << back.status();
    std::string diff;
    EXPECT_TRUE(SameMessage(*acme, *back, &diff)) << diff;
    // And once more through the saved copy: the bytes are stable.
    ASSERT_TRUE(isms::SaveRegister(*back, Path(std::string("2") + name)).ok());
    EXPECT_EQ(*isms::ReadFile(Path(name), 1 << 30),
              *isms::ReadFile(Path(std::string("2") + name), 1 << 30));
  }
}

// Explicit presence survives JSON: an implementation of 0 and a "not
// applicable" decision are not the same as unset.
TEST_F(IoTest, ExplicitZeroesSurviveJson) {
  isms::v1::Register reg;
  auto* control = reg.add_controls();
  control->set_id("C-1");
  control->set_implementation(0.0);
  control->set_effectiveness(0.125);
  auto* entry = reg.mutable_soa()->add_entries();
  entry->set_control_ref("5.1");
  entry->set_applicable(false);
  ASSERT_TRUE(isms::SaveRegister(reg, Path("z.json")).ok());
  absl::StatusOr<isms::v1::Register> back = isms::LoadRegister(Path("z.json"));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(back->controls(0).has_implementation());
  EXPECT_EQ(back->controls(0).implementation(), 0.0);
  EXPECT_EQ(back->controls(0).effectiveness(), 0.125);
  EXPECT_TRUE(back->soa().entries(0).has_applicable());
  EXPECT_FALSE(back->soa().entries(0).applicable());
  EXPECT_FALSE(back->controls(0).has_annual_cost());
}

TEST_F(IoTest, ExplicitFormatOverridesExtension) {
  isms::v1::Register reg;
  reg.mutable_organization()->set_name("Acme");
  isms::WriteOptions write;
  write.format = isms::Format::kText;
  ASSERT_TRUE(isms::SaveRegister(reg, Path("reg.data"), write).ok());
  isms::ReadOptions read;
  read.format = isms::Format::kText;
  absl::StatusOr<isms::v1::Register> back =
      isms::LoadRegister(Path("reg.data"), read);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->organization().name(), "Acme");
  EXPECT_FALSE(isms::LoadRegister(Path("reg.data")).ok());  // no extension
}

TEST_F(IoTest, SaveReplacesAndKeepsTheFileMode) {
  Write("r.json", "old");
  ASSERT_EQ(::chmod(Path("r.json").c_str(), 0640), 0);
  isms::v1::Register reg;
  reg.mutable_organization()->set_name("New");
  ASSERT_TRUE(isms::SaveRegister(reg, Path("r.json")).ok());
  struct stat info;
  ASSERT_EQ(::stat(Path("r.json").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0640u);
  EXPECT_EQ(isms::LoadRegister(Path("r.json"))->organization().name(), "New");
  EXPECT_EQ(OtherFiles("r.json"), 0);
}

// A write that fails half-way (the file size limit stands in for a full
// disk) leaves the previous file intact and no temporary file behind. Run in
// a child process so the limit does not touch the test runner.
TEST_F(IoTest, FailedSaveLeavesThePreviousFileIntact) {
  Write("r.json", "{\"organization\": {\"name\": \"Old\"}}");
  isms::v1::Register big;
  big.mutable_organization()->set_description(std::string(1 << 20, 'x'));
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::signal(SIGXFSZ, SIG_IGN);
    struct rlimit limit = {4096, 4096};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    absl::Status st = isms::SaveRegister(big, Path("r.json"));
    ::_exit(st.ok() ? 0 : 3);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 3) << "the save should have failed";
  absl::StatusOr<isms::v1::Register> still = isms::LoadRegister(Path("r.json"));
  ASSERT_TRUE(still.ok()) << still.status();
  EXPECT_EQ(still->organization().name(), "Old");
  EXPECT_EQ(OtherFiles("r.json"), 0);
}

// When the rename itself fails (the target is a folder), nothing is lost and
// the temporary file is removed.
TEST_F(IoTest, FailedRenameRemovesTheTemporaryFile) {
  fs::create_directories(Path("taken.json"));
  isms::v1::Register reg;
  absl::Status st = isms::SaveRegister(reg, Path("taken.json"));
  EXPECT_FALSE(st.ok());
  EXPECT_THAT(std::string(st.message()), HasSubstr("taken.json"));
  EXPECT_EQ(OtherFiles("taken.json"), 0);
  EXPECT_TRUE(fs::is_directory(Path("taken.json")));
}

TEST_F(IoTest, MissingFileIsNotFound) {
  absl::StatusOr<isms::v1::Register> r = isms::LoadRegister(Path("none.json"));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("none.json"));
}

TEST_F(IoTest, FolderIsNotARegister) {
  fs::create_directories(Path("d.json"));
  absl::StatusOr<isms::v1::Register> r = isms::LoadRegister(Path("d.json"));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("is a directory"));
}

TEST_F(IoTest, EmptyJsonIsAnErrorAndEmptyBinaryOrTextAnEmptyRegister) {
  Write("e.json", "");
  absl::StatusOr<isms::v1::Register> r = isms::LoadRegister(Path("e.json"));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("empty"));
  // Zero bytes encode an empty message in binary and text format.
  for (const char* name : {"e.binpb", "e.txtpb"}) {
    Write(name, "");
    r = isms::LoadRegister(Path(name));
    ASSERT_TRUE(r.ok()) << name << ": " << r.status();
    EXPECT_EQ(r->ByteSizeLong(), 0u) << name;
  }
}

// Whatever one reader accepts, every writer writes and the matching reader
// reads back (found by the fuzzers: tests/fuzz/regressions/register_*).
TEST_F(IoTest, EveryFormatRoundTripsAnEmptyRegister) {
  const isms::v1::Register empty;
  for (isms::Format format :
       {isms::Format::kJson, isms::Format::kBinary, isms::Format::kText}) {
    isms::WriteOptions write;
    write.format = format;
    absl::StatusOr<std::string> bytes = isms::SerializeRegister(empty, write);
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    isms::ReadOptions read;
    read.format = format;
    absl::StatusOr<isms::v1::Register> again =
        isms::ParseRegister(*bytes, read, "<empty>");
    ASSERT_TRUE(again.ok())
        << isms::FormatName(format) << ": " << again.status();
    EXPECT_EQ(again->ByteSizeLong(), 0u);
  }
}

TEST_F(IoTest, TextStringsMustBeUtf8LikeInTheOtherFormats) {
  isms::ReadOptions read;
  read.format = isms::Format::kText;
  absl::StatusOr<isms::v1::Register> r = isms::ParseRegister(
      "organization { name: \"Acme\\xff\" }", read, "bad.txtpb");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr("bad.txtpb: organization.name: not valid UTF-8"));
  // Valid multi-byte text is fine: "Zürich" and an emoji, as escapes.
  r = isms::ParseRegister(
      "organization { name: \"Z\\303\\274rich \\360\\237\\224\\222\" }", read,
      "ok.txtpb");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->organization().name(), "Z\xC3\xBCrich \xF0\x9F\x94\x92");
}

TEST_F(IoTest, UnknownFieldsOfABinaryFileDoNotBreakTheTextWriter) {
  // Field 999 (varint 7) is unknown to this version: binary keeps it.
  const std::string bytes = "\xB8\x3E\x07";
  isms::ReadOptions read;
  read.format = isms::Format::kBinary;
  absl::StatusOr<isms::v1::Register> r =
      isms::ParseRegister(bytes, read, "newer.binpb");
  ASSERT_TRUE(r.ok()) << r.status();
  isms::WriteOptions write;
  write.format = isms::Format::kText;
  absl::StatusOr<std::string> text = isms::SerializeRegister(*r, write);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "");  // text cannot carry it; binary still does
  write.format = isms::Format::kBinary;
  EXPECT_EQ(*isms::SerializeRegister(*r, write), bytes);
}

TEST_F(IoTest, FilesOverTheSizeLimitAreRefusedBeforeReading) {
  Write("big.json", std::string(10000, ' '));
  isms::ReadOptions options;
  options.limits.max_bytes = 1000;
  absl::StatusOr<isms::v1::Register> r =
      isms::LoadRegister(Path("big.json"), options);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("max_bytes=1000"));
}

// JSON syntax errors name the line and column of the fault.
TEST_F(IoTest, MalformedJsonNamesLineAndColumn) {
  // Line 3 is `  "name": "x",, ` : the second comma is column 15.
  Write("m.json",
        "{\n \"assets\": [{\"id\": \"a\",\n  \"name\": \"x\",, }]}\n");
  absl::StatusOr<isms::v1::Register> r = isms::LoadRegister(Path("m.json"));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr("m.json:3:15: expected a field name"));

  Write("t.json", "{\"assets\": [");
  r = isms::LoadRegister(Path("t.json"));
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr("t.json:1:13: unexpected end of input"));

  Write("s.json", "{\"organization\": {\"name\": \"unterminated}}");
  r = isms::LoadRegister(Path("s.json"));
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr("unterminated string"));

  Write("x.json", "{} trailing");
  r = isms::LoadRegister(Path("x.json"));
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr("x.json:1:4: unexpected text after the JSON value"));
}

// Values of the wrong type and unknown enum names name the field's path.
TEST_F(IoTest, WrongTypesNameTheFieldPath) {
  Write("w.json",
        R"({"risks": [{"id": "R-1", "mitigations": [{"strength": "high"}]}]})");
  absl::StatusOr<isms::v1::Register> r = isms::LoadRegister(Path("w.json"));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr("w.json: risks[0].mitigations[0].strength: invalid "
                        "value \"high\""));

  Write("n.json", R"({"assets": [{"id": 5}]})");
  r = isms::LoadRegister(Path("n.json"));
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr("n.json: assets[0].id:"));

  Write("e.json",
        R"({"assets": [{"id": "A-1"}, {"type": "ASSET_TYPE_CASTLE"}]})");
  r = isms::LoadRegister(Path("e.json"));
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr("e.json: assets[1].type: invalid value "
                        "\"ASSET_TYPE_CASTLE\""));

  Write("a.json", R"([1, 2])");
  r = isms::LoadRegister(Path("a.json"));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(IoTest, UnknownFieldsAreErrorsUnlessIgnored) {
  Write("u.json", R"({"organization": {"name": "A"}, "assetz": []})");
  absl::StatusOr<isms::v1::Register> r = isms::LoadRegister(Path("u.json"));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("assetz"));
  isms::ReadOptions lenient;
  lenient.ignore_unknown_fields = true;
  r = isms::LoadRegister(Path("u.json"), lenient);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->organization().name(), "A");
}

TEST_F(IoTest, DeepNestingIsRefusedInBoundedTime) {
  Write("deep.json", "{\"assets\": " + std::string(100000, '[') +
                         std::string(100000, ']') + "}");
  absl::StatusOr<isms::v1::Register> r = isms::LoadRegister(Path("deep.json"));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("max_depth=64"));

  Write("deep2.json", std::string(100000, '{'));
  r = isms::LoadRegister(Path("deep2.json"));
  EXPECT_FALSE(r.ok());
}

TEST_F(IoTest, TextFormatErrorsNameLineAndColumn) {
  Write("t.txtpb", "organization {\n  name: \"A\"\n  nmae: \"B\"\n}\n");
  absl::StatusOr<isms::v1::Register> r = isms::LoadRegister(Path("t.txtpb"));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("t.txtpb:3:"));
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("nmae"));
}

// A length prefix that claims 1 GiB in a 10-byte file fails at once.
TEST_F(IoTest, HugeLengthClaimInBinaryFails) {
  // Field 4 (assets), wire type 2: tag 0x22; then the varint 2^30.
  std::string bytes = "\x22";
  for (uint32_t v = 1u << 30; v >= 0x80; v >>= 7) {
    bytes += static_cast<char>((v & 0x7f) | 0x80);
  }
  bytes += static_cast<char>(0x04);  // 2^30 >> 28
  bytes += "abcd";
  Write("claim.binpb", bytes);
  absl::StatusOr<isms::v1::Register> r =
      isms::LoadRegister(Path("claim.binpb"));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr("claim.binpb: not a valid binary isms.v1.Register"));
}

TEST_F(IoTest, TruncatedAndRandomBinaryNeverCrash) {
  absl::StatusOr<isms::v1::Register> acme = isms::LoadRegister(AcmePath());
  ASSERT_TRUE(acme.ok()) << acme.status();
  std::string bytes = *isms::SerializeRegister(
      *acme, isms::WriteOptions{isms::Format::kBinary, false});
  isms::ReadOptions binary;
  binary.format = isms::Format::kBinary;
  // The last top-level field is length-delimited, so one byte short fails.
  EXPECT_FALSE(
      isms::ParseRegister(bytes.substr(0, bytes.size() - 1), binary, "cut")
          .ok());
  for (size_t cut = 1; cut < bytes.size(); cut += 97) {
    (void)isms::ParseRegister(bytes.substr(0, cut), binary, "cut");
  }
  std::mt19937 rng(42);
  int failures = 0;
  for (int i = 0; i < 500; ++i) {
    std::string noise(1 + rng() % 2000, '\0');
    for (char& c : noise) c = static_cast<char>(rng());
    failures += !isms::ParseRegister(noise, binary, "noise").ok();
  }
  EXPECT_GT(failures, 400);  // random bytes are almost never a register
}

TEST_F(IoTest, ParseRegisterNeedsAnExplicitFormat) {
  absl::StatusOr<isms::v1::Register> r =
      isms::ParseRegister("{}", isms::ReadOptions{}, "<bytes>");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  isms::ReadOptions json;
  json.format = isms::Format::kJson;
  EXPECT_TRUE(isms::ParseRegister("{}", json, "<bytes>").ok());
}

}  // namespace
