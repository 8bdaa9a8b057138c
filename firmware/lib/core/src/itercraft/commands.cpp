#include "itercraft/commands.h"

#include <cstring>

namespace itercraft {
namespace {

/** A cursor over an unterminated buffer. */
struct Cursor {
  const char* p;
  const char* end;

  void skipSpace() {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) ++p;
  }
  bool take(const char* token) {
    skipSpace();
    const size_t n = std::strlen(token);
    if (static_cast<size_t>(end - p) < n || std::strncmp(p, token, n) != 0) return false;
    p += n;
    return true;
  }
  bool unsignedInteger(uint32_t& value) {
    skipSpace();
    uint64_t acc = 0;
    const char* start = p;
    while (p < end && *p >= '0' && *p <= '9') {
      acc = acc * 10 + static_cast<uint64_t>(*p - '0');
      if (acc > 0xFFFFFFFFull) return false;
      ++p;
    }
    // JSON forbids leading zeros ("010"), and a fraction or exponent is not an integer
    if (p == start || (*start == '0' && p - start > 1)) return false;
    if (p < end && (*p == '.' || *p == 'e' || *p == 'E')) return false;
    value = static_cast<uint32_t>(acc);
    return true;
  }
};

}  // namespace

bool parseIntervalCommand(const char* payload, size_t length, uint32_t& seconds) {
  if (payload == nullptr) return false;
  Cursor c{payload, payload + length};
  uint32_t value = 0;
  if (!c.take("{") || !c.take("\"seconds\"") || !c.take(":") || !c.unsignedInteger(value) || !c.take("}")) return false;
  c.skipSpace();
  if (c.p != c.end) return false;
  if (value < kMinIntervalS || value > kMaxIntervalS) return false;
  seconds = value;
  return true;
}

IntervalChange applyIntervalCommand(const char* payload, size_t length, uint32_t& intervalS) {
  uint32_t seconds = 0;
  if (!parseIntervalCommand(payload, length, seconds)) return IntervalChange::kRefused;
  if (seconds == intervalS) return IntervalChange::kUnchanged;
  intervalS = seconds;
  return IntervalChange::kApplied;
}

namespace {
bool inBounds(uint32_t seconds) { return seconds >= kMinIntervalS && seconds <= kMaxIntervalS; }
}  // namespace

uint32_t startupInterval(uint32_t provisionedS, uint32_t storedS, uint32_t storedForS) {
  const uint32_t provisioned = inBounds(provisionedS) ? provisionedS : kFallbackIntervalS;
  if (!inBounds(storedS) || storedForS != provisionedS) return provisioned;
  return storedS;
}

}  // namespace itercraft
