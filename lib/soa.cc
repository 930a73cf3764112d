// Statement of Applicability, control coverage and the controls x risks
// traceability matrix (DESIGN.md section 5).
//
// Decisions (the contract of include/isms/compliance.h, made precise):
//
// Catalogs
// - The catalog is ComplianceOptions::catalog, else the SoA's catalog, else
//   risk_method.catalog, else "iso27001:2022" (ComplianceCatalog()). It is
//   looked up in options.catalogs (CatalogSet::BuiltIn() when null); an
//   unknown catalog is NotFound.
// - SoA entries name controls of the SoA's catalog (soa.catalog, else the
//   register's catalog): a bare "5.15" resolves there, a qualified
//   "iso27001:2022/5.15" in its own catalog. Only entries that resolve to a
//   control of the chosen catalog count, with the Annex A prefix optional
//   ("A.5.15" = "5.15"). When several entries name the same control the
//   first one is used and the row gets an issue.
// - Applied controls' catalog_refs resolve the same way, bare refs in the
//   register's catalog (risk_method.catalog, else "iso27001:2022"). Retired
//   controls are ignored everywhere in the SoA.
//
// Rows (one per catalog control, in catalog order)
// - applicable: the entry's decision; unset without an entry or decision.
// - reasons: the entry's reasons (unspecified ones dropped) plus
//   SOA_REASON_RISK_TREATMENT when a referencing applied control mitigates
//   a risk; unique, sorted by enum value. Risk treatment is added to
//   excluded rows too (it is what makes the exclusion questionable; the
//   row also gets an issue).
// - applied_control_ids: non-retired applied controls referencing the
//   control, register order; risk_ids: risks mitigated by them, unique,
//   register order.
// - status: EXCLUDED when applicable == false; otherwise (also when
//   undecided) IMPLEMENTED when every referencing control is implemented,
//   PARTIAL when some are implemented or in progress, else NOT_IMPLEMENTED
//   (also when no control references it).
// - implementation: 0 for excluded rows and rows without controls; else
//   the mean over the controls of: implemented -> implementation if set
//   else 1; in progress -> implementation if set else 0; planned or
//   unspecified -> 0 (values clamped to 0..1).
// - issues, in this order:
//     "no applicability decision"
//     "several SoA entries for this control; the first is used"
//     "excluded without an exclusion justification" (the exclusion
//       justification field must be set; a plain justification does not
//       count)
//     "applicable without a reason" (a derived risk treatment reason counts)
//     "excluded but applied controls reference it: C-1, C-2"
//     "excluded but treats risks: R-1, R-2"
//     "applicable but no applied control implements it" (applicable and
//       NOT_IMPLEMENTED: no referencing control, or only planned ones)
// - Counters: implemented / partial / not_implemented count applicable rows
//   only (undecided rows are in `undecided`, not in these three).
//
// Coverage
// - Over the SoA's applicable rows: implemented 1, partial its
//   implementation, not implemented 0; the share is the mean (0 when none).
// - by_group: every top-level group of the catalog, catalog order, also
//   those without applicable controls (share 0).
// - by_attribute: for catalogs whose controls carry ISO/IEC 27002:2022
//   attributes, one entry per "kind:value" present in the catalog, kinds in
//   AttributeKind order, values in the order they first appear in the
//   catalog; title = the value as written in the catalog.
// - above_appetite_risks: risks whose inherent level is not acceptable;
//   above_appetite_mitigated: those with at least one mitigation entry
//   (whatever the mitigating control's status).
// - exposure_removed_share = (inherent - current) / inherent exposure, 0
//   when the inherent exposure is not positive.
// - asset_value_coverage = sum of w(a) over assets named by a risk / sum of
//   w(a) over all assets, w(a) = sum over C, I, A of (accumulated level
//   index + 1); 0 without assets.
//
// Rendering
// - CSV (RFC 4180 quoting, "\n" line ends): header then one row per
//   control; multi-valued cells (reasons, applied controls, risks, issues)
//   are joined by "; ". The group column is "theme" for iso27001:2022,
//   "domain" for iso27001:2013 and catalogs whose groups are "A.x", "group"
//   otherwise; its cell is "<id> <title>".
// - Implementation percentages: one decimal, ".0" dropped; empty for
//   excluded rows in CSV.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "google/protobuf/util/json_util.h"
#include "isms/catalog.h"
#include "isms/compliance.h"
#include "isms/risk_engine.h"
#include "isms/v1/catalog.pb.h"
#include "isms/v1/compliance.pb.h"
#include "isms/v1/register.pb.h"
#include "lib/model/controls.h"
#include "lib/render_util.h"

