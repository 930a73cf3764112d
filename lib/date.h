// ISO 8601 calendar dates ("YYYY-MM-DD") as day numbers, for comparisons and
// "within 12 months" rules.
#ifndef ISMS_LIB_DATE_H_
#define ISMS_LIB_DATE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace isms::internal {

// Days since 1970-01-01 of a real calendar date (leap years honoured), or
// InvalidArgument. Years 0001-9999.
absl::StatusOr<int> ParseDate(absl::string_view date);

// The same day one year earlier (29 February becomes 28 February).
int OneYearBefore(int days);

// Today's date (UTC) as "YYYY-MM-DD".
std::string Today();

// The inverse of ParseDate.
std::string FormatDate(int days);

}  // namespace isms::internal

#endif  // ISMS_LIB_DATE_H_
