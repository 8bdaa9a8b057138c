#include "harness.h"
#include "itercraft/commands.h"
#include "itercraft/topics.h"

using namespace itercraft;

TEST(topics_follow_the_shared_layout) {
  char topic[96];
  CHECK(buildSensorTopic("esp32-salon", topic, sizeof topic));
  CHECK_STR(topic, "sensors/esp32-salon/reading");
  CHECK(buildStatusTopic("esp32-salon", topic, sizeof topic));
  CHECK_STR(topic, "devices/esp32-salon/status");
  CHECK(buildCommandFilter("esp32-salon", topic, sizeof topic));
  CHECK_STR(topic, "commands/esp32-salon/#");
  CHECK_STR(kBroadcastFilter, "broadcast/#");
}

TEST(usernames_follow_the_shared_pattern) {
  CHECK(isValidUsername("esp32-abc_123"));
  CHECK(isValidUsername("abc"));
  const char* refused[] = {"ab", "Esp32", "-dev", "dev/1", "dev+", "dev#", "laurent@itercraft.com", ""};
  for (const char* name : refused) CHECK(!isValidUsername(name));
  char long65[66];
  for (int i = 0; i < 65; ++i) long65[i] = 'a';
  long65[65] = '\0';
  CHECK(!isValidUsername(long65));
  long65[64] = '\0';
  CHECK(isValidUsername(long65));
  char topic[96];
  CHECK(!buildSensorTopic("dev/1", topic, sizeof topic));
  CHECK(!buildSensorTopic("esp32-salon", topic, 20));  // too small
}

TEST(command_names_are_extracted_for_this_device_only) {
  CHECK_STR(commandNameOf("commands/esp32-salon/interval", "esp32-salon"), "interval");
  CHECK(commandNameOf("commands/esp32-salon-2/interval", "esp32-salon") == nullptr);
  CHECK(commandNameOf("commands/esp32-salon/interval/x", "esp32-salon") == nullptr);
  CHECK(commandNameOf("commands/esp32-salon/", "esp32-salon") == nullptr);
  CHECK(commandNameOf("broadcast/news", "esp32-salon") == nullptr);
}

static bool interval(const char* payload, uint32_t& out) { return parseIntervalCommand(payload, std::strlen(payload), out); }

TEST(interval_command_accepts_the_backend_payload) {
  uint32_t seconds = 0;
  CHECK(interval("{\"seconds\":60}", seconds));
  CHECK_EQ(seconds, 60u);
  CHECK(interval(" { \"seconds\" : 86400 }\n", seconds));
  CHECK_EQ(seconds, 86400u);
  CHECK(interval("{\"seconds\":10}", seconds));
  CHECK_EQ(seconds, 10u);
}

TEST(interval_command_refuses_anything_else) {
  uint32_t seconds = 42;
  const char* refused[] = {"60", "{\"seconds\":9}", "{\"seconds\":86401}", "{\"seconds\":-5}", "{\"seconds\":30.5}",
                           "{\"seconds\":1e3}", "{\"seconds\":060}", "{\"seconds\":\"60\"}", "{\"secs\":60}",
                           "{\"seconds\":60,\"x\":1}", "{\"seconds\":60}}", "{\"seconds\":99999999999}", "", "{"};
  for (const char* payload : refused) CHECK(!interval(payload, seconds));
  CHECK_EQ(seconds, 42u);  // untouched on refusal
  // not NUL-terminated: only `length` bytes count
  const char buffer[] = {'{', '"', 's', 'e', 'c', 'o', 'n', 'd', 's', '"', ':', '3', '0', '}', '7'};
  CHECK(parseIntervalCommand(buffer, 14, seconds));
  CHECK_EQ(seconds, 30u);
}

static IntervalChange apply(const char* payload, uint32_t& interval) { return applyIntervalCommand(payload, std::strlen(payload), interval); }

TEST(interval_command_changes_the_period_once) {
  uint32_t interval = 30;
  CHECK(apply("{\"seconds\":120}", interval) == IntervalChange::kApplied);
  CHECK_EQ(interval, 120u);
  // the retained command comes again at every connection: nothing new to persist
  CHECK(apply("{\"seconds\":120}", interval) == IntervalChange::kUnchanged);
  CHECK_EQ(interval, 120u);
  CHECK(apply("{\"seconds\":5}", interval) == IntervalChange::kRefused);
  CHECK(apply("", interval) == IntervalChange::kRefused);  // a cleared retained message
  CHECK_EQ(interval, 120u);
  CHECK(apply("{\"seconds\":10}", interval) == IntervalChange::kApplied);
  CHECK_EQ(interval, 10u);
}

TEST(startup_interval_prefers_a_command_saved_under_the_same_provisioning) {
  CHECK_EQ(startupInterval(60, 0, 0), 60u);        // fresh board: the provisioned period
  CHECK_EQ(startupInterval(60, 300, 60), 300u);    // a later command, saved under this header
  CHECK_EQ(startupInterval(90, 300, 60), 90u);     // re-flashed with a new header: its period wins
  CHECK_EQ(startupInterval(60, 5, 60), 60u);       // corrupt NVS value
  CHECK_EQ(startupInterval(99999, 0, 0), 30u);     // invalid header value: the backend's default
  CHECK_EQ(startupInterval(99999, 300, 99999), 300u);  // a command saved under that same header still counts
}
