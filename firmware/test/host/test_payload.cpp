#include <cmath>

#include "harness.h"
#include "itercraft/json_writer.h"
#include "itercraft/reading_payload.h"

using namespace itercraft;

static const char* number(double value, int decimals) {
  static char buffer[32];
  return formatJsonNumber(value, decimals, buffer, sizeof buffer) ? buffer : "(null)";
}

TEST(numbers_are_rounded_and_trimmed) {
  CHECK_STR(number(20.7, 2), "20.7");
  CHECK_STR(number(52.0, 1), "52");
  CHECK_STR(number(21.126, 2), "21.13");
  CHECK_STR(number(21.124, 2), "21.12");
  CHECK_STR(number(-12.5, 2), "-12.5");
  CHECK_STR(number(-0.004, 2), "0");      // never "-0"
  CHECK_STR(number(0.0, 2), "0");
  CHECK_STR(number(100.0, 1), "100");
  CHECK_STR(number(0.05, 1), "0.1");
  CHECK_STR(number(-59.999, 2), "-60");
}

TEST(non_finite_and_huge_numbers_are_refused) {
  CHECK_STR(number(NAN, 2), "(null)");
  CHECK_STR(number(INFINITY, 2), "(null)");
  CHECK_STR(number(-INFINITY, 2), "(null)");
  CHECK_STR(number(1e30, 2), "(null)");
}

TEST(writer_escapes_strings_and_reports_overflow) {
  char out[128];
  JsonObjectWriter json(out, sizeof out);
  json.string("device", "Salon \"sud\"\\\n\x01").integer("n", -3).null("x");
  CHECK(json.finish() > 0);
  CHECK_STR(out, "{\"device\":\"Salon \\\"sud\\\"\\\\\\u000a\\u0001\",\"n\":-3,\"x\":null}");
  char tiny[8];
  JsonObjectWriter small(tiny, sizeof tiny);
  small.string("device", "too long for eight bytes");
  CHECK_EQ(small.finish(), 0u);
  CHECK(std::strlen(tiny) < sizeof tiny);  // always terminated
}

static Sample sampleOf(float dhtT, float dhtH, float ntcT, float lum) {
  Sample s;
  s.dhtTemperature = dhtT;
  s.dhtHumidity = dhtH;
  s.ntcTemperature = ntcT;
  s.luminosity = lum;
  return s;
}

TEST(reading_payload_matches_the_original_format) {
  char out[256];
  const size_t n = buildReadingPayload(sampleOf(20.7f, 52.0f, 21.1f, 77.0f), 1769940930000LL, "meteoStation_1", out, sizeof out);
  CHECK(n > 0);
  CHECK_EQ(n, std::strlen(out));
  CHECK_STR(out,
            "{\"timestamp\":\"2026-02-01T10:15:30Z\",\"device\":\"meteoStation_1\",\"dht_temperature\":20.7,"
            "\"dht_humidity\":52,\"ntc_temperature\":21.1,\"luminosity\":77}");
}

TEST(failed_and_implausible_sensors_become_null) {
  char out[256];
  buildReadingPayload(sampleOf(NAN, 150.0f, -12.5f, -3.0f), 1769940930000LL, "cave", out, sizeof out);
  CHECK_STR(out,
            "{\"timestamp\":\"2026-02-01T10:15:30Z\",\"device\":\"cave\",\"dht_temperature\":null,"
            "\"dht_humidity\":null,\"ntc_temperature\":-12.5,\"luminosity\":null}");
  CHECK(std::isnan(plausibleOrMissing(100.01f, kMinTemperatureC, kMaxTemperatureC)));
  CHECK_EQ(plausibleOrMissing(-60.0f, kMinTemperatureC, kMaxTemperatureC), -60.0f);
}

TEST(reading_payload_needs_a_set_clock) {
  char out[256];
  CHECK_EQ(buildReadingPayload(sampleOf(20.0f, 50.0f, 20.0f, 50.0f), 5000, "x", out, sizeof out), 0u);
  CHECK_EQ(buildReadingPayload(sampleOf(20.0f, 50.0f, 20.0f, 50.0f), 1769940930000LL, "x", out, 40), 0u);
}

TEST(status_payloads) {
  char out[256];
  DeviceStats stats;
  stats.firmware = "1.0.0";
  stats.uptimeS = 3600;
  stats.intervalS = 30;
  stats.buffered = 2;
  stats.dropped = 5;
  stats.rssi = -61;
  CHECK(buildOnlineStatus(stats, out, sizeof out) > 0);
  CHECK_STR(out, "{\"status\":\"online\",\"firmware\":\"1.0.0\",\"uptime_s\":3600,\"interval_s\":30,\"buffered\":2,\"dropped\":5,\"rssi\":-61}");
  stats.rssi = 0;  // unknown: omitted
  stats.firmware = "";
  buildOnlineStatus(stats, out, sizeof out);
  CHECK_STR(out, "{\"status\":\"online\",\"uptime_s\":3600,\"interval_s\":30,\"buffered\":2,\"dropped\":5}");
  CHECK_STR(kOfflineStatusPayload, "{\"status\":\"offline\"}");
}