namespace isms {
namespace {

constexpr AttributeKind kAttributeKinds[] = {
    AttributeKind::kControlType, AttributeKind::kSecurityProperty,
    AttributeKind::kCybersecurityConcept, AttributeKind::kOperationalCapability,
    AttributeKind::kSecurityDomain};

// The catalog bare catalog_refs of applied controls refer to.
std::string RegisterCatalog(const v1::Register& reg) {
  return reg.risk_method().catalog().empty() ? std::string(kDefaultCatalog)
                                             : reg.risk_method().catalog();
}

// The catalog bare SoA control_refs refer to.
std::string SoaCatalog(const v1::Register& reg) {
  return reg.soa().catalog().empty() ? RegisterCatalog(reg)
                                     : reg.soa().catalog();
}

const CatalogSet& Catalogs(const ComplianceOptions& options) {
  return options.catalogs != nullptr ? *options.catalogs
                                     : CatalogSet::BuiltIn();
}

// The control of `catalog_id` that `ref` names, or nullptr when it names
// another catalog or no control.
const v1::CatalogControl* Resolve(const CatalogSet& catalogs,
                                  absl::string_view catalog_id,
                                  absl::string_view ref,
                                  absl::string_view default_catalog) {
  absl::StatusOr<ControlRef> parsed = ParseControlRef(ref, default_catalog);
  if (!parsed.ok() || parsed->catalog != catalog_id) return nullptr;
  return catalogs.FindControlInCatalog(catalog_id, parsed->control_id);
}

// What a row counts for in coverage shares.
double RowShare(const v1::SoaRow& row) {
  switch (row.status()) {
    case v1::IMPLEMENTATION_STATUS_IMPLEMENTED:
      return 1.0;
    case v1::IMPLEMENTATION_STATUS_PARTIAL:
      return row.implementation();
    default:
      return 0.0;
  }
}

// --- Text helpers -----------------------------------------------------------

absl::string_view ReasonName(int reason) {
  switch (reason) {
    case v1::SOA_REASON_RISK_TREATMENT:
      return "risk treatment";
    case v1::SOA_REASON_LEGAL:
      return "legal";
    case v1::SOA_REASON_CONTRACTUAL:
      return "contractual";
    case v1::SOA_REASON_BUSINESS:
      return "business";
    case v1::SOA_REASON_BEST_PRACTICE:
      return "best practice";
    default:
      return "unspecified";
  }
}

absl::string_view StatusName(v1::ImplementationStatus status) {
  switch (status) {
    case v1::IMPLEMENTATION_STATUS_IMPLEMENTED:
      return "implemented";
    case v1::IMPLEMENTATION_STATUS_PARTIAL:
      return "partial";
    case v1::IMPLEMENTATION_STATUS_NOT_IMPLEMENTED:
      return "not implemented";
    case v1::IMPLEMENTATION_STATUS_EXCLUDED:
      return "excluded";
    default:
      return "";
  }
}

absl::string_view ControlStatusName(v1::ControlStatus status) {
  switch (status) {
    case v1::CONTROL_STATUS_PLANNED:
      return "planned";
    case v1::CONTROL_STATUS_IN_PROGRESS:
      return "in progress";
    case v1::CONTROL_STATUS_IMPLEMENTED:
      return "implemented";
    case v1::CONTROL_STATUS_RETIRED:
      return "retired";
    default:
      return "unspecified";
  }
}

std::string Applicability(const v1::SoaRow& row) {
  if (!row.has_applicable()) return "undecided";
  return row.applicable() ? "yes" : "no";
}

std::string Reasons(const v1::SoaRow& row) {
  std::vector<std::string> names;
  for (int r : row.reasons()) names.emplace_back(ReasonName(r));
  return absl::StrJoin(names, "; ");
}

// A fraction as a percentage number with one decimal, ".0" dropped: 0.7 ->
// "70", 2/3 -> "66.7".
std::string PercentNumber(double fraction) {
  std::string s = absl::StrFormat("%.1f", fraction * 100.0);
  if (absl::EndsWith(s, ".0")) s.resize(s.size() - 2);
  if (s == "-0") s = "0";
  return s;
}

std::string Percent(double fraction) {
  return absl::StrCat(PercentNumber(fraction), "%");
}

std::string GroupHeader(const v1::StatementOfApplicabilityReport& soa) {
  if (soa.catalog() == kDefaultCatalog) return "theme";
  if (soa.catalog() == kIso27001_2013) return "domain";
  for (const v1::SoaRow& row : soa.rows()) {
    if (absl::StartsWith(row.group_id(), "A.")) return "domain";
  }
  return "group";
}

std::string GroupCell(const v1::SoaRow& row) {
  if (row.group_title().empty()) return row.group_id();
  if (row.group_id().empty()) return row.group_title();
  return absl::StrCat(row.group_id(), " ", row.group_title());
}

std::string Md(absl::string_view s) { return internal::MarkdownEscape(s); }
std::string Esc(absl::string_view s) { return internal::HtmlEscape(s); }
using internal::CsvField;
using internal::CsvLine;

// --- Renderers --------------------------------------------------------------

std::string RenderCsv(const v1::StatementOfApplicabilityReport& soa) {
  std::string out = CsvLine(
      {"control", "title", GroupHeader(soa), "applicable", "reasons",
       "justification", "exclusion justification", "implementation status",
       "implementation %", "applied controls", "risks", "issues"});
  for (const v1::SoaRow& row : soa.rows()) {
    const bool excluded = row.status() == v1::IMPLEMENTATION_STATUS_EXCLUDED;
    out += CsvLine({row.control_id(), row.title(), GroupCell(row),
                    Applicability(row), Reasons(row), row.justification(),
                    row.exclusion_justification(),
                    std::string(StatusName(row.status())),
                    excluded ? "" : PercentNumber(row.implementation()),
                    absl::StrJoin(row.applied_control_ids(), "; "),
                    absl::StrJoin(row.risk_ids(), "; "),
                    absl::StrJoin(row.issues(), "; ")});
  }
  return out;
}

std::string Title(const v1::StatementOfApplicabilityReport& soa) {
  return soa.catalog_name().empty() ? soa.catalog() : soa.catalog_name();
}

std::string RenderMarkdown(const v1::StatementOfApplicabilityReport& soa) {
  std::string out =
      absl::StrCat("# Statement of Applicability: ", Md(Title(soa)), "\n\n");
  absl::StrAppend(&out, "- **Catalog:** ", Md(soa.catalog()), "\n");
  if (!soa.version().empty()) {
    absl::StrAppend(&out, "- **Version:** ", Md(soa.version()), "\n");
  }
  if (!soa.approved_by().empty() || !soa.approved_on().empty()) {
    absl::StrAppend(&out, "- **Approved:** ",
                    soa.approved_by().empty() ? "-" : Md(soa.approved_by()),
                    soa.approved_on().empty()
                        ? ""
                        : absl::StrCat(" on ", Md(soa.approved_on())),
                    "\n");
  }
  absl::StrAppend(&out, "- **Controls:** ", soa.rows_size(), " (",
                  soa.applicable(), " applicable, ", soa.excluded(),
                  " excluded, ", soa.undecided(), " undecided)\n");
  absl::StrAppend(&out, "- **Applicable controls:** ", soa.implemented(),
                  " implemented, ", soa.partial(), " partial, ",
                  soa.not_implemented(), " not implemented\n");
  absl::StrAppend(&out, "- **Rows with issues:** ", soa.rows_with_issues(),
                  "\n\n");
  const std::string group = GroupHeader(soa);
  absl::StrAppend(&out, "| Control | Title | ",
                  absl::AsciiStrToUpper(group.substr(0, 1)), group.substr(1),
                  " | Applicable | Reasons | Justification | Status | "
                  "Implementation | Applied controls | Risks | Issues |\n");
  absl::StrAppend(&out,
                  "| --- | --- | --- | --- | --- | --- | --- | ---: | --- | "
                  "--- | --- |\n");
  for (const v1::SoaRow& row : soa.rows()) {
    const bool excluded = row.status() == v1::IMPLEMENTATION_STATUS_EXCLUDED;
    const std::string& why =
        excluded ? row.exclusion_justification() : row.justification();
    absl::StrAppend(&out, "| ", Md(row.control_id()), " | ", Md(row.title()),
                    " | ", Md(GroupCell(row)), " | ", Applicability(row), " | ",
                    Reasons(row), " | ", Md(why), " | ",
                    StatusName(row.status()), " | ",
                    excluded ? "" : Percent(row.implementation()), " | ",
                    Md(absl::StrJoin(row.applied_control_ids(), ", ")), " | ",
                    Md(absl::StrJoin(row.risk_ids(), ", ")), " | ",
                    Md(absl::StrJoin(row.issues(), "; ")), " |\n");
  }
  return out;
}

constexpr absl::string_view kCss = R"css(
:root{--fg:#1f2328;--muted:#59636e;--border:#d1d9e0;--subtle:#f6f8fa}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;background:#fff;color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1400px;margin:0 auto;padding:28px 28px 48px}
header{border-bottom:3px solid var(--fg);padding-bottom:14px;margin-bottom:8px}
.kicker{text-transform:uppercase;letter-spacing:.08em;font-size:12px;color:var(--muted);font-weight:600}
h1{font-size:26px;line-height:1.2;margin:4px 0 6px}
.meta{color:var(--muted);margin:0}
.meta b{color:var(--fg);font-weight:600}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin:18px 0}
.card{border:1px solid var(--border);border-radius:10px;padding:10px 14px;background:var(--subtle)}
.card .label{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em;font-weight:600}
.card .value{font-size:26px;font-weight:650;line-height:1.25;font-variant-numeric:tabular-nums}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--border);vertical-align:top}
thead th{background:var(--subtle);font-weight:600;border-bottom:1px solid #b7c0ca;white-space:nowrap;position:sticky;top:0}
tr.group td{background:#eef1f4;font-weight:650}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.id{white-space:nowrap;font-variant-numeric:tabular-nums}
td.ids{font-variant-numeric:tabular-nums;min-width:90px}
td.ids span{white-space:nowrap}
td.just{min-width:300px}
td.title{min-width:160px}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600;white-space:nowrap;line-height:18px}
.st-implemented{background:#dafbe1;color:#116329}
.st-partial{background:#fff1c2;color:#6f4a00}
.st-not_implemented{background:#ffe2e0;color:#a40e26}
.st-excluded{background:#eaeef2;color:#424a53}
.ap-yes{color:#116329;font-weight:600}
.ap-no{color:#424a53;font-weight:600}
.ap-undecided{color:#a40e26;font-weight:600}
ul.issues{margin:0;padding-left:16px;color:#a40e26}
.muted{color:var(--muted)}
footer{margin-top:40px;padding-top:10px;border-top:1px solid var(--border);color:var(--muted);font-size:12px}
@media print{main{max-width:none;padding:0}body{font-size:10px}thead{display:table-header-group}tr{break-inside:avoid}thead th{position:static}}
)css";

std::string HtmlCard(absl::string_view label, const std::string& value) {
  return absl::StrCat("<div class=\"card\"><div class=\"label\">", label,
                      "</div><div class=\"value\">", value, "</div></div>\n");
}

// Ids that wrap between, never inside, ids ("R-019").
std::string HtmlIds(
    const google::protobuf::RepeatedPtrField<std::string>& ids) {
  std::vector<std::string> spans;
  for (const std::string& id : ids) {
    spans.push_back(absl::StrCat("<span>", Esc(id), "</span>"));
  }
  return absl::StrJoin(spans, ", ");
}

std::string RenderHtml(const v1::StatementOfApplicabilityReport& soa) {
  std::string out = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\">\n<title>Statement of Applicability: ",
      Esc(Title(soa)), "</title>\n<style>", kCss,
      "</style>\n</head>\n<body>\n<main>\n<header>\n<div class=\"kicker\">"
      "Statement of Applicability (ISO/IEC 27001 6.1.3 d)</div>\n<h1>",
      Esc(Title(soa)), "</h1>\n<p class=\"meta\">Catalog <b>",
      Esc(soa.catalog()), "</b>");
  if (!soa.version().empty()) {
    absl::StrAppend(&out, " &middot; version <b>", Esc(soa.version()), "</b>");
  }
  if (!soa.approved_by().empty()) {
    absl::StrAppend(&out, " &middot; approved by <b>", Esc(soa.approved_by()),
                    "</b>");
  }
  if (!soa.approved_on().empty()) {
    absl::StrAppend(&out, " on <b>", Esc(soa.approved_on()), "</b>");
  }
  absl::StrAppend(&out, "</p>\n</header>\n<section class=\"cards\">\n");
  absl::StrAppend(&out, HtmlCard("Controls", absl::StrCat(soa.rows_size())));
  absl::StrAppend(&out, HtmlCard("Applicable", absl::StrCat(soa.applicable())));
  absl::StrAppend(&out, HtmlCard("Excluded", absl::StrCat(soa.excluded())));
  absl::StrAppend(&out, HtmlCard("Undecided", absl::StrCat(soa.undecided())));
  absl::StrAppend(&out,
                  HtmlCard("Implemented", absl::StrCat(soa.implemented())));
  absl::StrAppend(&out, HtmlCard("Partial", absl::StrCat(soa.partial())));
  absl::StrAppend(
      &out, HtmlCard("Not implemented", absl::StrCat(soa.not_implemented())));
  absl::StrAppend(
      &out, HtmlCard("Rows with issues", absl::StrCat(soa.rows_with_issues())));
  absl::StrAppend(&out, "</section>\n");

  const std::string group = GroupHeader(soa);
  absl::StrAppend(
      &out,
      "<table>\n<thead><tr><th>Control</th><th>Title</th><th>Applicable</th>"
      "<th>Reasons</th><th>Justification</th><th>Status</th>"
      "<th>Implementation</th><th>Applied controls</th><th>Risks</th>"
      "<th>Issues</th></tr></thead>\n<tbody>\n");
  std::string current_group;
  bool first = true;
  for (const v1::SoaRow& row : soa.rows()) {
    if (first || row.group_id() != current_group) {
      first = false;
      current_group = row.group_id();
      absl::StrAppend(&out, "<tr class=\"group\"><td colspan=\"10\">",
                      Esc(absl::AsciiStrToUpper(group.substr(0, 1))),
                      Esc(group.substr(1)), " ", Esc(GroupCell(row)),
                      "</td></tr>\n");
    }
    const bool excluded = row.status() == v1::IMPLEMENTATION_STATUS_EXCLUDED;
    std::string status_class(StatusName(row.status()));
    std::replace(status_class.begin(), status_class.end(), ' ', '_');
    std::string justification =
        excluded ? row.exclusion_justification() : row.justification();
    std::string issues;
    if (!row.issues().empty()) {
      issues = "<ul class=\"issues\">";
      for (const std::string& issue : row.issues()) {
        absl::StrAppend(&issues, "<li>", Esc(issue), "</li>");
      }
      absl::StrAppend(&issues, "</ul>");
    }
    const std::string applicable = Applicability(row);
    absl::StrAppend(
        &out, "<tr><td class=\"id\">", Esc(row.control_id()),
        "</td><td class=\"title\">", Esc(row.title()),
        "</td><td><span class=\"ap-", applicable, "\">", applicable,
        "</span></td><td>", Esc(Reasons(row)), "</td><td class=\"just\">",
        Esc(justification), "</td><td>",
        status_class.empty()
            ? std::string()
            : absl::StrCat("<span class=\"badge st-", status_class, "\">",
                           StatusName(row.status()), "</span>"),
        "</td><td class=\"num\">",
        excluded ? std::string() : Percent(row.implementation()),
        "</td><td class=\"ids\">", HtmlIds(row.applied_control_ids()),
        "</td><td class=\"ids\">", HtmlIds(row.risk_ids()), "</td><td>", issues,
        "</td></tr>\n");
  }
  absl::StrAppend(&out,
                  "</tbody>\n</table>\n<footer>Statement of Applicability "
                  "generated by isms from the register.</footer>\n</main>\n"
                  "</body>\n</html>\n");
  return out;
}

std::string RenderJson(const v1::StatementOfApplicabilityReport& soa) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  const auto st =
      google::protobuf::util::MessageToJsonString(soa, &out, options);
  if (!st.ok()) {
    return absl::StrCat("{\n \"error\": \"",
                        absl::CEscape(std::string(st.message())), "\"\n}\n");
  }
  return out;
}

}  // namespace

std::string ComplianceCatalog(const v1::Register& reg,
                              const ComplianceOptions& options) {
  if (!options.catalog.empty()) return options.catalog;
  if (!reg.soa().catalog().empty()) return reg.soa().catalog();
  if (!reg.risk_method().catalog().empty()) return reg.risk_method().catalog();
  return std::string(kDefaultCatalog);
}

absl::StatusOr<v1::StatementOfApplicabilityReport> BuildSoa(
    const v1::Register& reg, const ComplianceOptions& options) {
  const CatalogSet& catalogs = Catalogs(options);
  const std::string catalog_id = ComplianceCatalog(reg, options);
  const v1::Catalog* catalog = catalogs.FindCatalog(catalog_id);
  if (catalog == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("unknown catalog \"", absl::CEscape(catalog_id), "\""));
  }
  const int n = catalog->controls_size();
  absl::flat_hash_map<const v1::CatalogControl*, int> row_of;
  for (int i = 0; i < n; ++i) row_of.emplace(&catalog->controls(i), i);
  absl::flat_hash_map<std::string, const v1::CatalogGroup*> groups;
  for (const v1::CatalogGroup& g : catalog->groups()) {
    groups.emplace(g.id(), &g);
  }

  // The register's decision per catalog control (first entry wins).
  std::vector<const v1::SoaEntry*> entry(n, nullptr);
  std::vector<int> entry_count(n, 0);
  const std::string soa_catalog = SoaCatalog(reg);
  for (const v1::SoaEntry& e : reg.soa().entries()) {
    const v1::CatalogControl* cc =
        Resolve(catalogs, catalog_id, e.control_ref(), soa_catalog);
    if (cc == nullptr) continue;
    const int row = row_of.at(cc);
    if (entry[row] == nullptr) entry[row] = &e;
    ++entry_count[row];
  }

  // Risks each applied control mitigates, register order.
  absl::flat_hash_map<std::string, std::vector<int>> risks_of_control;
  for (int r = 0; r < reg.risks_size(); ++r) {
    for (const v1::Mitigation& m : reg.risks(r).mitigations()) {
      std::vector<int>& risks = risks_of_control[m.control_id()];
      if (risks.empty() || risks.back() != r) risks.push_back(r);
    }
  }

  // Non-retired applied controls per catalog control, register order.
  std::vector<std::vector<int>> controls_of_row(n);
  const std::string register_catalog = RegisterCatalog(reg);
  for (int c = 0; c < reg.controls_size(); ++c) {
    const v1::Control& control = reg.controls(c);
    if (control.status() == v1::CONTROL_STATUS_RETIRED) continue;
    for (const std::string& ref : control.catalog_refs()) {
      const v1::CatalogControl* cc =
          Resolve(catalogs, catalog_id, ref, register_catalog);
      if (cc == nullptr) continue;
      std::vector<int>& list = controls_of_row[row_of.at(cc)];
      if (list.empty() || list.back() != c) list.push_back(c);
    }
  }

  v1::StatementOfApplicabilityReport out;
  out.set_catalog(catalog_id);
  out.set_catalog_name(catalog->name());
  out.set_version(reg.soa().version());
  out.set_approved_by(reg.soa().approved_by());
  out.set_approved_on(reg.soa().approved_on());
  for (int i = 0; i < n; ++i) {
    const v1::CatalogControl& cc = catalog->controls(i);
    v1::SoaRow* row = out.add_rows();
    row->set_control_id(cc.id());
    row->set_title(cc.title());
    row->set_group_id(cc.group_id());
    auto g = groups.find(cc.group_id());
    if (g != groups.end()) row->set_group_title(g->second->title());

    const v1::SoaEntry* e = entry[i];
    std::vector<int> reasons;
    if (e != nullptr) {
      if (e->has_applicable()) row->set_applicable(e->applicable());
      for (int r : e->reasons()) {
        if (r != v1::SOA_REASON_UNSPECIFIED) reasons.push_back(r);
      }
      row->set_justification(e->justification());
      row->set_exclusion_justification(e->exclusion_justification());
    }

    // Applied controls, their risks and the implementation.
    std::vector<int> risk_indexes;
    int implemented = 0;
    int started = 0;  // implemented or in progress
    double sum = 0;
    for (int c : controls_of_row[i]) {
      const v1::Control& control = reg.controls(c);
      row->add_applied_control_ids(control.id());
      implemented += control.status() == v1::CONTROL_STATUS_IMPLEMENTED;
      started += control.status() == v1::CONTROL_STATUS_IMPLEMENTED ||
                 control.status() == v1::CONTROL_STATUS_IN_PROGRESS;
      sum += model::CurrentImplementation(control);
      auto it = risks_of_control.find(control.id());
      if (it != risks_of_control.end()) {
        risk_indexes.insert(risk_indexes.end(), it->second.begin(),
                            it->second.end());
      }
    }
    std::sort(risk_indexes.begin(), risk_indexes.end());
    risk_indexes.erase(std::unique(risk_indexes.begin(), risk_indexes.end()),
                       risk_indexes.end());
    for (int r : risk_indexes) row->add_risk_ids(reg.risks(r).id());
    if (!risk_indexes.empty()) reasons.push_back(v1::SOA_REASON_RISK_TREATMENT);
    std::sort(reasons.begin(), reasons.end());
    reasons.erase(std::unique(reasons.begin(), reasons.end()), reasons.end());
    for (int r : reasons) row->add_reasons(static_cast<v1::SoaReason>(r));

    const int count = static_cast<int>(controls_of_row[i].size());
    const bool excluded = row->has_applicable() && !row->applicable();
    if (excluded) {
      row->set_status(v1::IMPLEMENTATION_STATUS_EXCLUDED);
      row->set_implementation(0);
    } else {
      if (count > 0 && implemented == count) {
        row->set_status(v1::IMPLEMENTATION_STATUS_IMPLEMENTED);
      } else if (started > 0) {
        row->set_status(v1::IMPLEMENTATION_STATUS_PARTIAL);
      } else {
        row->set_status(v1::IMPLEMENTATION_STATUS_NOT_IMPLEMENTED);
      }
      row->set_implementation(count > 0 ? sum / count : 0.0);
    }

    // Issues.
    if (!row->has_applicable()) row->add_issues("no applicability decision");
    if (entry_count[i] > 1) {
      row->add_issues(
          "several SoA entries for this control; the first is used");
    }
    if (excluded && row->exclusion_justification().empty()) {
      row->add_issues("excluded without an exclusion justification");
    }
    const bool applicable = row->has_applicable() && row->applicable();
    if (applicable && row->reasons().empty()) {
      row->add_issues("applicable without a reason");
    }
    if (excluded && row->applied_control_ids_size() > 0) {
      row->add_issues(
          absl::StrCat("excluded but applied controls reference it: ",
                       absl::StrJoin(row->applied_control_ids(), ", ")));
    }
    if (excluded && row->risk_ids_size() > 0) {
      row->add_issues(absl::StrCat("excluded but treats risks: ",
                                   absl::StrJoin(row->risk_ids(), ", ")));
    }
    if (applicable &&
        row->status() == v1::IMPLEMENTATION_STATUS_NOT_IMPLEMENTED) {
      row->add_issues("applicable but no applied control implements it");
    }

    // Counters.
    if (!row->has_applicable()) {
      out.set_undecided(out.undecided() + 1);
    } else if (excluded) {
      out.set_excluded(out.excluded() + 1);
    } else {
      out.set_applicable(out.applicable() + 1);
      switch (row->status()) {
        case v1::IMPLEMENTATION_STATUS_IMPLEMENTED:
          out.set_implemented(out.implemented() + 1);
          break;
        case v1::IMPLEMENTATION_STATUS_PARTIAL:
          out.set_partial(out.partial() + 1);
          break;
        default:
          out.set_not_implemented(out.not_implemented() + 1);
      }
    }
    if (!row->issues().empty()) {
      out.set_rows_with_issues(out.rows_with_issues() + 1);
    }
  }
  return out;
}

absl::StatusOr<SoaFormat> ParseSoaFormat(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower == "csv") return SoaFormat::kCsv;
  if (lower == "md" || lower == "markdown") return SoaFormat::kMarkdown;
  if (lower == "html") return SoaFormat::kHtml;
  if (lower == "json") return SoaFormat::kJson;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown SoA format \"", absl::CEscape(name),
                   "\" (expected csv, md, markdown, html or json)"));
}

std::string RenderSoa(const v1::StatementOfApplicabilityReport& soa,
                      SoaFormat format) {
  switch (format) {
    case SoaFormat::kCsv:
      return RenderCsv(soa);
    case SoaFormat::kMarkdown:
      return RenderMarkdown(soa);
    case SoaFormat::kHtml:
      return RenderHtml(soa);
    case SoaFormat::kJson:
      return RenderJson(soa);
  }
  return RenderCsv(soa);
}

absl::StatusOr<v1::Coverage> ComputeCoverage(const v1::Register& reg,
                                             const RiskEngine& engine,
                                             const ComplianceOptions& options) {
  absl::StatusOr<v1::StatementOfApplicabilityReport> soa =
      BuildSoa(reg, options);
  if (!soa.ok()) return soa.status();
  if (engine.risk_count() != reg.risks_size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the engine holds ", engine.risk_count(), " risks, the register ",
        reg.risks_size(), ": it was not built from this register"));
  }
  const v1::Catalog* catalog = Catalogs(options).FindCatalog(soa->catalog());

  v1::Coverage out;
  out.set_catalog(soa->catalog());

  // A running mean per key.
  struct Acc {
    int applicable = 0;
    double sum = 0;
  };
  auto finish = [](const Acc& acc, v1::CoverageShare* share) {
    share->set_applicable(acc.applicable);
    share->set_implemented_share(acc.applicable > 0 ? acc.sum / acc.applicable
                                                    : 0.0);
  };

  Acc overall;
  absl::flat_hash_map<std::string, Acc> by_group;
  absl::flat_hash_map<std::string, Acc> by_attribute;
  for (int i = 0; i < soa->rows_size(); ++i) {
    const v1::SoaRow& row = soa->rows(i);
    if (!row.has_applicable() || !row.applicable()) continue;
    const double share = RowShare(row);
    overall.applicable++;
    overall.sum += share;
    Acc& g = by_group[row.group_id()];
    g.applicable++;
    g.sum += share;
    // BuildSoa emits one row per catalog control, in catalog order.
    const v1::CatalogControl& cc = catalog->controls(i);
    for (AttributeKind kind : kAttributeKinds) {
      for (const std::string& value : AttributeValues(cc, kind)) {
        Acc& a =
            by_attribute[absl::StrCat(AttributeKindName(kind), ":", value)];
        a.applicable++;
        a.sum += share;
      }
    }
  }
  out.set_applicable(overall.applicable);
  out.set_implemented_share(
      overall.applicable > 0 ? overall.sum / overall.applicable : 0.0);

  for (const v1::CatalogGroup& g : catalog->groups()) {
    if (!g.parent_id().empty()) continue;
    v1::CoverageShare* share = out.add_by_group();
    share->set_key(g.id());
    share->set_title(g.title());
    finish(by_group[g.id()], share);
  }

  for (AttributeKind kind : kAttributeKinds) {
    absl::flat_hash_set<std::string> seen;
    for (const v1::CatalogControl& cc : catalog->controls()) {
      for (const std::string& value : AttributeValues(cc, kind)) {
        if (!seen.insert(value).second) continue;
        const std::string key =
            absl::StrCat(AttributeKindName(kind), ":", value);
        v1::CoverageShare* share = out.add_by_attribute();
        share->set_key(key);
        share->set_title(value);
        finish(by_attribute[key], share);
      }
    }
  }

  // Risks above appetite before any control.
  const v1::RiskMethod& method = reg.risk_method();
  absl::Span<const uint8_t> inherent = engine.level(RiskEngine::kInherent);
  int64_t above = 0;
  int64_t mitigated = 0;
  for (int r = 0; r < reg.risks_size() && r < static_cast<int>(inherent.size());
       ++r) {
    const int k = inherent[r];
    const bool acceptable =
        k < method.risk_levels_size() && method.risk_levels(k).acceptable();
    if (acceptable) continue;
    ++above;
    mitigated += reg.risks(r).mitigations_size() > 0;
  }
  out.set_above_appetite_risks(above);
  out.set_above_appetite_mitigated(mitigated);
  out.set_above_appetite_mitigated_share(
      above > 0 ? static_cast<double>(mitigated) / above : 0.0);

  const double inherent_exposure = engine.exposure(RiskEngine::kInherent);
  const double current_exposure = engine.exposure(RiskEngine::kCurrent);
  out.set_exposure_removed_share(inherent_exposure > 0
                                     ? (inherent_exposure - current_exposure) /
                                           inherent_exposure
                                     : 0.0);

  // Assets weighted by accumulated value.
  absl::flat_hash_set<std::string> assessed;
  for (const v1::Risk& risk : reg.risks()) {
    for (const std::string& id : risk.asset_ids()) assessed.insert(id);
  }
  double total = 0;
  double covered = 0;
  for (int a = 0; a < reg.assets_size(); ++a) {
    double w = 0;
    for (v1::Dimension d :
         {v1::DIMENSION_CONFIDENTIALITY, v1::DIMENSION_INTEGRITY,
          v1::DIMENSION_AVAILABILITY}) {
      w += engine.accumulated_value(a, d) + 1;
    }
    total += w;
    if (assessed.contains(reg.assets(a).id())) covered += w;
  }
  out.set_asset_value_coverage(total > 0 ? covered / total : 0.0);
  return out;
}

