// The report renderer: exact fragments of every format for a tiny register,
// HTML escaping and colours, and the sample register in every format.
#include "isms/report.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "isms/io.h"
#include "isms/risk_engine.h"
#include "isms/v1/assessment.pb.h"
#include "isms/v1/register.pb.h"
#include "tests/test_util.h"

namespace {

using ::isms::ReportFormat;
using ::isms::ReportOptions;
using ::isms::v1::Assessment;
using ::isms::v1::Register;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr ReportFormat kAllFormats[] = {
    ReportFormat::kText, ReportFormat::kMarkdown, ReportFormat::kHtml,
    ReportFormat::kJson};

// A 2x2 matrix: only high likelihood with major impact is "Bad" (red).
// R-1 is bad now and fine once the planned firewall is in place; R-2 is fine.
constexpr char kTiny[] = R"pb(
  schema_version: "1"
  organization { name: "Tiny & <Co>" scope: "All of \"it\"" }
  risk_method {
    likelihood {
      levels { id: "l_low" name: "Low L" }
      levels { id: "l_high" name: "High L" }
    }
    impact {
      levels { id: "i_low" name: "Minor" }
      levels { id: "i_high" name: "Major" }
    }
    risk_levels { id: "ok" name: "Fine" color: "#00ff00" acceptable: true }
    risk_levels { id: "bad" name: "Bad" color: "#ff0000" }
    grid: [ "ok", "ok", "ok", "bad" ]
  }
  people { id: "P-1" name: "Alice" }
  assets {
    id: "A-1"
    name: "Server"
    owner: "P-1"
    business_unit: "Ops"
    value { confidentiality: "i_high" }
  }
  threats { id: "T-1" name: "Attack" likelihood: "l_high" }
  controls {
    id: "C-1"
    name: "Firewall"
    owner: "P-1"
    status: CONTROL_STATUS_PLANNED
    annual_cost: 2000
    due_date: "2027-06-30"
  }
  risks {
    id: "R-1"
    title: "<script>alert(1)</script> breach"
    owner: "P-1"
    asset_ids: "A-1"
    threat_id: "T-1"
    likelihood: "l_high"
    impact: "i_high"
    mitigations { control_id: "C-1" reduces: REDUCES_LIKELIHOOD strength: 1 }
    treatment {
      option: TREATMENT_OPTION_MODIFY
      plan: "Install the firewall"
      owner: "P-1"
      due_date: "2027-06-30"
      status: TREATMENT_STATUS_IN_PROGRESS
    }
    assessed_on: "2026-10-01"
  }
  risks {
    id: "R-2"
    title: "Minor outage"
    owner: "P-1"
    asset_ids: "A-1"
    threat_id: "T-1"
    likelihood: "l_low"
    impact: "i_low"
    assessed_on: "2026-10-01"
  }
)pb";

Register ParseRegister(absl::string_view text) {
  return isms::testing::RegisterFromText(text);
}

Assessment Evaluate(const Register& reg) {
  std::unique_ptr<isms::RiskEngine> engine =
      isms::testing::EvaluatedEngine(reg);
  return engine ? engine->ToProto() : Assessment();
}

int CountOf(absl::string_view haystack, absl::string_view needle) {
  int n = 0;
  for (size_t pos = haystack.find(needle); pos != absl::string_view::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

// Value of `attr` in the last `tag` element that starts before `needle`.
std::string AttrBefore(absl::string_view html, absl::string_view needle,
                       absl::string_view tag, absl::string_view attr) {
  const size_t pos = html.find(needle);
  if (pos == absl::string_view::npos) return "-1";
  const size_t start = html.rfind(tag, pos);
  if (start == absl::string_view::npos) return "-1";
  const absl::string_view element =
      html.substr(start, html.find('>', start) - start);
  const std::string key = absl::StrCat(" ", attr, "=\"");
  const size_t at = element.find(key);
  if (at == absl::string_view::npos) return "-1";
  const size_t begin = at + key.size();
  return std::string(element.substr(begin, element.find('"', begin) - begin));
}

// Value of `attr` in the first `tag` element after `needle`.
std::string AttrAfter(absl::string_view html, absl::string_view needle,
                      absl::string_view tag, absl::string_view attr) {
  const size_t pos = html.find(needle);
  if (pos == absl::string_view::npos) return "-1";
  const size_t start = html.find(tag, pos);
  if (start == absl::string_view::npos) return "-1";
  return AttrBefore(html.substr(start), tag, tag, attr);
}

// Code points of the longest line.
int WidestLine(absl::string_view text) {
  int widest = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    int w = 0;
    for (unsigned char ch : line) w += (ch & 0xC0) != 0x80;
    widest = std::max(widest, w);
  }
  return widest;
}

class TinyReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    reg_ = ParseRegister(kTiny);
    assessment_ = Evaluate(reg_);
    ASSERT_EQ(assessment_.risks_size(), 2);
  }
  std::string Render(ReportFormat format, const ReportOptions& options = {}) {
    return isms::RenderAssessment(reg_, assessment_, format, options);
  }
  Register reg_;
  Assessment assessment_;
};

