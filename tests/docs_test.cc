// The README documents every validation code (DiagnosticCodes() is the one
// list; this keeps the README's table from falling behind it).
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "isms/risk_engine.h"
#include "isms/validate.h"

namespace {

std::string Readme() {
  std::ifstream in(std::string(ISMS_SOURCE_DIR) + "/README.md");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(DocsTest, ReadmeListsEveryFindingCode) {
  const std::string text = Readme();
  ASSERT_FALSE(text.empty()) << "README.md not found";
  for (const isms::FindingCodeInfo& info : isms::FindingCodes()) {
    const std::string row = absl::StrCat("| `", info.code, "` | ",
                                         isms::SeverityName(info.severity));
    EXPECT_NE(text.find(row), std::string::npos)
        << "README.md has no row starting " << row;
  }
}

TEST(DocsTest, ReadmeListsEveryDiagnosticCode) {
  std::stringstream text;
  text << Readme();
  ASSERT_FALSE(text.str().empty()) << "README.md not found";
  for (const isms::DiagnosticCodeInfo& info : isms::DiagnosticCodes()) {
    // The whole row, meaning included, so the two texts cannot drift apart.
    const std::string row = absl::StrCat("| `", info.code, "` | ",
                                         isms::SeverityName(info.severity),
                                         " | ", info.meaning, " |\n");
    EXPECT_NE(text.str().find(row), std::string::npos)
        << "README.md has no row " << row;
  }
}

}  // namespace
