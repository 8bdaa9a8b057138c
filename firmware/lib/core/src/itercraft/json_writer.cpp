#include "itercraft/json_writer.h"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace itercraft {

bool formatJsonNumber(double value, int decimals, char* out, size_t cap) {
  if (!std::isfinite(value) || std::fabs(value) >= 1e9 || decimals < 0 || decimals > 6) return false;
  const int written = std::snprintf(out, cap, "%.*f", decimals, value);
  if (written <= 0 || static_cast<size_t>(written) >= cap) return false;
  size_t len = static_cast<size_t>(written);
  // Some printf implementations use ',' under a foreign locale; JSON needs '.'.
  for (size_t i = 0; i < len; ++i) {
    if (out[i] == ',') out[i] = '.';
  }
  if (std::strchr(out, '.') != nullptr) {
    while (len > 0 && out[len - 1] == '0') out[--len] = '\0';
    if (len > 0 && out[len - 1] == '.') out[--len] = '\0';
  }
  // "-0" after rounding a tiny negative value: valid JSON, but say what we mean.
  if (std::strcmp(out, "-0") == 0) std::strcpy(out, "0");
  return true;
}

JsonObjectWriter::JsonObjectWriter(char* buffer, size_t capacity) : buffer_(buffer), capacity_(capacity) {
  if (capacity_ == 0) {
    overflow_ = true;
    return;
  }
  buffer_[0] = '\0';
  rawChar('{');
}

void JsonObjectWriter::rawChar(char c) {
  if (overflow_ || length_ + 1 >= capacity_) {
    overflow_ = true;
    return;
  }
  buffer_[length_++] = c;
  buffer_[length_] = '\0';
}

void JsonObjectWriter::raw(const char* text) {
  for (const char* p = text; *p != '\0'; ++p) rawChar(*p);
}

void JsonObjectWriter::quoted(const char* text) {
  rawChar('"');
  for (const unsigned char* p = reinterpret_cast<const unsigned char*>(text); *p != '\0'; ++p) {
    if (*p == '"' || *p == '\\') {
      rawChar('\\');
      rawChar(static_cast<char>(*p));
    } else if (*p < 0x20) {
      char escape[7];
      std::snprintf(escape, sizeof escape, "\\u%04x", *p);
      raw(escape);
    } else {
      rawChar(static_cast<char>(*p));  // UTF-8 bytes pass through unchanged
    }
  }
  rawChar('"');
}

void JsonObjectWriter::key(const char* name) {
  if (!first_) rawChar(',');
  first_ = false;
  quoted(name);
  rawChar(':');
}

JsonObjectWriter& JsonObjectWriter::string(const char* name, const char* value) {
  key(name);
  quoted(value);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::number(const char* name, double value, int decimals) {
  char text[32];
  if (!formatJsonNumber(value, decimals, text, sizeof text)) return null(name);
  key(name);
  raw(text);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::integer(const char* name, long long value) {
  char text[24];
  std::snprintf(text, sizeof text, "%lld", value);
  key(name);
  raw(text);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::null(const char* name) {
  key(name);
  raw("null");
  return *this;
}

size_t JsonObjectWriter::finish() {
  rawChar('}');
  return overflow_ ? 0 : length_;
}

}  // namespace itercraft
