#include "itercraft/reading_payload.h"

#include <cmath>

#include "itercraft/iso_time.h"
#include "itercraft/json_writer.h"

namespace itercraft {

float plausibleOrMissing(float value, float min, float max) {
  return (std::isfinite(value) && value >= min && value <= max) ? value : kMissing;
}

size_t buildReadingPayload(const Sample& sample, int64_t epochMs, const char* deviceName, char* out, size_t cap) {
  char timestamp[32];
  if (!isClockSet(epochMs) || !formatIsoUtc(epochMs, timestamp, sizeof timestamp)) return 0;
  JsonObjectWriter json(out, cap);
  json.string("timestamp", timestamp)
      .string("device", deviceName)
      .number("dht_temperature", plausibleOrMissing(sample.dhtTemperature, kMinTemperatureC, kMaxTemperatureC), 2)
      .number("dht_humidity", plausibleOrMissing(sample.dhtHumidity, kMinPercent, kMaxPercent), 1)
      .number("ntc_temperature", plausibleOrMissing(sample.ntcTemperature, kMinTemperatureC, kMaxTemperatureC), 2)
      .number("luminosity", plausibleOrMissing(sample.luminosity, kMinPercent, kMaxPercent), 1);
  return json.finish();
}

size_t buildOnlineStatus(const DeviceStats& stats, char* out, size_t cap) {
  JsonObjectWriter json(out, cap);
  json.string("status", "online");
  if (stats.firmware != nullptr && stats.firmware[0] != '\0') json.string("firmware", stats.firmware);
  json.integer("uptime_s", stats.uptimeS)
      .integer("interval_s", stats.intervalS)
      .integer("buffered", stats.buffered)
      .integer("dropped", stats.dropped);
  if (stats.rssi < 0 && stats.rssi >= -127) json.integer("rssi", stats.rssi);
  return json.finish();
}

}  // namespace itercraft
