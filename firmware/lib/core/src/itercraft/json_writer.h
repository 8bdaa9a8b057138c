// A tiny bounded JSON object writer: no heap, no locale surprises, numbers that are
// always valid JSON (NaN and infinities become null, never "nan").
#pragma once
#include <cstddef>

namespace itercraft {

/**
 * Formats `value` rounded to `decimals` places with trailing zeros trimmed:
 * 20.7 -> "20.7", 52.0 -> "52", -0.004 -> "0", 1e30 -> false (out of range for a sensor).
 * Returns false for non-finite values, |value| >= 1e9 or a too small buffer.
 */
bool formatJsonNumber(double value, int decimals, char* out, size_t cap);

class JsonObjectWriter {
 public:
  JsonObjectWriter(char* buffer, size_t capacity);

  JsonObjectWriter& string(const char* key, const char* value);
  /** A number, or null when `value` is not finite. */
  JsonObjectWriter& number(const char* key, double value, int decimals);
  JsonObjectWriter& integer(const char* key, long long value);
  JsonObjectWriter& null(const char* key);

  /** Closes the object; returns its length, or 0 if anything did not fit. */
  size_t finish();

 private:
  void raw(const char* text);
  void rawChar(char c);
  void key(const char* name);
  void quoted(const char* text);

  char* buffer_;
  size_t capacity_;
  size_t length_ = 0;
  bool first_ = true;
  bool overflow_ = false;
};

}  // namespace itercraft
