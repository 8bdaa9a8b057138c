// The physical sensors: DHT22 (temperature, humidity), NTC thermistor, LDR.
#pragma once
#include <stdint.h>

#include "itercraft/sample.h"

namespace sensors {

void begin();

/** Reads every sensor once; a sensor that fails or reads an open/shorted line gives NaN. */
itercraft::Sample read(uint32_t uptimeMs, int64_t epochMs);

}  // namespace sensors
