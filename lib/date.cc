#include "lib/date.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace isms::internal {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days: exact for the
// proleptic Gregorian calendar.
int DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

absl::StatusOr<int> ParseDate(absl::string_view date) {
  auto bad = [&] {
    return absl::InvalidArgumentError(
        absl::StrCat("bad date \"", date, "\" (expected YYYY-MM-DD)"));
  };
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return bad();
  int parts[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8};
  const int lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (int i = 0; i < lengths[p]; ++i) {
      char c = date[starts[p] + i];
      if (c < '0' || c > '9') return bad();
      parts[p] = parts[p] * 10 + (c - '0');
    }
  }
  const int y = parts[0], m = parts[1], d = parts[2];
  static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || m < 1 || m > 12 || d < 1) return bad();
  const int month_days = kDays[m - 1] + (m == 2 && IsLeap(y) ? 1 : 0);
  if (d > month_days) return bad();
  return DaysFromCivil(y, m, d);
}

std::string FormatDate(int days) {
  days += 719468;
  const int era = (days >= 0 ? days : days - 146096) / 146097;
  const int doe = days - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int y = yoe + era * 400;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp + (mp < 10 ? 3 : -9);
  y += m <= 2;
  return absl::StrFormat("%04d-%02d-%02d", y, m, d);
}

int OneYearBefore(int days) {
  const std::string date = FormatDate(days);
  int y = 0, m = 0, d = 0;
  std::sscanf(date.c_str(), "%d-%d-%d", &y, &m, &d);
  if (m == 2 && d == 29) d = 28;
  return DaysFromCivil(y - 1, m, d);
}

std::string Today() {
  return absl::FormatTime("%Y-%m-%d", absl::Now(), absl::UTCTimeZone());
}

}  // namespace isms::internal