TEST(ParseReportFormatTest, KnownNames) {
  EXPECT_EQ(*isms::ParseReportFormat("text"), ReportFormat::kText);
  EXPECT_EQ(*isms::ParseReportFormat("md"), ReportFormat::kMarkdown);
  EXPECT_EQ(*isms::ParseReportFormat("markdown"), ReportFormat::kMarkdown);
  EXPECT_EQ(*isms::ParseReportFormat("html"), ReportFormat::kHtml);
  EXPECT_EQ(*isms::ParseReportFormat("HTML"), ReportFormat::kHtml);
  EXPECT_EQ(*isms::ParseReportFormat("json"), ReportFormat::kJson);
  for (ReportFormat f : kAllFormats) {
    EXPECT_EQ(*isms::ParseReportFormat(isms::ReportFormatName(f)), f);
  }
}

TEST(ParseReportFormatTest, UnknownName) {
  absl::StatusOr<ReportFormat> f = isms::ParseReportFormat("pdf");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(f.status().message(), HasSubstr("pdf"));
}

TEST_F(TinyReportTest, TextSummary) {
  const std::string text = Render(ReportFormat::kText);
  EXPECT_THAT(text, HasSubstr("Organisation: Tiny & <Co>\n"));
  EXPECT_THAT(text, HasSubstr("As of:        2026-11-22\n"));
  EXPECT_THAT(text, HasSubstr("Risks:        2 (1 above risk appetite now)\n"));
  // Risk levels, highest first.
  EXPECT_THAT(text,
              HasSubstr("  Level  Appetite  Inherent  Current  Target\n"
                        "  -----  --------  --------  -------  ------\n"
                        "  Bad    above            1        1       0\n"
                        "  Fine   within           1        1       2\n"
                        "  Total                   2        2       2\n"));
  // Exposure: weights 1 and 2 by default.
  EXPECT_THAT(text, HasSubstr("  View      Exposure  Removed  By\n"
                              "  --------  --------  -------  "
                              "----------------------------\n"
                              "  Inherent         3           (before any "
                              "control)\n"
                              "  Current          3     0.0%  current "
                              "controls\n"
                              "  Target           2    33.3%  current and "
                              "planned controls\n"));
  EXPECT_THAT(text, HasSubstr("  Treatment planned      1\n"));
  EXPECT_THAT(text, HasSubstr("  Untreated              0\n"));
}

TEST_F(TinyReportTest, TextHeatmap) {
  const std::string text = Render(ReportFormat::kText);
  // Highest likelihood first; '*' marks a cell above appetite, '.' none.
  EXPECT_THAT(text, HasSubstr("  Likelihood  Minor  Major\n"
                              "  High L         .      1*\n"
                              "  Low L          1      .\n"));
}

