#include "harness.h"

namespace harness {

Case*& registry() {
  static Case* head = nullptr;
  return head;
}
int& checks() {
  static int count = 0;
  return count;
}
int& failures() {
  static int count = 0;
  return count;
}

static const char* currentTest = "";

void fail(const char* file, int line, const char* what) {
  ++failures();
  std::printf("FAIL %s (%s:%d): %s\n", currentTest, file, line, what);
}

Register::Register(const char* name, void (*run)()) {
  // Append so that tests run in declaration order within a file.
  static Case storage[256];
  static int used = 0;
  if (used == 256) {
    std::printf("FAIL harness: more than 256 tests\n");
    ++failures();
    return;
  }
  Case* node = &storage[used++];
  *node = Case{name, run, nullptr};
  Case** tail = &registry();
  while (*tail != nullptr) tail = &(*tail)->next;
  *tail = node;
}

}  // namespace harness

int main() {
  int tests = 0;
  for (harness::Case* c = harness::registry(); c != nullptr; c = c->next) {
    harness::currentTest = c->name;
    const int before = harness::failures();
    c->run();
    std::printf("%s %s\n", harness::failures() == before ? "ok  " : "FAIL", c->name);
    ++tests;
  }
  std::printf("RESULTS tests=%d checks=%d failed=%d\n", tests, harness::checks(), harness::failures());
  return harness::failures() == 0 && tests > 0 ? 0 : 1;
}
