// The date rules behind ISMS decisions: whether an acceptance holds on a
// date, whether something is past due, whether a yearly activity is late.
// Every part of the library that gates a decision on a date (the risk
// engine's statuses and findings, readiness) calls these, so they cannot
// disagree.
//
// A date field is compiled to a DecisionDate: days since 1970-01-01, or
// kNoDate when the field is empty, or kUnreadableDate when it is set but is
// not a calendar date (validation reports those as BAD_DATE). The rule for
// an unreadable date is that it never widens a decision: an acceptance whose
// expiry cannot be read has expired, a due date that cannot be read has
// passed, a test date that cannot be read is too old, and an acceptance
// given on a date that cannot be read was never given. kUnreadableDate sorts
// below every real date, so most comparisons need no special case.
//
// Thread-safe: pure functions.
#ifndef ISMS_LIB_MODEL_DATES_H_
#define ISMS_LIB_MODEL_DATES_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "isms/v1/register.pb.h"

namespace isms::model {

inline constexpr int32_t kNoDate = INT32_MIN;
inline constexpr int32_t kUnreadableDate = INT32_MIN + 1;

// The field as a DecisionDate (see above).
int32_t DecisionDate(absl::string_view text);

// A real date, neither kNoDate nor kUnreadableDate.
inline bool IsReadable(int32_t date) { return date > kUnreadableDate; }

// "2026-11-22", "no date" or "an unreadable date", for messages.
std::string DescribeDate(int32_t date);

// DESIGN.md 4.6: an acceptance holds at as_of when it was given on a readable
// date on or before as_of and has not expired (no expiry, or an expiry on or
// after as_of). Who accepted is not part of this rule (see
// AcceptanceRecorded).
bool AcceptanceValidAt(int32_t given_on, int32_t expires, int32_t as_of);
bool AcceptanceValidAt(const v1::Acceptance& acceptance, int32_t as_of);

// The acceptance names who accepted and a readable date (clause 6.1.3 f).
bool AcceptanceRecorded(const v1::Acceptance& acceptance);

// A corrective action is closed at as_of when its closing date is readable
// and not after as_of.
bool CorrectiveActionClosedAt(const v1::CorrectiveAction& action,
                              int32_t as_of);

// An expiry (or a due date) that is set and before as_of, or unreadable.
bool PastDate(int32_t date, int32_t as_of);

// "Within the 12 months up to as_of" is OneYearBefore(as_of) < date <=
// as_of: an audit exactly one year before as_of is a year old, not within
// it. WithinAYear is that test (false for kNoDate and unreadable dates).
bool WithinAYear(int32_t date, int32_t as_of);

// A yearly activity (a control test, a risk review) last done a year or more
// before as_of, or on an unreadable date. Never done is the caller's
// decision (kNoDate returns false here).
bool OlderThanAYear(int32_t last_done, int32_t as_of);

}  // namespace isms::model

#endif  // ISMS_LIB_MODEL_DATES_H_