v1::Assessment AssessWithCoverage(const v1::Register& reg,
                                  const RiskEngine& engine,
                                  const AssessmentOptions& assessment_options,
                                  const ComplianceOptions& options,
                                  absl::Status* coverage_status) {
  v1::Assessment assessment = engine.ToProto(assessment_options);
  absl::StatusOr<v1::Coverage> coverage = ComputeCoverage(reg, engine, options);
  if (coverage.ok()) *assessment.mutable_coverage() = *std::move(coverage);
  if (coverage_status != nullptr) *coverage_status = coverage.status();
  return assessment;
}

std::string TraceabilityCsv(const v1::Register& reg) {
  std::vector<std::string> header = {"control", "name", "status"};
  for (const v1::Risk& risk : reg.risks()) header.push_back(risk.id());
  std::string out = CsvLine(header);

  // cell[control id][risk index] = bit 1 likelihood | bit 2 impact.
  absl::flat_hash_map<std::string, std::vector<uint8_t>> cells;
  for (int r = 0; r < reg.risks_size(); ++r) {
    for (const v1::Mitigation& m : reg.risks(r).mitigations()) {
      std::vector<uint8_t>& row = cells[m.control_id()];
      row.resize(reg.risks_size(), 0);
      switch (m.reduces()) {
        case v1::REDUCES_LIKELIHOOD:
          row[r] |= 1;
          break;
        case v1::REDUCES_IMPACT:
          row[r] |= 2;
          break;
        default:  // unspecified means both
          row[r] |= 3;
      }
    }
  }
  for (const v1::Control& control : reg.controls()) {
    std::vector<std::string> fields = {
        control.id(), control.name(),
        std::string(ControlStatusName(control.status()))};
    auto it = cells.find(control.id());
    for (int r = 0; r < reg.risks_size(); ++r) {
      const uint8_t bits = it == cells.end() ? 0 : it->second[r];
      fields.push_back(bits == 3   ? "LI"
                       : bits == 1 ? "L"
                       : bits == 2 ? "I"
                                   : "");
    }
    out += CsvLine(fields);
  }
  return out;
}

}  // namespace isms
