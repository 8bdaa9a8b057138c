// Test stub: the WiFi calls the firmware uses.
#pragma once
enum { WIFI_STA, WL_CONNECTED };
struct WiFiT { void mode(int){} void setAutoReconnect(bool){} void begin(const char*, const char*){} int status(){return 0;} int RSSI(){return -50;} };
extern WiFiT WiFi;
