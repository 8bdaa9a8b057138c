#include "itercraft/iso_time.h"

#include <cstdio>

namespace itercraft {
namespace {

struct CivilDate {
  int64_t year;
  unsigned month;
  unsigned day;
};

// Howard Hinnant's days_from_civil inverse: days since 1970-01-01 -> proleptic Gregorian date.
CivilDate civilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = static_cast<int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

}  // namespace

bool formatIsoUtc(int64_t epochMs, char* out, size_t cap) {
  if (epochMs < 0) return false;
  const int64_t seconds = epochMs / 1000;
  const int64_t days = seconds / 86400;
  const int64_t secondOfDay = seconds % 86400;
  const CivilDate date = civilFromDays(days);
  if (date.year > 9999) return false;
  const int written = std::snprintf(out, cap, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year), date.month,
                                    date.day, static_cast<int>(secondOfDay / 3600),
                                    static_cast<int>((secondOfDay % 3600) / 60), static_cast<int>(secondOfDay % 60));
  return written > 0 && static_cast<size_t>(written) < cap;
}

}  // namespace itercraft
