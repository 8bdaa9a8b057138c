// Commands from the backend (intervalCommandSchema in shared/src/mqtt/payload.ts).
#pragma once
#include <cstddef>
#include <cstdint>

namespace itercraft {

constexpr uint32_t kMinIntervalS = 10;
constexpr uint32_t kMaxIntervalS = 86400;

/**
 * Parses the payload of `commands/<username>/interval`: exactly `{"seconds":<integer>}`
 * (whitespace allowed), with 10 <= seconds <= 86400. `payload` need not be terminated.
 */
bool parseIntervalCommand(const char* payload, size_t length, uint32_t& seconds);

}  // namespace itercraft
