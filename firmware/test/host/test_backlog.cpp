#include <string>
#include <vector>

#include "harness.h"
#include "itercraft/backlog.h"

using namespace itercraft;

namespace {

/** Records payloads; fails on demand, like a broker that went away. */
class RecordingSink : public ReadingSink {
 public:
  std::vector<std::string> published;
  int failAfter = -1;  // publish this many, then fail

  bool publish(const char* payload, size_t length) override {
    if (failAfter >= 0 && static_cast<int>(published.size()) >= failAfter) return false;
    published.emplace_back(payload, length);
    return true;
  }
};

constexpr int64_t kNow = 1769940930000LL;  // 2026-02-01T10:15:30Z

Sample at(uint32_t uptimeMs, int64_t epochMs, float temperature) {
  Sample s;
  s.uptimeMs = uptimeMs;
  s.epochMs = epochMs;
  s.dhtTemperature = temperature;
  return s;
}

bool contains(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST(backlog_replays_oldest_first_with_original_timestamps) {
  RingBuffer<Sample, 8> backlog;
  backlog.push(at(1000, kNow - 60000, 20.0f));
  backlog.push(at(31000, kNow - 30000, 21.0f));
  backlog.push(at(61000, kNow, 22.0f));
  RecordingSink sink;
  const DrainResult r = drainBacklog(backlog, 61000, kNow, "salon", sink, 10);
  CHECK_EQ(r.published, 3u);
  CHECK(backlog.empty());
  CHECK_EQ(sink.published.size(), 3u);
  CHECK(contains(sink.published[0], "\"timestamp\":\"2026-02-01T10:14:30Z\""));
  CHECK(contains(sink.published[0], "\"dht_temperature\":20,"));
  CHECK(contains(sink.published[1], "\"timestamp\":\"2026-02-01T10:15:00Z\""));
  CHECK(contains(sink.published[2], "\"timestamp\":\"2026-02-01T10:15:30Z\""));
}

TEST(backlog_keeps_a_reading_whose_publish_failed) {
  RingBuffer<Sample, 8> backlog;
  for (int i = 0; i < 4; ++i) backlog.push(at(1000u * i, kNow - 1000 * (3 - i), 10.0f + i));
  RecordingSink sink;
  sink.failAfter = 2;
  DrainResult r = drainBacklog(backlog, 4000, kNow, "salon", sink, 10);
  CHECK_EQ(r.published, 2u);
  CHECK(r.publishFailed);
  CHECK_EQ(backlog.size(), 2u);
  sink.failAfter = -1;  // broker is back
  r = drainBacklog(backlog, 5000, kNow + 1000, "salon", sink, 10);
  CHECK_EQ(r.published, 2u);
  CHECK(backlog.empty());
  CHECK(contains(sink.published[2], "\"dht_temperature\":12,"));  // order preserved across the outage
  CHECK(contains(sink.published[3], "\"dht_temperature\":13,"));
}

TEST(backlog_dates_readings_taken_before_the_clock_was_set) {
  RingBuffer<Sample, 8> backlog;
  backlog.push(at(5000, 0, 19.0f));  // measured 5 s after boot, no NTP yet
  RecordingSink sink;
  DrainResult r = drainBacklog(backlog, 20000, 0, "salon", sink, 10);
  CHECK(r.waitingForClock);
  CHECK_EQ(r.published, 0u);
  CHECK_EQ(backlog.size(), 1u);
  r = drainBacklog(backlog, 65000, kNow, "salon", sink, 10);  // NTP arrived; the reading is 60 s old
  CHECK_EQ(r.published, 1u);
  CHECK(contains(sink.published[0], "\"timestamp\":\"2026-02-01T10:14:30Z\""));
}

TEST(backlog_resolves_times_across_the_millis_wrap) {
  Sample s = at(0xFFFFF000u, 0, 19.0f);  // 4096 ms before the 32-bit wrap
  CHECK_EQ(resolveEpochMs(s, 0x00000800u, kNow), kNow - 0x1800);  // 2048 ms after it
}

TEST(backlog_drains_in_bounded_steps_and_the_buffer_counts_drops) {
  RingBuffer<Sample, 3> backlog;
  for (int i = 0; i < 5; ++i) backlog.push(at(1000u * i, kNow - 1000 * (4 - i), static_cast<float>(i)));
  CHECK_EQ(backlog.dropped(), 2u);  // the two oldest went
  RecordingSink sink;
  DrainResult r = drainBacklog(backlog, 5000, kNow, "salon", sink, 2);
  CHECK_EQ(r.published, 2u);
  CHECK_EQ(backlog.size(), 1u);
  CHECK(contains(sink.published[0], "\"dht_temperature\":2,"));
}
