// Prints what the firmware's real builders produce, for firmware/test/contract.test.ts to
// validate with the shared TypeScript contract (shared/src/mqtt). One item per line:
//   TOPIC <kind> <topic>          PAYLOAD <case> <json>          STATUS <case> <json>
//   COMMAND <index> <seconds|REFUSED>
// Usage: print_contract <username> <device-name> <epoch-ms> [interval-command-payload...]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "itercraft/backlog.h"
#include "itercraft/commands.h"
#include "itercraft/reading_payload.h"
#include "itercraft/topics.h"

using namespace itercraft;

namespace {

Sample sampleOf(float dhtT, float dhtH, float ntcT, float lum) {
  Sample s;
  s.dhtTemperature = dhtT;
  s.dhtHumidity = dhtH;
  s.ntcTemperature = ntcT;
  s.luminosity = lum;
  return s;
}

void printTopics(const char* username) {
  char topic[128];
  if (buildSensorTopic(username, topic, sizeof topic)) std::printf("TOPIC sensor %s\n", topic);
  if (buildStatusTopic(username, topic, sizeof topic)) std::printf("TOPIC status %s\n", topic);
  if (buildCommandFilter(username, topic, sizeof topic)) std::printf("TOPIC commands %s\n", topic);
  std::printf("TOPIC broadcast %s\n", kBroadcastFilter);
}

void printPayload(const char* name, const Sample& sample, int64_t epochMs, const char* device) {
  char json[512];
  if (buildReadingPayload(sample, epochMs, device, json, sizeof json) > 0) std::printf("PAYLOAD %s %s\n", name, json);
}

/** Drains a backlog the way the board does after an outage, printing each replayed payload. */
class PrintingSink : public ReadingSink {
 public:
  bool publish(const char* payload, size_t length) override {
    std::printf("PAYLOAD replayed %.*s\n", static_cast<int>(length), payload);
    return true;
  }
};

void printReplay(int64_t epochMs, const char* device) {
  RingBuffer<Sample, 4> backlog;
  Sample beforeClock = sampleOf(18.5f, 61.0f, NAN, 3.0f);
  beforeClock.uptimeMs = 1000;  // taken 1 s after boot, before NTP: dated on replay
  backlog.push(beforeClock);
  Sample dated = sampleOf(19.0f, 60.0f, 18.75f, 4.0f);
  dated.uptimeMs = 31000;
  dated.epochMs = epochMs - 60000;
  backlog.push(dated);
  PrintingSink sink;
  drainBacklog(backlog, 121000, epochMs, device, sink, 10);
}

void printStatuses() {
  char json[256];
  DeviceStats stats;
  stats.firmware = "1.0.0";
  stats.uptimeS = 86400;
  stats.intervalS = 30;
  stats.buffered = 12;
  stats.dropped = 3;
  stats.rssi = -67;
  if (buildOnlineStatus(stats, json, sizeof json) > 0) std::printf("STATUS online %s\n", json);
  std::printf("STATUS offline %s\n", kOfflineStatusPayload);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s <username> <device-name> <epoch-ms> [command...]\n", argv[0]);
    return 2;
  }
  const char* username = argv[1];
  const char* device = argv[2];
  const int64_t epochMs = std::strtoll(argv[3], nullptr, 10);

  printTopics(username);
  printPayload("normal", sampleOf(20.7f, 52.0f, 21.1f, 77.0f), epochMs, device);
  printPayload("null-sensors", sampleOf(NAN, NAN, 21.25f, NAN), epochMs, device);
  printPayload("negative-temperatures", sampleOf(-12.34f, 85.5f, -0.004f, 0.0f), epochMs, device);
  printPayload("extremes", sampleOf(-60.0f, 100.0f, 100.0f, 100.0f), epochMs, device);
  printPayload("implausible", sampleOf(-273.15f, 120.0f, 21.0f, 140.0f), epochMs, device);
  printReplay(epochMs, device);
  printStatuses();
  for (int i = 4; i < argc; ++i) {
    uint32_t seconds = 0;
    if (parseIntervalCommand(argv[i], std::strlen(argv[i]), seconds)) {
      std::printf("COMMAND %d %u\n", i - 4, static_cast<unsigned>(seconds));
    } else {
      std::printf("COMMAND %d REFUSED\n", i - 4);
    }
  }
  return 0;
}
