// Template of include/credentials.h. Do not fill this file in by hand: run
//   WIFI_SSID=... WIFI_PASSWORD=... MQTT_HOST=mqtt.itercraft.com mosquitto/scripts/provision-device.sh <mqtt-username> "<device name>"
// which creates the broker account and writes credentials.h (git-ignored) with these names.
#pragma once

#define ITERCRAFT_WIFI_SSID "CHANGE_ME_WIFI_SSID"
#define ITERCRAFT_WIFI_PASSWORD "CHANGE_ME_WIFI_PASSWORD"
#define ITERCRAFT_MQTT_HOST "mqtt.itercraft.com"
#define ITERCRAFT_MQTT_PORT 8883
#define ITERCRAFT_MQTT_USERNAME "esp32-example"
#define ITERCRAFT_MQTT_PASSWORD "generated-by-provision-device"
#define ITERCRAFT_DEVICE_NAME "Station exemple"
// Seconds between readings until the backend's retained interval command says otherwise.
#define ITERCRAFT_INTERVAL_S 30

// The broker's CA certificate (mosquitto/certs/ca.crt), as a PEM string.
static const char ITERCRAFT_MQTT_CA_PEM[] = R"PEM(-----BEGIN CERTIFICATE-----
...
-----END CERTIFICATE-----
)PEM";
