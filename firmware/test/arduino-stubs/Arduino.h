// Test stub: only the Arduino-ESP32 core API the firmware uses, so host.test.ts can type-check
// src/*.cpp. Not a substitute for a PlatformIO build (see firmware/README.md).
#pragma once
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <stdio.h>
struct SerialT { void begin(int){} template<typename... A> int printf(const char*, A...){return 0;} void println(const char*){} };
extern SerialT Serial;
uint32_t millis(); void delay(uint32_t); uint32_t analogReadMilliVolts(uint8_t);
void configTime(long, int, const char*, const char* = nullptr, const char* = nullptr);
class Client { public: virtual ~Client() {} };
