// A strict JSON (RFC 8259) syntax check that finds the line and column of the
// first fault and bounds nesting depth with an explicit stack, before the
// protobuf parser (which reports no position for syntax errors) sees the
// text.
#ifndef ISMS_LIB_JSON_SCAN_H_
#define ISMS_LIB_JSON_SCAN_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace isms::internal {

// Ok, or InvalidArgument "LINE:COLUMN: what is wrong" (1-based; the column
// counts bytes). Nesting deeper than `max_depth` is ResourceExhausted.
absl::Status CheckJsonSyntax(absl::string_view text, int max_depth);

}  // namespace isms::internal

#endif  // ISMS_LIB_JSON_SCAN_H_
