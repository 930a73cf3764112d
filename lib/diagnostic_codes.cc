#include "lib/diagnostic_codes.h"

#include "absl/strings/str_cat.h"
#include "isms/validate.h"

namespace isms {

absl::Span<const DiagnosticCodeInfo> DiagnosticCodes() {
#define ISMS_CODE_ROW(code, severity, meaning) \
  {#code, v1::SEVERITY_##severity, meaning},
  static const DiagnosticCodeInfo kCodes[] = {
      ISMS_DIAGNOSTIC_CODES(ISMS_CODE_ROW)};
#undef ISMS_CODE_ROW
  return kCodes;
}

absl::string_view SeverityName(v1::Severity severity) {
  switch (severity) {
    case v1::SEVERITY_ERROR:
      return "error";
    case v1::SEVERITY_WARNING:
      return "warning";
    case v1::SEVERITY_INFO:
      return "info";
    default:
      return "note";
  }
}

std::string FormatDiagnostic(const v1::Diagnostic& d,
                             absl::string_view source_name) {
  std::string out;
  if (!source_name.empty()) absl::StrAppend(&out, source_name, ": ");
  if (!d.path().empty()) absl::StrAppend(&out, d.path(), ": ");
  absl::StrAppend(&out, SeverityName(d.severity()), ": ", d.message(), " [",
                  d.code(), "]");
  return out;
}

}  // namespace isms
