// One measurement as the board takes it, before it has a wall-clock time for sure.
#pragma once
#include <cmath>
#include <cstdint>

namespace itercraft {

/** A sensor value that is missing (sensor absent, failed or implausible). */
constexpr float kMissing = NAN;

struct Sample {
  /** millis() when measured: lets a reading taken before NTP sync get its time later. */
  uint32_t uptimeMs = 0;
  /** Wall-clock time when measured, epoch ms; 0 when the clock was not set yet. */
  int64_t epochMs = 0;
  float dhtTemperature = kMissing;  // °C
  float dhtHumidity = kMissing;     // % RH
  float ntcTemperature = kMissing;  // °C
  float luminosity = kMissing;      // % of full scale
};

/** True when at least one sensor produced a number. An all-null reading is not worth sending. */
inline bool hasAnyValue(const Sample& s) {
  return std::isfinite(s.dhtTemperature) || std::isfinite(s.dhtHumidity) || std::isfinite(s.ntcTemperature) ||
         std::isfinite(s.luminosity);
}

/** Epoch times before 2024-01-01 mean "clock not set" (the ESP32 boots at 1970). */
constexpr int64_t kEarliestPlausibleEpochMs = 1704067200000LL;

inline bool isClockSet(int64_t epochMs) { return epochMs >= kEarliestPlausibleEpochMs; }

/**
 * The wall-clock time of a sample: its own when it had one, else derived from how long ago
 * (in uptime) it was taken. Returns 0 when neither is known yet. Unsigned subtraction keeps
 * this right across the 49-day millis() wrap, as long as the sample is younger than that.
 */
inline int64_t resolveEpochMs(const Sample& s, uint32_t nowUptimeMs, int64_t nowEpochMs) {
  if (isClockSet(s.epochMs)) return s.epochMs;
  if (!isClockSet(nowEpochMs)) return 0;
  const uint32_t ageMs = nowUptimeMs - s.uptimeMs;
  return nowEpochMs - static_cast<int64_t>(ageMs);
}

}  // namespace itercraft
