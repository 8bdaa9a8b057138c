#include "sensors.h"

#include <Arduino.h>
#include <DHT.h>

#include "config.h"
#include "itercraft/analog_sensors.h"

namespace {

DHT dht(config::kDhtPin, DHT22);

/**
 * Calibrated millivolts (eFuse calibration via analogReadMilliVolts), averaged. The Arduino
 * core's default attenuation is 11 dB (ADC_ATTEN_DB_12 in ESP-IDF 5 naming), whose accurate
 * span of about 150–2450 mV is what the dividers in config.h are sized for.
 */
float averageMillivolts(uint8_t pin) {
  uint32_t total = 0;
  for (int i = 0; i < config::kAdcSamples; ++i) total += analogReadMilliVolts(pin);
  return static_cast<float>(total) / static_cast<float>(config::kAdcSamples);
}

}  // namespace

namespace sensors {

void begin() { dht.begin(); }

itercraft::Sample read(uint32_t uptimeMs, int64_t epochMs) {
  itercraft::Sample sample;
  sample.uptimeMs = uptimeMs;
  sample.epochMs = epochMs;
  // The DHT library returns NaN after a failed read (checksum, timeout, unplugged sensor).
  sample.dhtTemperature = dht.readTemperature();
  sample.dhtHumidity = dht.readHumidity();
  sample.ntcTemperature = itercraft::ntcTemperatureC(averageMillivolts(config::kNtcPin), config::ntcDivider());
  sample.luminosity = itercraft::luminosityPercent(averageMillivolts(config::kLightPin), config::kSupplyMv);
  return sample;
}

}  // namespace sensors
