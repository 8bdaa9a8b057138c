#include <cmath>

#include "harness.h"
#include "itercraft/analog_sensors.h"

using namespace itercraft;

// Forward model, written independently of the code under test: the divider voltage a
// B-parameter NTC at `celsius` produces with the NTC on the high side.
static float dividerMv(float celsius, const NtcDivider& d) {
  const double t = celsius + 273.15, t0 = d.nominalC + 273.15;
  const double ntcOhms = d.nominalOhms * std::exp(d.beta * (1.0 / t - 1.0 / t0));
  return static_cast<float>(d.supplyMv * d.fixedOhms / (d.fixedOhms + ntcOhms));
}

TEST(ntc_reads_25_degrees_at_mid_supply) {
  NtcDivider d;
  CHECK_NEAR(ntcResistanceOhms(1650.0f, d), 10000.0, 0.5);
  CHECK_NEAR(ntcTemperatureC(1650.0f, d), 25.0, 0.01);
}

TEST(ntc_inverts_the_divider_over_the_home_range) {
  NtcDivider d;
  for (float celsius = -20.0f; celsius <= 55.0f; celsius += 5.0f) {
    CHECK_NEAR(ntcTemperatureC(dividerMv(celsius, d), d), celsius, 0.02);
  }
  CHECK(dividerMv(-20.0f, d) < dividerMv(0.0f, d));  // cold gives the low voltage
}

TEST(ntc_honours_other_constants) {
  NtcDivider d;
  d.beta = 3435.0f;
  d.nominalOhms = 100000.0f;
  d.fixedOhms = 100000.0f;
  CHECK_NEAR(ntcTemperatureC(dividerMv(-10.0f, d), d), -10.0, 0.02);
  CHECK_NEAR(ntcTemperatureC(dividerMv(40.0f, d), d), 40.0, 0.02);
}

TEST(ntc_reports_open_or_shorted_sensors_as_missing) {
  NtcDivider d;
  CHECK(std::isnan(ntcTemperatureC(0.0f, d)));       // NTC open: no current, 0 V
  CHECK(std::isnan(ntcTemperatureC(3300.0f, d)));    // NTC shorted: full supply
  CHECK(std::isnan(ntcTemperatureC(3260.0f, d)));    // within the rail margin
  CHECK(std::isnan(ntcTemperatureC(NAN, d)));
  CHECK(std::isfinite(ntcTemperatureC(60.0f, d)));
}

TEST(luminosity_is_a_percentage_of_the_supply) {
  CHECK_NEAR(luminosityPercent(1650.0f, 3300.0f), 50.0, 1e-4);
  CHECK_NEAR(luminosityPercent(0.0f, 3300.0f), 0.0, 1e-6);
  CHECK_NEAR(luminosityPercent(3400.0f, 3300.0f), 100.0, 1e-6);  // ADC overshoot is clamped
  CHECK(std::isnan(luminosityPercent(-1.0f, 3300.0f)));
  CHECK(std::isnan(luminosityPercent(NAN, 3300.0f)));
}
