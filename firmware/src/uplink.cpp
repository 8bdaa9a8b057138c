#include "uplink.h"

#include <Arduino.h>
#include <WiFi.h>

#include "config.h"
#include "credentials.h"
#include "itercraft/reading_payload.h"
#include "itercraft/topics.h"

void Uplink::begin(MQTTClientCallbackAdvanced onMessage) {
  const char* user = ITERCRAFT_MQTT_USERNAME;
  configured_ = itercraft::buildSensorTopic(user, sensorTopic_, sizeof sensorTopic_) &&
                itercraft::buildStatusTopic(user, statusTopic_, sizeof statusTopic_) &&
                itercraft::buildCommandFilter(user, commandFilter_, sizeof commandFilter_);
  if (!configured_) {
    Serial.printf("[uplink] invalid MQTT username '%s' in credentials.h: not connecting\n", user);
    return;
  }
  WiFi.mode(WIFI_STA);
  WiFi.setAutoReconnect(true);
  WiFi.begin(ITERCRAFT_WIFI_SSID, ITERCRAFT_WIFI_PASSWORD);

  // Trust exactly our CA; the server name is checked against the certificate's SANs.
  net_.setCACert(ITERCRAFT_MQTT_CA_PEM);
  mqtt_.begin(ITERCRAFT_MQTT_HOST, ITERCRAFT_MQTT_PORT, net_);
  mqtt_.onMessageAdvanced(onMessage);
  // The broker publishes this retained "offline" for us if we vanish without a DISCONNECT.
  mqtt_.setWill(statusTopic_, itercraft::kOfflineStatusPayload, true, 1);
  // Persistent session (clean session false, stable client id): commands sent while the
  // board was away are queued by the broker and delivered on reconnection.
  mqtt_.setOptions(config::kKeepAliveS, false, config::kMqttTimeoutMs);
  backoffMs_ = config::kReconnectMinMs;
}

bool Uplink::connected() { return configured_ && mqtt_.connected(); }

bool Uplink::maintain(uint32_t nowMs) {
  if (!configured_ || WiFi.status() != WL_CONNECTED || mqtt_.connected()) return false;
  if (static_cast<int32_t>(nowMs - nextAttemptMs_) < 0) return false;
  if (connectBroker()) {
    backoffMs_ = config::kReconnectMinMs;
    return true;
  }
  nextAttemptMs_ = nowMs + backoffMs_;
  backoffMs_ = backoffMs_ * 2 > config::kReconnectMaxMs ? config::kReconnectMaxMs : backoffMs_ * 2;
  return false;
}

bool Uplink::connectBroker() {
  // Client id = username: stable for the persistent session. The broker keeps
  // use_username_as_clientid false for the relay's sake, so two boards provisioned with the
  // same account would take turns kicking each other out: provision one account per board.
  Serial.printf("[uplink] connecting to %s:%d as %s\n", ITERCRAFT_MQTT_HOST, ITERCRAFT_MQTT_PORT, ITERCRAFT_MQTT_USERNAME);
  if (!mqtt_.connect(ITERCRAFT_MQTT_USERNAME, ITERCRAFT_MQTT_USERNAME, ITERCRAFT_MQTT_PASSWORD)) {
    // returnCode 4/5: bad credentials or decommissioned; lastError < 0 with rc 0: TLS/network
    Serial.printf("[uplink] connect failed: error %d, return code %d\n", static_cast<int>(mqtt_.lastError()),
                  static_cast<int>(mqtt_.returnCode()));
    return false;
  }
  const bool subscribed = mqtt_.subscribe(commandFilter_, 1) && mqtt_.subscribe(itercraft::kBroadcastFilter, 0);
  Serial.printf("[uplink] connected%s\n", subscribed ? "" : " (subscription failed)");
  return subscribed;
}

void Uplink::loop() { mqtt_.loop(); }

bool Uplink::publishReading(const char* payload, size_t length) {
  return connected() && mqtt_.publish(sensorTopic_, payload, static_cast<int>(length), false, 1);
}

bool Uplink::publishStatus(const char* payload) { return connected() && mqtt_.publish(statusTopic_, payload, true, 1); }

int Uplink::rssi() const { return WiFi.status() == WL_CONNECTED ? WiFi.RSSI() : 0; }
