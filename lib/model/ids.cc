#include "lib/model/ids.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace isms::model {
namespace {

size_t FirstControlCharacter(absl::string_view id) {
  for (size_t i = 0; i < id.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(id[i]);
    if (c < 0x20 || c == 0x7f) return i;
  }
  return absl::string_view::npos;
}

}  // namespace

IdFault CheckId(absl::string_view id) {
  if (id.empty()) return IdFault::kEmpty;
  if (FirstControlCharacter(id) != absl::string_view::npos) {
    return IdFault::kControlCharacter;
  }
  return IdFault::kNone;
}

std::string DescribeIdFault(IdFault fault, absl::string_view id) {
  switch (fault) {
    case IdFault::kNone:
      return "";
    case IdFault::kEmpty:
      return "the id is empty";
    case IdFault::kControlCharacter:
      return absl::StrCat("the id \"", absl::CEscape(id),
                          "\" contains a control character at byte ",
                          FirstControlCharacter(id));
  }
  return "";
}

}  // namespace isms::model
