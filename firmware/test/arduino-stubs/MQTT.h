// Test stub: the 256dpi/arduino-mqtt 2.5 signatures the firmware uses (MQTTClient.h).
#pragma once
#include "Arduino.h"
class MQTTClient;
typedef void (*MQTTClientCallbackAdvanced)(MQTTClient *client, char topic[], char bytes[], int length);
typedef int lwmqtt_err_t; typedef int lwmqtt_return_code_t;
class MQTTClient { public: explicit MQTTClient(int = 128){}
 void begin(const char[], int, Client&){} void onMessageAdvanced(MQTTClientCallbackAdvanced){}
 void setWill(const char[], const char[], bool, int){} void setOptions(int, bool, int){}
 bool connect(const char[], const char[], const char[]){return true;} bool connected(){return true;}
 bool subscribe(const char[], int){return true;} bool loop(){return true;}
 bool publish(const char[], const char[], int, bool, int){return true;} bool publish(const char[], const char[], bool, int){return true;}
 lwmqtt_err_t lastError(){return 0;} lwmqtt_return_code_t returnCode(){return 0;} };
