// The rules of lib/model/, each on small cases worked out by hand.
#include <string>

#include "gtest/gtest.h"
#include "lib/date.h"
#include "lib/model/controls.h"
#include "lib/model/dates.h"
#include "lib/model/ids.h"

namespace {

using isms::model::AcceptanceRecorded;
using isms::model::AcceptanceValidAt;
using isms::model::CheckId;
using isms::model::CorrectiveActionClosedAt;
using isms::model::DecisionDate;
using isms::model::DescribeDate;
using isms::model::IdFault;
using isms::model::kNoDate;
using isms::model::kUnreadableDate;
using isms::model::OlderThanAYear;
using isms::model::PastDate;
using isms::model::WithinAYear;

int Day(const char* date) { return *isms::internal::ParseDate(date); }

TEST(DecisionDateTest, EmptyUnreadableAndReal) {
  EXPECT_EQ(DecisionDate(""), kNoDate);
  EXPECT_EQ(DecisionDate("2025-13-01"), kUnreadableDate);  // month 13
  EXPECT_EQ(DecisionDate("2026-02-29"), kUnreadableDate);  // not a leap year
  EXPECT_EQ(DecisionDate("20260101"), kUnreadableDate);
  // 1970-01-01 is day 0; 1970-02-01 is day 31.
  EXPECT_EQ(DecisionDate("1970-02-01"), 31);
  // Unreadable sorts below every real date, so "before as_of" holds for it.
  EXPECT_LT(kUnreadableDate, DecisionDate("0001-01-01"));
  EXPECT_EQ(DescribeDate(kUnreadableDate), "an unreadable date");
  EXPECT_EQ(DescribeDate(kNoDate), "no date");
  EXPECT_EQ(DescribeDate(Day("2026-11-22")), "2026-11-22");
}

// DESIGN.md 4.6: given on or before as_of, not expired; an expiry on as_of
// itself still holds; an unreadable expiry or date never makes it hold.
TEST(AcceptanceTest, ValidAtADate) {
  const int as_of = Day("2026-11-22");
  const int before = Day("2026-01-10"), after = Day("2026-11-23");
  EXPECT_TRUE(AcceptanceValidAt(before, kNoDate, as_of));
  EXPECT_TRUE(AcceptanceValidAt(before, as_of, as_of));
  EXPECT_TRUE(AcceptanceValidAt(as_of, after, as_of));
  EXPECT_FALSE(AcceptanceValidAt(before, Day("2026-11-21"), as_of));
  EXPECT_FALSE(AcceptanceValidAt(after, kNoDate, as_of));  // not given yet
  EXPECT_FALSE(AcceptanceValidAt(kNoDate, kNoDate, as_of));
  // The case: "expires": "2025-13-01" must not mean "never".
  EXPECT_FALSE(AcceptanceValidAt(before, kUnreadableDate, as_of));
  EXPECT_FALSE(AcceptanceValidAt(kUnreadableDate, kNoDate, as_of));

  isms::v1::Acceptance a;
  a.set_date("2026-01-10");
  a.set_expires("2025-13-01");
  EXPECT_FALSE(AcceptanceValidAt(a, as_of));
  a.set_expires("2027-01-10");
  EXPECT_TRUE(AcceptanceValidAt(a, as_of));
  EXPECT_FALSE(AcceptanceRecorded(a));  // nobody named
  a.set_accepted_by("CEO");
  EXPECT_TRUE(AcceptanceRecorded(a));
  a.set_date("2026-1-10");
  EXPECT_FALSE(AcceptanceRecorded(a));
}

TEST(DeadlineTest, PastDueAndYearly) {
  const int as_of = Day("2026-11-22");
  EXPECT_FALSE(PastDate(kNoDate, as_of));
  EXPECT_FALSE(PastDate(as_of, as_of));  // due today is not late yet
  EXPECT_TRUE(PastDate(as_of - 1, as_of));
  EXPECT_TRUE(PastDate(kUnreadableDate, as_of));
  // 12 months before 2026-11-22 is 2025-11-22: that day is a year old.
  EXPECT_TRUE(WithinAYear(Day("2025-11-23"), as_of));
  EXPECT_FALSE(WithinAYear(Day("2025-11-22"), as_of));
  EXPECT_FALSE(WithinAYear(Day("2026-11-23"), as_of));  // after as_of
  EXPECT_FALSE(WithinAYear(kUnreadableDate, as_of));
  EXPECT_FALSE(OlderThanAYear(Day("2025-11-23"), as_of));
  EXPECT_TRUE(OlderThanAYear(Day("2025-11-22"), as_of));
  EXPECT_TRUE(OlderThanAYear(kUnreadableDate, as_of));
  EXPECT_FALSE(OlderThanAYear(kNoDate, as_of));

  isms::v1::CorrectiveAction ca;
  EXPECT_FALSE(CorrectiveActionClosedAt(ca, as_of));
  ca.set_closed_on("2026-11-22");
  EXPECT_TRUE(CorrectiveActionClosedAt(ca, as_of));
  ca.set_closed_on("2026-11-23");  // closed later: still open at as_of
  EXPECT_FALSE(CorrectiveActionClosedAt(ca, as_of));
  ca.set_closed_on("closed");
  EXPECT_FALSE(CorrectiveActionClosedAt(ca, as_of));
}

TEST(IdTest, EmptyAndControlCharacters) {
  EXPECT_EQ(CheckId("R-1"), IdFault::kNone);
  EXPECT_EQ(CheckId("Räume 1"), IdFault::kNone);  // UTF-8 and spaces are fine
  EXPECT_EQ(CheckId(""), IdFault::kEmpty);
  EXPECT_EQ(CheckId(std::string("a\0b", 3)), IdFault::kControlCharacter);
  EXPECT_EQ(CheckId("a\tb"), IdFault::kControlCharacter);
  EXPECT_EQ(CheckId("a\x7f"), IdFault::kControlCharacter);
  EXPECT_EQ(isms::model::DescribeIdFault(IdFault::kControlCharacter,
                                         std::string("a\0b", 3)),
            "the id \"a\\000b\" contains a control character at byte 1");
}

// DESIGN.md 4.3 by status: current counts implemented and in-progress at
// their implementation (unset: 1 / 0), target every status but retired at 1.
TEST(ControlFactorTest, ByStatusForCurrentAndTarget) {
  using isms::model::CurrentFactor;
  using isms::model::TargetFactor;
  constexpr double kUnset = -1;
  const int implemented = isms::v1::CONTROL_STATUS_IMPLEMENTED;
  const int in_progress = isms::v1::CONTROL_STATUS_IN_PROGRESS;
  const int planned = isms::v1::CONTROL_STATUS_PLANNED;
  const int retired = isms::v1::CONTROL_STATUS_RETIRED;
  const int none = isms::v1::CONTROL_STATUS_UNSPECIFIED;
  EXPECT_DOUBLE_EQ(CurrentFactor(implemented, kUnset, 0.8), 0.8);  // 0.8 x 1
  EXPECT_DOUBLE_EQ(CurrentFactor(implemented, 0.5, 0.8), 0.4);     // 0.8 x 0.5
  EXPECT_DOUBLE_EQ(CurrentFactor(in_progress, kUnset, 0.8), 0.0);  // 0.8 x 0
  EXPECT_DOUBLE_EQ(CurrentFactor(in_progress, 0.5, 1.0), 0.5);
  EXPECT_DOUBLE_EQ(CurrentFactor(planned, 1.0, 1.0), 0.0);
  EXPECT_DOUBLE_EQ(CurrentFactor(retired, 1.0, 1.0), 0.0);
  EXPECT_DOUBLE_EQ(CurrentFactor(none, 1.0, 1.0), 0.0);
  EXPECT_DOUBLE_EQ(TargetFactor(planned, 0.8), 0.8);
  EXPECT_DOUBLE_EQ(TargetFactor(none, 0.8), 0.8);  // no status: like planned
  EXPECT_DOUBLE_EQ(TargetFactor(retired, 0.8), 0.0);
  // Out of range (validation refuses it) is clamped, never negative or > 1.
  EXPECT_DOUBLE_EQ(CurrentFactor(implemented, 1.5, 2.0), 1.0);
  isms::v1::Control c;
  c.set_status(isms::v1::CONTROL_STATUS_IMPLEMENTED);
  EXPECT_DOUBLE_EQ(isms::model::CurrentImplementation(c), 1.0);
  c.set_implementation(0.25);
  EXPECT_DOUBLE_EQ(isms::model::CurrentImplementation(c), 0.25);
  EXPECT_DOUBLE_EQ(isms::model::Effectiveness(c), 1.0);
}

}  // namespace
