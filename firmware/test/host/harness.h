// A tiny test harness for the host unit tests (no external framework): TEST registers a
// case, CHECK / CHECK_EQ / CHECK_NEAR / CHECK_STR record failures with file and line, and
// main() prints one machine-readable line that firmware/test/host.test.ts parses:
//   RESULTS tests=<n> checks=<n> failed=<n>
#pragma once
#include <cmath>
#include <cstdio>
#include <cstring>

namespace harness {

struct Case {
  const char* name;
  void (*run)();
  Case* next;
};

Case*& registry();
int& checks();
int& failures();
void fail(const char* file, int line, const char* what);

struct Register {
  Register(const char* name, void (*run)());
};

}  // namespace harness

#define TEST(name)                                              \
  static void test_##name();                                    \
  static harness::Register register_##name(#name, &test_##name); \
  static void test_##name()

#define CHECK(cond)                                                 \
  do {                                                              \
    ++harness::checks();                                            \
    if (!(cond)) harness::fail(__FILE__, __LINE__, "CHECK(" #cond ")"); \
  } while (0)

#define CHECK_EQ(actual, expected)                                                               \
  do {                                                                                           \
    ++harness::checks();                                                                         \
    if (!((actual) == (expected))) harness::fail(__FILE__, __LINE__, #actual " == " #expected); \
  } while (0)

#define CHECK_NEAR(actual, expected, tolerance)                                                  \
  do {                                                                                           \
    ++harness::checks();                                                                         \
    const double a_ = (actual), e_ = (expected);                                                 \
    if (!(std::fabs(a_ - e_) <= (tolerance))) {                                                  \
      char what_[160];                                                                           \
      std::snprintf(what_, sizeof what_, "%s ~ %s (got %.6f, want %.6f)", #actual, #expected, a_, e_); \
      harness::fail(__FILE__, __LINE__, what_);                                                  \
    }                                                                                            \
  } while (0)

#define CHECK_STR(actual, expected)                                                          \
  do {                                                                                       \
    ++harness::checks();                                                                     \
    const char* a_ = (actual);                                                               \
    const char* e_ = (expected);                                                             \
    if (a_ == nullptr || std::strcmp(a_, e_) != 0) {                                         \
      char what_[512];                                                                       \
      std::snprintf(what_, sizeof what_, "%s\n      got:  %s\n      want: %s", #actual, a_ ? a_ : "(null)", e_); \
      harness::fail(__FILE__, __LINE__, what_);                                              \
    }                                                                                        \
  } while (0)
