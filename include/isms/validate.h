// Validation of a register: every problem found, each with a severity, a
// stable code, the place of the fault and a message.
//
//   isms::v1::ValidationReport report = isms::Validate(reg);
//   for (const isms::v1::Diagnostic& d : report.diagnostics())
//     std::cerr << isms::FormatDiagnostic(d, "acme.json") << "\n";
//   // acme.json: risks[12].asset_ids[0]: error: unknown asset "A-99"
//   [UNKNOWN_ASSET] if (report.error_count() > 0) return 1;
//
// Errors make a register unusable for assessment (a dangling reference, a grid
// of the wrong shape); warnings are what an auditor would query (a dependency
// cycle, a decreasing grid). DiagnosticCodes() lists every code.
//
// Thread safety: Validate() only reads the register; concurrent calls are safe
// as long as nobody modifies the register meanwhile.
#ifndef ISMS_VALIDATE_H_
#define ISMS_VALIDATE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "isms/catalog.h"
#include "isms/v1/diagnostics.pb.h"
#include "isms/v1/register.pb.h"

namespace isms {

struct ValidateOptions {
  // Catalogs that catalog references are checked against; nullptr means
  // CatalogSet::BuiltIn().
  const CatalogSet* catalogs = nullptr;
  // Report a dependency cycle (DEPENDENCY_CYCLE) as an error instead of a
  // warning.
  bool strict_cycles = false;
  // Stop collecting after this many diagnostics (the counts stay exact).
  int max_diagnostics = 10000;
};

v1::ValidationReport Validate(const v1::Register& reg,
                              const ValidateOptions& options = {});

// One entry of the code table.
struct DiagnosticCodeInfo {
  const char* code;
  v1::Severity severity;
  const char* meaning;
};

// Every code Validate() can emit, in a stable order.
absl::Span<const DiagnosticCodeInfo> DiagnosticCodes();

// "error", "warning", "info".
absl::string_view SeverityName(v1::Severity severity);

// Compiler-style line: "FILE: PATH: SEVERITY: MESSAGE [CODE]". An empty
// `source_name` or path is left out.
std::string FormatDiagnostic(const v1::Diagnostic& diagnostic,
                             absl::string_view source_name);

}  // namespace isms

#endif  // ISMS_VALIDATE_H_
