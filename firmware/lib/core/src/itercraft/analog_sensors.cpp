#include "itercraft/analog_sensors.h"

#include <cmath>

namespace itercraft {

namespace {
constexpr float kKelvinOffset = 273.15f;
}

float ntcResistanceOhms(float millivolts, const NtcDivider& d) {
  if (!std::isfinite(millivolts) || millivolts <= d.railMarginMv || millivolts >= d.supplyMv - d.railMarginMv) return NAN;
  return d.fixedOhms * (d.supplyMv - millivolts) / millivolts;
}

float ntcTemperatureC(float millivolts, const NtcDivider& d) {
  const float ohms = ntcResistanceOhms(millivolts, d);
  if (!std::isfinite(ohms) || ohms <= 0.0f) return NAN;
  const float inverseKelvin = 1.0f / (d.nominalC + kKelvinOffset) + std::log(ohms / d.nominalOhms) / d.beta;
  return 1.0f / inverseKelvin - kKelvinOffset;
}

float luminosityPercent(float millivolts, float supplyMv) {
  if (!std::isfinite(millivolts) || millivolts < 0.0f || supplyMv <= 0.0f) return NAN;
  const float percent = 100.0f * millivolts / supplyMv;
  return percent > 100.0f ? 100.0f : percent;
}

}  // namespace itercraft
