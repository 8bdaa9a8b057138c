// Test stub: the Adafruit DHT sensor library calls the firmware uses.
#pragma once
#include <stdint.h>
#define DHT22 22
class DHT { public: DHT(uint8_t, uint8_t){} void begin(){} float readTemperature(){return 0;} float readHumidity(){return 0;} };
