// Readings waiting for the broker, replayed oldest first with their original timestamps.
#pragma once
#include <cstddef>
#include <cstdint>

#include "itercraft/reading_payload.h"
#include "itercraft/ring_buffer.h"
#include "itercraft/sample.h"

namespace itercraft {

/** 720 readings = 6 h at the default 30 s period, about 23 KB of RAM. */
constexpr size_t kBacklogCapacity = 720;
using Backlog = RingBuffer<Sample, kBacklogCapacity>;

/** Where drained readings go: the MQTT client on the board, a recorder in the host tests. */
class ReadingSink {
 public:
  virtual ~ReadingSink() = default;
  /** Publishes one payload; true only once the broker acknowledged it (QoS 1 PUBACK). */
  virtual bool publish(const char* payload, size_t length) = 0;
};

struct DrainResult {
  size_t published = 0;
  /** True when draining stopped because the clock is not set yet. */
  bool waitingForClock = false;
  /** True when draining stopped because a publish failed (broker gone). */
  bool publishFailed = false;
  /** Readings discarded because no payload could be built (a device name too long for the buffer). */
  size_t unpublishable = 0;
};

/**
 * Publishes up to `maxMessages` readings from the front of `backlog`. A reading leaves the
 * backlog only after a successful publish, so a failure keeps it (and the order) for the next
 * attempt. Readings taken before the clock was set get their time from their uptime now.
 */
template <size_t N>
DrainResult drainBacklog(RingBuffer<Sample, N>& backlog, uint32_t nowUptimeMs, int64_t nowEpochMs, const char* deviceName,
                         ReadingSink& sink, size_t maxMessages) {
  DrainResult result;
  char payload[512];
  while (!backlog.empty() && result.published < maxMessages) {
    const int64_t measuredAt = resolveEpochMs(backlog.front(), nowUptimeMs, nowEpochMs);
    if (measuredAt == 0) {
      result.waitingForClock = true;
      break;
    }
    const size_t length = buildReadingPayload(backlog.front(), measuredAt, deviceName, payload, sizeof payload);
    // 0 only for a device name too long for the buffer: a configuration error, not a reason to block forever
    if (length > 0 && !sink.publish(payload, length)) {
      result.publishFailed = true;
      break;
    }
    backlog.pop();
    ++(length > 0 ? result.published : result.unpublishable);
  }
  return result;
}

}  // namespace itercraft
