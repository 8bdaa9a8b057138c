// The topic layout of shared/src/mqtt/topics.ts, built into caller-provided buffers.
//   sensors/<username>/reading   devices/<username>/status   commands/<username>/<name>
#pragma once
#include <cstddef>

namespace itercraft {

/** MQTT_USERNAME_PATTERN: ^[a-z0-9][a-z0-9_-]{2,63}$ */
bool isValidUsername(const char* username);

/** Each returns false when the username is invalid or the buffer too small. */
bool buildSensorTopic(const char* username, char* out, size_t cap);
bool buildStatusTopic(const char* username, char* out, size_t cap);
bool buildCommandFilter(const char* username, char* out, size_t cap);

constexpr const char* kBroadcastFilter = "broadcast/#";

/**
 * The command name in `commands/<username>/<name>` when the topic is addressed to this
 * username and has exactly one more level; nullptr otherwise.
 */
const char* commandNameOf(const char* topic, const char* username);

}  // namespace itercraft