TEST_F(TinyReportTest, TextTopRisks) {
  const std::string text = Render(ReportFormat::kText);
  EXPECT_THAT(text, HasSubstr("  #  Risk  Owner  Inherent -> current -> "
                              "target  Status\n"));
  // The risk's line, then its title under the id (text is not HTML: the
  // title is shown as written).
  EXPECT_THAT(text,
              HasSubstr("  1  R-1   Alice  Bad -> Bad -> Fine             "
                        "treatment planned\n"
                        "     <script>alert(1)</script> breach\n"));
  EXPECT_THAT(text,
              HasSubstr("  2  R-2   Alice  Fine -> Fine -> Fine           "
                        "acceptable\n"));
  ReportOptions one;
  one.top_n = 1;
  const std::string top1 = Render(ReportFormat::kText, one);
  EXPECT_THAT(top1, HasSubstr("Top 1 risk\n"));
  EXPECT_THAT(top1, Not(HasSubstr("R-2  ")));
}

TEST_F(TinyReportTest, TextWhatIf) {
  const std::string text = Render(ReportFormat::kText);
  EXPECT_THAT(text, HasSubstr("  #  Control  Name      Removed  Risks  Annual "
                              "cost  Per 1,000\n"));
  EXPECT_THAT(text, HasSubstr("  1  C-1      Firewall        1      1        "
                              "2,000        0.5\n"));
}

TEST_F(TinyReportTest, TextFindingsLimit) {
  Assessment a = assessment_;
  a.clear_findings();
  for (int i = 0; i < 5; ++i) {
    isms::v1::Finding* f = a.add_findings();
    f->set_code(i == 4 ? "RISK_UNTREATED" : "CONTROL_UNUSED");
    f->set_severity(i == 4 ? isms::v1::SEVERITY_ERROR
                           : isms::v1::SEVERITY_INFO);
    f->set_object_id(absl::StrCat("X-", i));
    f->set_message("something an auditor would flag");
  }
  ReportOptions options;
  options.max_findings = 2;
  const std::string text =
      isms::RenderAssessment(reg_, a, ReportFormat::kText, options);
  // Errors first, even when listed last.
  EXPECT_THAT(text, HasSubstr("  Errors (1)\n    RISK_UNTREATED  X-4     "
                              "something an auditor would flag\n"));
  EXPECT_THAT(text, HasSubstr("  Info (4)\n    CONTROL_UNUSED  X-0     "));
  EXPECT_THAT(text, Not(HasSubstr("X-1")));
  EXPECT_THAT(text, HasSubstr("  ... and 3 more\n"));
  const std::string md =
      isms::RenderAssessment(reg_, a, ReportFormat::kMarkdown, options);
  EXPECT_THAT(md, HasSubstr("... and 3 more"));
  const std::string html =
      isms::RenderAssessment(reg_, a, ReportFormat::kHtml, options);
  EXPECT_THAT(html, HasSubstr("... and 3 more"));
}

TEST_F(TinyReportTest, Markdown) {
  const std::string md = Render(ReportFormat::kMarkdown);
  EXPECT_THAT(md, HasSubstr("# Risk assessment report: Tiny \\& \\<Co\\>\n"));
  EXPECT_THAT(md, HasSubstr("| Level | Appetite | Inherent | Current | Target "
                            "|\n| --- | --- | ---: | ---: | ---: |\n"));
  EXPECT_THAT(md, HasSubstr("| Likelihood / impact | Minor | Major |\n"
                            "| --- | ---: | ---: |\n"
                            "| **High L** | . | **1** |\n"
                            "| **Low L** | 1 | . |\n"));
  EXPECT_THAT(md, HasSubstr("| # | Risk | Title | Owner | Inherent → current "
                            "→ target | Status |\n"));
  // Register text is escaped: no raw HTML, no emphasis.
  EXPECT_THAT(md, HasSubstr("| 1 | R-1 | \\<script\\>alert(1)\\</script\\> "
                            "breach | Alice | Bad → Bad → Fine | treatment "
                            "planned |\n"));
  EXPECT_THAT(md, Not(HasSubstr("<script>")));
}

