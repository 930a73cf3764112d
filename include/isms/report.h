// Reports of a risk assessment for people: plain text for a terminal, GitHub
// Markdown, one self-contained HTML page, or the Assessment as proto3 JSON.
//
//   absl::StatusOr<isms::v1::Register> reg = isms::LoadRegister("acme.json");
//   isms::EngineOptions engine_options;
//   engine_options.as_of = "2026-11-22";
//   auto engine = isms::RiskEngine::Create(*reg, engine_options);
//   if (!engine.ok()) return 1;
//   (*engine)->Evaluate();
//   isms::v1::Assessment assessment = (*engine)->ToProto();
//   absl::StatusOr<isms::ReportFormat> format =
//       isms::ParseReportFormat("html");
//   std::string page = isms::RenderAssessment(*reg, assessment, *format);
//
// The register supplies what the assessment does not carry: the organisation
// and its scope, the scale level names (shown instead of ids wherever a name
// is set), the risk levels' colours and appetite, the risk matrix (which cell
// is which level), people's names for owner ids, and control costs. The
// register should be the one the assessment was computed from; where the two
// disagree (e.g. a heatmap of another size) the report falls back to ids and
// neutral colours instead of failing.
//
// Formats:
// - kText: a glance view for a terminal, aligned columns, plain ASCII of its
//   own (register text is printed as given, truncated where a column would
//   overflow), no colour codes, at most 100 columns wide.
// - kMarkdown: the same content as GitHub Markdown tables; register text is
//   escaped so that it cannot form links, emphasis, HTML or break a table.
// - kHtml: one page with no external resource (no network, no fonts, no
//   scripts): summary cards, the inherent / current / target heatmaps as
//   inline SVG in the matrix's colours (a built-in palette where a level has
//   no usable colour), the risk register, exposure by business unit and owner,
//   findings and the what-if ranking. Every string from the register or the
//   assessment is HTML-escaped; a risk level colour is used only if it is a
//   plain CSS colour (#hex, a colour name, rgb()/hsl()), else the palette's.
// - kJson: RenderAssessment prints the Assessment as proto3 JSON
//   (lowerCamelCase names, indented); it parses back into an equal message.
//   RenderWhatIf prints an object {"whatif": [...]} holding only the what-if
//   entries, which is itself a valid Assessment in proto3 JSON.
//
// Numbers: exposures with up to 2 decimals (trailing zeros dropped),
// percentages with 1 decimal, costs with thousands separators.
//
// Thread safety: these are pure functions of their arguments; they are safe
// to call concurrently.
#ifndef ISMS_REPORT_H_
#define ISMS_REPORT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "isms/risk_engine.h"
#include "isms/v1/assessment.pb.h"
#include "isms/v1/quant.pb.h"
#include "isms/v1/register.pb.h"

namespace isms {

enum class ReportFormat { kText, kMarkdown, kHtml, kJson };

// Parses "text", "md" / "markdown", "html", "json" (case-insensitive).
// InvalidArgument naming the accepted names otherwise.
absl::StatusOr<ReportFormat> ParseReportFormat(absl::string_view name);

// "text", "md", "html" or "json".
absl::string_view ReportFormatName(ReportFormat format);

struct ReportOptions {
  // Risks in the "top risks" list (text, Markdown). Uses the assessment's
  // top_risk_ids first and, when it holds fewer, ranks its risks the same way
  // (current level, impact, likelihood, then id).
  int top_n = 10;
  // Findings listed; the rest are counted ("... and N more").
  int max_findings = 100;
};

// What RiskEngine::ToProto must include for a report in `format` listing
// `top_n` top risks. Per-risk results are left out of a register of more than
// 100,000 risks unless the format is JSON: the other formats are for people,
// and computing millions of rows only to show the top ones costs seconds.
AssessmentOptions ReportAssessmentOptions(ReportFormat format, int risk_count,
                                          int top_n = 10);

// The risk assessment report.
std::string RenderAssessment(const v1::Register& reg,
                             const v1::Assessment& assessment,
                             ReportFormat format,
                             const ReportOptions& options = {});

// The what-if ranking (assessment.whatif) as a report: ranked by exposure
// removed, then by exposure removed per 1,000 of annual cost for the controls
// that have a positive cost.
std::string RenderWhatIf(const v1::Register& reg,
                         const v1::Assessment& assessment, ReportFormat format,
                         const ReportOptions& options = {});

// The loss simulation (isms/quant.h) as a report: for the portfolio and each
// simulated risk, per view (inherent, current, target), the mean annual loss,
// standard deviation, p50, p90, p95 and p99 (the values at risk), expected
// shortfall 99 and the mean events per year; money in whole units of the
// currency, thousands separated. kJson prints the QuantAssessment as proto3
// JSON, which parses back into an equal message.
std::string RenderQuant(const v1::QuantAssessment& quant, ReportFormat format);

}  // namespace isms

#endif  // ISMS_REPORT_H_
