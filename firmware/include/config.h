// Board wiring and timing. Change pins here, not in the code. See README.md for the schematic.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "itercraft/analog_sensors.h"

namespace config {

// DHT22 data line, with a 10 kΩ pull-up to 3V3.
constexpr uint8_t kDhtPin = 4;
// NTC divider midpoint (NTC to 3V3, 10 kΩ to GND). ADC1 only: ADC2 is unusable while Wi-Fi runs.
constexpr uint8_t kNtcPin = 34;  // ADC1_CH6, input only
// LDR divider midpoint (LDR to 3V3, 10 kΩ to GND).
constexpr uint8_t kLightPin = 35;  // ADC1_CH7, input only
// ADC samples averaged per reading (the ESP32 ADC is noisy).
constexpr int kAdcSamples = 16;

// The divider constants of analog_sensors.h; adjust to your parts (datasheet B value, measured Vcc).
inline itercraft::NtcDivider ntcDivider() { return itercraft::NtcDivider{}; }
constexpr float kSupplyMv = 3300.0f;

// The publish period is not set here: it is the device's interval in the app, written into
// credentials.h (ITERCRAFT_INTERVAL_S) at enrolment, then whatever the backend's retained
// commands/<username>/interval says (kept in NVS across reboots).
// Online status refresh, so the backend sees counters move even without readings.
constexpr uint32_t kStatusEveryMs = 5UL * 60UL * 1000UL;
// Readings published per loop() pass while replaying a backlog, to keep the loop responsive.
constexpr size_t kReplayBatch = 10;
// MQTT reconnection backoff.
constexpr uint32_t kReconnectMinMs = 2000;
constexpr uint32_t kReconnectMaxMs = 60000;
// MQTT keepalive; the broker caps it at 120 s (max_keepalive).
constexpr int kKeepAliveS = 60;
// How long a QoS 1 publish waits for its PUBACK.
constexpr int kMqttTimeoutMs = 10000;

}  // namespace config