TEST_F(TinyReportTest, HtmlHeatmaps) {
  const std::string html = Render(ReportFormat::kHtml);
  EXPECT_TRUE(absl::StartsWith(html, "<!DOCTYPE html>"));
  EXPECT_EQ(CountOf(html, "<svg"), 3);
  EXPECT_EQ(CountOf(html, "</svg>"), 3);
  // The current map's high/major cell: red, with its count.
  const std::string cell =
      "<title>Likelihood High L, impact Major: Bad, 1 risk</title>";
  const size_t pos = html.find(cell);
  ASSERT_NE(pos, std::string::npos);
  const std::string after = html.substr(pos, 400);
  EXPECT_THAT(after, HasSubstr("fill=\"#ff0000\""));
  // Dark text reads better than white on pure red (WCAG luminance).
  EXPECT_THAT(after, HasSubstr("fill=\"#1f2328\">1</text></g>"));
  // Green cells, an empty one has no count.
  const std::string empty =
      "<title>Likelihood High L, impact Minor: Fine, 0 risks</title><rect";
  const size_t e = html.find(empty);
  ASSERT_NE(e, std::string::npos);
  const std::string empty_cell = html.substr(e, html.find("</g>", e) - e);
  EXPECT_THAT(empty_cell, HasSubstr("fill=\"#00ff00\""));
  EXPECT_THAT(empty_cell, Not(HasSubstr("<text")));
  // Axis labels from the scales' names, highest likelihood drawn on top.
  EXPECT_LT(std::stoi(AttrBefore(html, "High L</text>", "<text", "y")),
            std::stoi(AttrBefore(html, "Low L</text>", "<text", "y")));
  EXPECT_LT(std::stoi(AttrBefore(html, "Minor</text>", "<text", "x")),
            std::stoi(AttrBefore(html, "Major</text>", "<text", "x")));
  // Legend and level badges in the levels' colours.
  EXPECT_THAT(html, HasSubstr("<span class=\"swatch\" style=\"background:"
                              "#ff0000\"></span>Bad"));
  EXPECT_THAT(html, HasSubstr("style=\"background:#ff0000;color:#1f2328\""));
}

TEST_F(TinyReportTest, HtmlHeatmapCellPlacement) {
  const std::string html = Render(ReportFormat::kHtml);
  // Likelihood grows upwards, impact to the right.
  auto rect = [&html](absl::string_view cell, absl::string_view attr) {
    return std::stoi(AttrAfter(html, absl::StrCat("<title>Likelihood ", cell),
                               "<rect", attr));
  };
  EXPECT_LT(rect("High L, impact Minor", "y"),
            rect("Low L, impact Minor", "y"));
  EXPECT_EQ(rect("High L, impact Minor", "x"),
            rect("Low L, impact Minor", "x"));
  EXPECT_LT(rect("Low L, impact Minor", "x"), rect("Low L, impact Major", "x"));
  EXPECT_EQ(rect("High L, impact Major", "y"),
            rect("High L, impact Minor", "y"));
}

TEST_F(TinyReportTest, HtmlEscapesRegisterText) {
  const std::string html = Render(ReportFormat::kHtml);
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt; breach"));
  EXPECT_THAT(html, HasSubstr("Tiny &amp; &lt;Co&gt;"));
  EXPECT_THAT(html, HasSubstr("All of &quot;it&quot;"));
  const std::string whatif =
      isms::RenderWhatIf(reg_, assessment_, ReportFormat::kHtml);
  EXPECT_THAT(whatif, Not(HasSubstr("<Co>")));
  EXPECT_THAT(whatif, HasSubstr("Tiny &amp; &lt;Co&gt;"));
}

TEST_F(TinyReportTest, HtmlContent) {
  const std::string html = Render(ReportFormat::kHtml);
  // Cards, register, exposure groups, what-if.
  EXPECT_THAT(html, HasSubstr("<div class=\"label\">Untreated</div>"
                              "<div class=\"value\">0</div>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"id\">R-1</td>"));
  EXPECT_THAT(html, HasSubstr("<span class=\"badge st-treatment_planned\">"
                              "treatment planned</span>"));
  EXPECT_THAT(html, HasSubstr("<td>Ops</td><td class=\"num\">2</td>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"id\">C-1</td><td>Firewall</td>"
                              "<td class=\"num\">1</td><td class=\"num\">1"
                              "</td><td class=\"num\">2,000</td>"
                              "<td class=\"num\">0.5</td>"));
  EXPECT_THAT(html, Not(HasSubstr("http")));
}

