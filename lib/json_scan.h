// A strict JSON (RFC 8259) syntax check that finds the line and column of the
// first fault and checks ReadLimits (nesting with an explicit stack, string
// lengths, list elements), before the protobuf parser (which reports no
// position for syntax errors and allocates as it goes) sees the text. It
// allocates nothing per element.
#ifndef ISMS_LIB_JSON_SCAN_H_
#define ISMS_LIB_JSON_SCAN_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "isms/io.h"

namespace isms::internal {

// Ok, or InvalidArgument "LINE:COLUMN: what is wrong" (1-based; the column
// counts bytes), or ResourceExhausted "LINE:COLUMN: ... than the limit
// NAME=VALUE". Keys are resolved against `type` (the message the text should
// be; nullptr: none) to tell which arrays are Register.assets, Register.risks
// and Risk.mitigations.
absl::Status CheckJsonSyntax(absl::string_view text,
                             const google::protobuf::Descriptor* type,
                             const ReadLimits& limits);

}  // namespace isms::internal

#endif  // ISMS_LIB_JSON_SCAN_H_
