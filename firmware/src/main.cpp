// Itercraft sensor node (ESP32, Arduino core 3.x): measures every `interval` seconds, keeps
// readings in a RAM backlog while the broker is unreachable, and publishes them oldest first,
// with their original timestamps, over MQTT + TLS 1.3. Hardware-independent logic lives in
// lib/core (host-tested); this file only schedules it.
#include <Arduino.h>
#include <Preferences.h>
#include <sdkconfig.h>
#include <sys/time.h>

// The broker only speaks TLS 1.3 (mosquitto/mosquitto.conf). arduino-esp32 2.x (mbedTLS 2.28)
// has no TLS 1.3; 3.x has it only when its mbedTLS was built with this option (platformio.ini
// asks pioarduino to rebuild the libraries with it). Failing here beats a board that never connects.
#if !defined(CONFIG_MBEDTLS_SSL_PROTO_TLS1_3)
#error "This core's mbedTLS lacks TLS 1.3 (CONFIG_MBEDTLS_SSL_PROTO_TLS1_3); see firmware/README.md"
#endif

#if !__has_include("credentials.h")
#error "include/credentials.h is missing: run mosquitto/scripts/provision-device.sh (see firmware/README.md)"
#endif
#include "credentials.h"

#include "config.h"
#include "itercraft/backlog.h"
#include "itercraft/commands.h"
#include "itercraft/reading_payload.h"
#include "itercraft/topics.h"
#include "sensors.h"
#include "uplink.h"

// Headers provisioned before the interval was part of them start with the backend's default.
#ifndef ITERCRAFT_INTERVAL_S
#define ITERCRAFT_INTERVAL_S 30
#endif

#ifndef ITERCRAFT_FIRMWARE_VERSION
#define ITERCRAFT_FIRMWARE_VERSION "dev"
#endif

namespace {

itercraft::Backlog backlog;  // static storage (~23 KB), not the loop task's stack
Uplink uplink;
Preferences prefs;

constexpr uint32_t kProvisionedIntervalS = ITERCRAFT_INTERVAL_S;
static_assert(kProvisionedIntervalS >= itercraft::kMinIntervalS && kProvisionedIntervalS <= itercraft::kMaxIntervalS,
              "ITERCRAFT_INTERVAL_S must be between 10 and 86400 seconds");

uint32_t intervalS = kProvisionedIntervalS;
uint32_t lastSampleMs = 0;
bool sampledOnce = false;
uint32_t lastStatusMs = 0;
bool statusDue = false;  // set by the command callback, acted upon in loop()

/** Wall clock from SNTP, epoch ms; 0 until the first synchronisation. */
int64_t epochNowMs() {
  struct timeval tv;
  gettimeofday(&tv, nullptr);
  const int64_t ms = static_cast<int64_t>(tv.tv_sec) * 1000 + tv.tv_usec / 1000;
  return itercraft::isClockSet(ms) ? ms : 0;
}

class UplinkSink : public itercraft::ReadingSink {
 public:
  bool publish(const char* payload, size_t length) override { return uplink.publishReading(payload, length); }
};

void applyInterval(const char* payload, int length) {
  switch (itercraft::applyIntervalCommand(payload, static_cast<size_t>(length), intervalS)) {
    case itercraft::IntervalChange::kRefused:
      Serial.printf("[cmd] interval refused: %.*s\n", length, payload);
      return;
    case itercraft::IntervalChange::kUnchanged:
      return;  // the retained command, again at this connection: no flash write
    case itercraft::IntervalChange::kApplied:
      prefs.putUInt("interval_s", intervalS);
      prefs.putUInt("interval_for", kProvisionedIntervalS);
      statusDue = true;  // report the new period; publishing from here is not allowed
      Serial.printf("[cmd] interval set to %u s\n", static_cast<unsigned>(intervalS));
      return;
  }
}

void onMessage(MQTTClient* /*client*/, char topic[], char bytes[], int length) {
  const char* name = itercraft::commandNameOf(topic, ITERCRAFT_MQTT_USERNAME);
  if (name == nullptr) {
    Serial.printf("[mqtt] %s: %.*s\n", topic, length, bytes);  // broadcast/#: informational
  } else if (strcmp(name, "interval") == 0) {
    applyInterval(bytes, length);
  } else {
    Serial.printf("[cmd] unknown command '%s' ignored\n", name);
  }
}

void sampleIfDue(uint32_t nowMs) {
  if (sampledOnce && nowMs - lastSampleMs < intervalS * 1000UL) return;
  lastSampleMs = nowMs;
  sampledOnce = true;
  const itercraft::Sample sample = sensors::read(nowMs, epochNowMs());
  if (!itercraft::hasAnyValue(sample)) {
    Serial.println("[sensors] every sensor failed: nothing to send (check the wiring)");
    return;
  }
  if (!backlog.push(sample)) {
    Serial.printf("[backlog] full: oldest reading dropped (%u dropped since boot)\n", static_cast<unsigned>(backlog.dropped()));
  }
}

void publishStatus(uint32_t nowMs) {
  itercraft::DeviceStats stats;
  stats.firmware = ITERCRAFT_FIRMWARE_VERSION;
  stats.uptimeS = nowMs / 1000;
  stats.intervalS = intervalS;
  stats.buffered = static_cast<uint32_t>(backlog.size());
  stats.dropped = backlog.dropped();
  stats.rssi = uplink.rssi();
  char json[256];
  if (itercraft::buildOnlineStatus(stats, json, sizeof json) > 0 && uplink.publishStatus(json)) {
    lastStatusMs = nowMs;
    statusDue = false;
  }
}

}  // namespace

void setup() {
  Serial.begin(115200);
  prefs.begin("itercraft", false);
  intervalS = itercraft::startupInterval(kProvisionedIntervalS, prefs.getUInt("interval_s", 0), prefs.getUInt("interval_for", 0));
  sensors::begin();
  // UTC on purpose: payload timestamps end in Z, the PWA shows local time.
  configTime(0, 0, "pool.ntp.org", "time.cloudflare.com", "time.google.com");
  uplink.begin(onMessage);
  Serial.printf("[boot] Itercraft node %s, %s, every %u s\n", ITERCRAFT_FIRMWARE_VERSION, ITERCRAFT_MQTT_USERNAME,
                static_cast<unsigned>(intervalS));
}

void loop() {
  const uint32_t nowMs = millis();
  if (uplink.maintain(nowMs)) statusDue = true;  // just (re)connected: say "online" at once
  sampleIfDue(nowMs);
  if (uplink.connected()) {
    UplinkSink sink;
    itercraft::drainBacklog(backlog, nowMs, epochNowMs(), ITERCRAFT_DEVICE_NAME, sink, config::kReplayBatch);
    if (statusDue || nowMs - lastStatusMs >= config::kStatusEveryMs) publishStatus(nowMs);
    uplink.loop();
  }
  delay(10);
}