TEST_F(TinyReportTest, HtmlColourFallbacks) {
  Register reg = reg_;
  reg.mutable_risk_method()->mutable_risk_levels(0)->clear_color();
  reg.mutable_risk_method()->mutable_risk_levels(1)->set_color(
      "red\" onload=\"alert(1)");
  const std::string html =
      isms::RenderAssessment(reg, assessment_, ReportFormat::kHtml);
  EXPECT_THAT(html, Not(HasSubstr("onload")));
  EXPECT_THAT(html, HasSubstr("fill=\"#2e7d32\""));  // palette: lowest
  EXPECT_THAT(html, HasSubstr("fill=\"#c62828\""));  // palette: highest
  EXPECT_THAT(html, Not(HasSubstr("fill=\"\"")));
  // Named colours are understood.
  reg.mutable_risk_method()->mutable_risk_levels(1)->set_color("Crimson");
  EXPECT_THAT(isms::RenderAssessment(reg, assessment_, ReportFormat::kHtml),
              HasSubstr("fill=\"#dc143c\""));
}

TEST_F(TinyReportTest, MismatchedHeatmapDoesNotCrash) {
  Assessment a = assessment_;
  a.mutable_current_heatmap()->set_rows(3);
  a.mutable_current_heatmap()->set_cols(3);
  for (int i = 0; i < 5; ++i) a.mutable_current_heatmap()->add_cells(1);
  a.mutable_risks(0)->mutable_current()->set_level("nonexistent");
  a.add_top_risk_ids("R-404");
  for (ReportFormat f : kAllFormats) {
    EXPECT_FALSE(isms::RenderAssessment(reg_, a, f).empty());
    EXPECT_FALSE(isms::RenderWhatIf(reg_, a, f).empty());
  }
  const std::string html = isms::RenderAssessment(reg_, a, ReportFormat::kHtml);
  EXPECT_THAT(html, HasSubstr("level unknown"));
  EXPECT_THAT(html, HasSubstr(">nonexistent</span>"));
  // An empty assessment renders too.
  for (ReportFormat f : kAllFormats) {
    EXPECT_FALSE(isms::RenderAssessment(Register(), Assessment(), f).empty());
    EXPECT_FALSE(isms::RenderWhatIf(Register(), Assessment(), f).empty());
  }
}

TEST_F(TinyReportTest, LongTextStaysWithin100Columns) {
  Register reg = reg_;
  Assessment a = assessment_;
  const std::string longer(150, 'x');
  const std::string words = absl::StrCat(
      "A very long sentence ", std::string(120, 'y'), " that goes on and on ",
      "and on, well past the edge of any terminal that a risk manager uses.");
  reg.mutable_organization()->set_name(longer);
  reg.mutable_people(0)->set_name(longer);
  for (auto& level : *reg.mutable_risk_method()->mutable_risk_levels()) {
    level.set_name(absl::StrCat(level.name(), std::string(40, 'z')));
  }
  for (auto& level :
       *reg.mutable_risk_method()->mutable_likelihood()->mutable_levels()) {
    level.set_name(absl::StrCat(level.name(), std::string(40, 'l')));
  }
  for (auto& level :
       *reg.mutable_risk_method()->mutable_impact()->mutable_levels()) {
    level.set_name(absl::StrCat(level.name(), std::string(40, 'i')));
  }
  a.mutable_risks(0)->set_title(words);
  a.mutable_risks(0)->set_risk_id(longer);
  a.mutable_whatif(0)->set_name(longer);
  a.mutable_whatif(0)->set_control_id(longer);
  isms::v1::Finding* f = a.add_findings();
  f->set_code(longer);
  f->set_object_id(longer);
  f->set_message(words);
  f->set_severity(isms::v1::SEVERITY_WARNING);
  const std::string text = isms::RenderAssessment(reg, a, ReportFormat::kText);
  EXPECT_LE(WidestLine(text), 100) << text;
  const std::string whatif = isms::RenderWhatIf(reg, a, ReportFormat::kText);
  EXPECT_LE(WidestLine(whatif), 100) << whatif;
  // Control characters never reach the terminal.
  a.mutable_risks(0)->set_title("bell\a escape\x1b[31m red\nnewline");
  const std::string clean = isms::RenderAssessment(reg, a, ReportFormat::kText);
  EXPECT_THAT(clean, Not(HasSubstr("\x1b")));
  EXPECT_THAT(clean, Not(HasSubstr("\a")));
  EXPECT_THAT(clean, HasSubstr("bell  escape [31m red newline"));
}

