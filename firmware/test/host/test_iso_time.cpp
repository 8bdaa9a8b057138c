#include "harness.h"
#include "itercraft/iso_time.h"

using itercraft::formatIsoUtc;

static const char* iso(long long epochMs) {
  static char buffer[32];
  return formatIsoUtc(epochMs, buffer, sizeof buffer) ? buffer : "(failed)";
}

TEST(iso_formats_known_instants_in_utc) {
  CHECK_STR(iso(0), "1970-01-01T00:00:00Z");
  CHECK_STR(iso(1769940930000LL), "2026-02-01T10:15:30Z");
  CHECK_STR(iso(1709251199000LL), "2024-02-29T23:59:59Z");  // leap day
  CHECK_STR(iso(946684799000LL), "1999-12-31T23:59:59Z");
  CHECK_STR(iso(951868800000LL), "2000-03-01T00:00:00Z");   // 2000 is a leap year
  CHECK_STR(iso(4107499200000LL), "2100-02-28T12:00:00Z");  // 2100 is not
  CHECK_STR(iso(253402300799000LL), "9999-12-31T23:59:59Z");
}

TEST(iso_truncates_milliseconds) {
  CHECK_STR(iso(1769940930999LL), "2026-02-01T10:15:30Z");
}

TEST(iso_refuses_what_it_cannot_write) {
  char small[20];
  CHECK(!formatIsoUtc(1769940930000LL, small, sizeof small));  // needs 21 bytes
  char exact[21];
  CHECK(formatIsoUtc(1769940930000LL, exact, sizeof exact));
  CHECK_STR(iso(-1), "(failed)");
  CHECK_STR(iso(253402300800000LL), "(failed)");  // year 10000
}
