// ISO-8601 UTC timestamps without libc time zones (gmtime is not reentrant and the
// host and ESP32 newlib disagree on corner cases; this is plain arithmetic).
#pragma once
#include <cstddef>
#include <cstdint>

namespace itercraft {

/**
 * Writes `2026-02-01T10:15:30Z` (seconds precision, always UTC with `Z`, which the
 * backend's schema accepts as an offset). Returns false for years outside 1970..9999
 * or when `cap` is too small (21 bytes with the terminator).
 */
bool formatIsoUtc(int64_t epochMs, char* out, size_t cap);

}  // namespace itercraft