TEST_F(TinyReportTest, JsonRoundTrip) {
  const std::string json = Render(ReportFormat::kJson);
  Assessment back;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &back).ok());
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(back, assessment_));
}

TEST_F(TinyReportTest, WhatIfReport) {
  const std::string text =
      isms::RenderWhatIf(reg_, assessment_, ReportFormat::kText);
  EXPECT_THAT(text, HasSubstr("By exposure removed\n"));
  EXPECT_THAT(text,
              HasSubstr("By exposure removed per 1,000 of annual cost\n"));
  EXPECT_EQ(CountOf(text,
                    "  1  C-1      Firewall        1      1        "
                    "2,000        0.5\n"),
            2);
  const std::string md =
      isms::RenderWhatIf(reg_, assessment_, ReportFormat::kMarkdown);
  EXPECT_THAT(md, HasSubstr("| # | Control | Name | Exposure removed | Risks "
                            "improved | Annual cost | Removed per 1,000 of "
                            "cost |\n"));
  EXPECT_THAT(md, HasSubstr("| 1 | C-1 | Firewall | 1 | 1 | 2,000 | 0.5 |\n"));
  const std::string html =
      isms::RenderWhatIf(reg_, assessment_, ReportFormat::kHtml);
  EXPECT_EQ(CountOf(html, "<table>"), 2);
  // JSON: {"whatif": [...]}, itself an Assessment.
  const std::string json =
      isms::RenderWhatIf(reg_, assessment_, ReportFormat::kJson);
  EXPECT_THAT(json, HasSubstr("\"whatif\": ["));
  Assessment back;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &back).ok());
  Assessment only;
  *only.mutable_whatif() = assessment_.whatif();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(back, only));
  EXPECT_THAT(isms::RenderWhatIf(reg_, Assessment(), ReportFormat::kJson),
              HasSubstr("\"whatif\": []"));
}

TEST(AcmeReportTest, EveryFormat) {
  absl::StatusOr<Register> reg = isms::LoadRegister(isms::testing::AcmePath());
  ASSERT_TRUE(reg.ok()) << reg.status();
  const Assessment a = Evaluate(*reg);
  ASSERT_GT(a.risks_size(), 0);
  for (ReportFormat f : kAllFormats) {
    SCOPED_TRACE(isms::ReportFormatName(f));
    const std::string report = isms::RenderAssessment(*reg, a, f);
    const std::string whatif = isms::RenderWhatIf(*reg, a, f);
    EXPECT_GT(report.size(), 1000u);
    EXPECT_GT(whatif.size(), 100u);
    if (f == ReportFormat::kText) {
      EXPECT_LE(WidestLine(report), 100);
      EXPECT_LE(WidestLine(whatif), 100);
      EXPECT_THAT(report, HasSubstr("Acme Cloud Ltd"));
      EXPECT_THAT(report, Not(HasSubstr("\x1b")));
    }
    if (f == ReportFormat::kHtml) {
      EXPECT_EQ(CountOf(report, "<svg"), 3);
      // Self-contained: no URL, script, stylesheet link or web font.
      EXPECT_THAT(report, Not(HasSubstr("http")));
      EXPECT_THAT(whatif, Not(HasSubstr("http")));
      EXPECT_THAT(report, Not(HasSubstr("<script")));
      EXPECT_THAT(report, Not(HasSubstr("<link")));
      EXPECT_THAT(report, Not(HasSubstr("url(")));
      EXPECT_THAT(report, Not(HasSubstr("@import")));
      // Every risk is in the register table.
      for (const auto& r : a.risks()) {
        EXPECT_THAT(report,
                    HasSubstr(absl::StrCat("<td class=\"id\">", r.risk_id())));
      }
    }
    if (f == ReportFormat::kJson) {
      Assessment back;
      ASSERT_TRUE(
          google::protobuf::util::JsonStringToMessage(report, &back).ok());
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(back, a));
    }
  }
}

}  // namespace
