// The JSON documents the board publishes. Field names and bounds are the contract in
// shared/src/mqtt/payload.ts (checked by firmware/test/contract.test.ts).
#pragma once
#include <cstddef>
#include <cstdint>

#include "itercraft/sample.h"

namespace itercraft {

/**
 * Plausibility bounds of the backend (READING_BOUNDS in payload.ts). A value outside them is
 * sent as null: the backend rejects a whole reading with an absurd value, and one broken
 * sensor must not cost the readings of the others.
 */
constexpr float kMinTemperatureC = -60.0f;
constexpr float kMaxTemperatureC = 100.0f;
constexpr float kMinPercent = 0.0f;
constexpr float kMaxPercent = 100.0f;

/** Returns `value` when finite and within [min, max], else kMissing. */
float plausibleOrMissing(float value, float min, float max);

/**
 * `{"timestamp":"…Z","device":"…","dht_temperature":20.7,"dht_humidity":52,
 *   "ntc_temperature":null,"luminosity":77}` for `sample` measured at `epochMs`.
 * Temperatures carry 2 decimals, humidity and luminosity 1. Returns the length written
 * (without the terminator), 0 on failure (time not set, buffer too small).
 */
size_t buildReadingPayload(const Sample& sample, int64_t epochMs, const char* deviceName, char* out, size_t cap);

/** What the status message reports besides "online". */
struct DeviceStats {
  const char* firmware = "";
  uint32_t uptimeS = 0;
  uint32_t intervalS = 0;
  uint32_t buffered = 0;
  uint32_t dropped = 0;
  int rssi = 0;  // dBm, 0 = unknown (not sent)
};

/** `{"status":"online","firmware":"1.0.0","uptime_s":…,"interval_s":…,"buffered":…,"dropped":…,"rssi":…}` */
size_t buildOnlineStatus(const DeviceStats& stats, char* out, size_t cap);

/** The last will, registered at connect and published by the broker when the board vanishes. */
constexpr const char* kOfflineStatusPayload = "{\"status\":\"offline\"}";

}  // namespace itercraft
