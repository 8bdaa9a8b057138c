// Test stub: the WiFiClientSecure calls the firmware uses.
#pragma once
#include "Arduino.h"
class WiFiClientSecure : public Client { public: void setCACert(const char*){} };
