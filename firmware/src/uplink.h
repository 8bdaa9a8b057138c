// Wi-Fi and the MQTT-over-TLS session to the broker: reconnection with backoff, last will,
// command subscription, QoS 1 publishing.
#pragma once
#include <MQTT.h>
#include <WiFiClientSecure.h>
#include <stddef.h>
#include <stdint.h>

class Uplink {
 public:
  /** `onMessage` runs inside loop(); it must not publish (arduino-mqtt is not re-entrant). */
  void begin(MQTTClientCallbackAdvanced onMessage);

  /** Keeps the links up; returns true right after a (re)connection to the broker. */
  bool maintain(uint32_t nowMs);
  bool connected();
  void loop();

  /** QoS 1 on sensors/<username>/reading; true once the broker acknowledged (PUBACK). */
  bool publishReading(const char* payload, size_t length);
  /** QoS 1, retained, on devices/<username>/status. */
  bool publishStatus(const char* payload);
  /** Wi-Fi signal in dBm, 0 when not associated. */
  int rssi() const;

 private:
  bool connectBroker();

  WiFiClientSecure net_;
  MQTTClient mqtt_{1024};
  char sensorTopic_[96] = {};
  char statusTopic_[96] = {};
  char commandFilter_[96] = {};
  bool configured_ = false;
  uint32_t nextAttemptMs_ = 0;
  uint32_t backoffMs_ = 0;
};
