// The README documents every validation code (DiagnosticCodes() is the one
// list; this keeps the README's table from falling behind it).
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "isms/validate.h"

namespace {

TEST(DocsTest, ReadmeListsEveryDiagnosticCode) {
  std::ifstream in(std::string(ISMS_SOURCE_DIR) + "/README.md");
  ASSERT_TRUE(in) << "README.md not found";
  std::stringstream text;
  text << in.rdbuf();
  for (const isms::DiagnosticCodeInfo& info : isms::DiagnosticCodes()) {
    const std::string row = absl::StrCat("| `", info.code, "` | ",
                                         isms::SeverityName(info.severity));
    EXPECT_NE(text.str().find(row), std::string::npos)
        << "README.md has no row starting " << row;
  }
}

}  // namespace
