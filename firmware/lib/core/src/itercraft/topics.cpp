#include "itercraft/topics.h"

#include <cstdio>
#include <cstring>

namespace itercraft {
namespace {

bool isLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool build(const char* format, const char* username, char* out, size_t cap) {
  if (!isValidUsername(username)) return false;
  const int written = std::snprintf(out, cap, format, username);
  return written > 0 && static_cast<size_t>(written) < cap;
}

}  // namespace

bool isValidUsername(const char* username) {
  if (username == nullptr || !isLowerAlnum(username[0])) return false;
  size_t length = 1;
  for (const char* p = username + 1; *p != '\0'; ++p, ++length) {
    if (!isLowerAlnum(*p) && *p != '_' && *p != '-') return false;
  }
  return length >= 3 && length <= 64;
}

bool buildSensorTopic(const char* username, char* out, size_t cap) { return build("sensors/%s/reading", username, out, cap); }

bool buildStatusTopic(const char* username, char* out, size_t cap) { return build("devices/%s/status", username, out, cap); }

bool buildCommandFilter(const char* username, char* out, size_t cap) { return build("commands/%s/#", username, out, cap); }

const char* commandNameOf(const char* topic, const char* username) {
  static const char kPrefix[] = "commands/";
  const size_t prefixLength = sizeof kPrefix - 1;
  if (topic == nullptr || !isValidUsername(username) || std::strncmp(topic, kPrefix, prefixLength) != 0) return nullptr;
  const char* rest = topic + prefixLength;
  const size_t userLength = std::strlen(username);
  if (std::strncmp(rest, username, userLength) != 0 || rest[userLength] != '/') return nullptr;
  const char* name = rest + userLength + 1;
  if (*name == '\0' || std::strchr(name, '/') != nullptr) return nullptr;
  return name;
}

}  // namespace itercraft
