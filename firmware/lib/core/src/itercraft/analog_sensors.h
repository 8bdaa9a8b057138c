// Conversions from calibrated ADC millivolts (analogReadMilliVolts) to physical values.
//
// NTC thermistor, voltage divider with the NTC on the HIGH side:
//
//     3V3 ──[ NTC 10 kΩ @ 25 °C, B = 3950 ]──●── GPIO34 (ADC1_CH6)
//                                            │
//                                     [ R 10 kΩ 1 % ]
//                                            │
//                                           GND
//
//   V = Vcc · R / (R + R_ntc)          so  R_ntc = R · (Vcc − V) / V
//   1/T = 1/T0 + ln(R_ntc / R0) / B     (B-parameter equation, T in kelvin)
//
// NTC on top means cold gives a low voltage and heat a high one. The ESP32's accurate
// ADC window at 11/12 dB attenuation (about 150 to 2450 mV) then covers roughly −20 to +55 °C,
// the range of a home and its garden. Readings near either rail mean an open or shorted
// sensor and give "missing" instead of an absurd temperature.
//
// Light: an LDR (GL5528 or similar) on the high side of a 10 kΩ divider on GPIO35
// (ADC1_CH7). More light means a lower LDR resistance and a higher voltage. Luminosity is
// that voltage as a percentage of Vcc: a relative brightness, not lux, as in the original.
#pragma once

namespace itercraft {

struct NtcDivider {
  float fixedOhms = 10000.0f;    // R, the 1 % resistor to ground
  float nominalOhms = 10000.0f;  // R0, the NTC at T0
  float nominalC = 25.0f;        // T0
  float beta = 3950.0f;          // B (K), from the thermistor's datasheet
  float supplyMv = 3300.0f;      // Vcc of the divider
  float railMarginMv = 50.0f;    // closer than this to 0 or Vcc: open or shorted
};

/** The NTC's resistance for a divider voltage; NaN near the rails. */
float ntcResistanceOhms(float millivolts, const NtcDivider& divider);

/** Temperature in °C for a divider voltage; NaN when the reading is unusable. */
float ntcTemperatureC(float millivolts, const NtcDivider& divider);

/** Luminosity in % (0..100, clamped) for the LDR divider voltage; NaN for a negative or non-finite input. */
float luminosityPercent(float millivolts, float supplyMv);

}  // namespace itercraft
