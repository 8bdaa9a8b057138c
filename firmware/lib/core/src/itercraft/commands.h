// Commands from the backend (intervalCommandSchema in shared/src/mqtt/payload.ts).
#pragma once
#include <cstddef>
#include <cstdint>

namespace itercraft {

constexpr uint32_t kMinIntervalS = 10;
constexpr uint32_t kMaxIntervalS = 86400;
/** The period of a header that carries no valid ITERCRAFT_INTERVAL_S (the backend's default). */
constexpr uint32_t kFallbackIntervalS = 30;

/**
 * Parses the payload of `commands/<username>/interval`: exactly `{"seconds":<integer>}`
 * (whitespace allowed), with 10 <= seconds <= 86400. `payload` need not be terminated.
 */
bool parseIntervalCommand(const char* payload, size_t length, uint32_t& seconds);

/** What an interval command did to the board's period. */
enum class IntervalChange {
  kApplied,    // a new valid period: use it and persist it
  kUnchanged,  // the period it already has (the retained command at every connection): nothing to write
  kRefused,    // not a valid command: the period is kept
};

/**
 * Applies the payload of `commands/<username>/interval` to `intervalS`. The backend publishes it
 * retained, so the board gets it again at every connection: kUnchanged then, so the caller does not
 * rewrite flash (NVS) on each reconnect.
 */
IntervalChange applyIntervalCommand(const char* payload, size_t length, uint32_t& intervalS);

/**
 * The period a board starts with. `storedS` is what an interval command saved in NVS (0: none) and
 * `storedForS` the provisioned period in force when it was saved: a board flashed with a new
 * credentials.h (another ITERCRAFT_INTERVAL_S) starts with the new provisioned period, not with the
 * previous provisioning's command. Anything out of bounds falls back to the provisioned period, and
 * an invalid provisioned period to 30 s.
 */
uint32_t startupInterval(uint32_t provisionedS, uint32_t storedS, uint32_t storedForS);

}  // namespace itercraft
