// A pass over protobuf binary (wire format) input that checks ReadLimits
// before protobuf's parser allocates anything: every length prefix against
// the limits and the bytes left, nesting, and the elements of every list. It
// keeps a few counters per nesting level and allocates nothing per element.
#ifndef ISMS_LIB_WIRE_SCAN_H_
#define ISMS_LIB_WIRE_SCAN_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "isms/io.h"

namespace isms::internal {

// Ok; ResourceExhausted "PLACE: ... than the limit NAME=VALUE"; or
// InvalidArgument "PLACE: what is wrong" for input protobuf's parser would
// refuse too (cut short, a bad wire type, a group that never ends). PLACE is
// the field path and the byte offset: "risks[3].mitigations[0] (byte 1234)".
// `bytes` must be at most INT32_MAX long.
absl::Status CheckWireLimits(absl::string_view bytes,
                             const google::protobuf::Descriptor* type,
                             const ReadLimits& limits);

}  // namespace isms::internal

#endif  // ISMS_LIB_WIRE_SCAN_H_
