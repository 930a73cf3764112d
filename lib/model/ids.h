// What the library accepts as an object's id (assets, risks, controls, scale
// levels, ...): anything but the empty string and strings with a control
// character (U+0000-U+001F, U+007F). A NUL would cut the id short for a C
// host (two distinct ids "a\0b" and "a" would look alike), and a newline or
// tab breaks every report and table an id is printed in. Validation
// (EMPTY_ID, BAD_ID) and the risk engine's compile both apply this rule.
//
// Thread-safe: pure functions.
#ifndef ISMS_LIB_MODEL_IDS_H_
#define ISMS_LIB_MODEL_IDS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace isms::model {

enum class IdFault { kNone, kEmpty, kControlCharacter };

IdFault CheckId(absl::string_view id);

// "the id is empty", "the id \"a\\000b\" contains a control character at
// byte 1" (the id escaped, so the message itself stays one clean line).
std::string DescribeIdFault(IdFault fault, absl::string_view id);

}  // namespace isms::model

#endif  // ISMS_LIB_MODEL_IDS_H_
