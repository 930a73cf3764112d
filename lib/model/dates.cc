#include "lib/model/dates.h"

#include "absl/status/statusor.h"
#include "lib/date.h"

namespace isms::model {

int32_t DecisionDate(absl::string_view text) {
  if (text.empty()) return kNoDate;
  absl::StatusOr<int> days = internal::ParseDate(text);
  return days.ok() ? *days : kUnreadableDate;
}

std::string DescribeDate(int32_t date) {
  if (date == kNoDate) return "no date";
  if (date == kUnreadableDate) return "an unreadable date";
  return internal::FormatDate(date);
}

bool AcceptanceValidAt(int32_t given_on, int32_t expires, int32_t as_of) {
  return IsReadable(given_on) && given_on <= as_of && !PastDate(expires, as_of);
}

bool AcceptanceValidAt(const v1::Acceptance& acceptance, int32_t as_of) {
  return AcceptanceValidAt(DecisionDate(acceptance.date()),
                           DecisionDate(acceptance.expires()), as_of);
}

bool AcceptanceRecorded(const v1::Acceptance& acceptance) {
  return !acceptance.accepted_by().empty() &&
         IsReadable(DecisionDate(acceptance.date()));
}

bool CorrectiveActionClosedAt(const v1::CorrectiveAction& action,
                              int32_t as_of) {
  const int32_t closed = DecisionDate(action.closed_on());
  return IsReadable(closed) && closed <= as_of;
}

bool PastDate(int32_t date, int32_t as_of) {
  // kUnreadableDate is below every as_of: unreadable counts as past.
  return date != kNoDate && date < as_of;
}

bool WithinAYear(int32_t date, int32_t as_of) {
  return IsReadable(date) && date > internal::OneYearBefore(as_of) &&
         date <= as_of;
}

bool OlderThanAYear(int32_t last_done, int32_t as_of) {
  // kUnreadableDate is below every year_before: unreadable counts as old.
  return last_done != kNoDate && last_done <= internal::OneYearBefore(as_of);
}

}  // namespace isms::model
