#include "harness.h"
#include "itercraft/ring_buffer.h"

using itercraft::RingBuffer;

TEST(ring_buffer_is_fifo) {
  RingBuffer<int, 4> buffer;
  CHECK(buffer.empty());
  CHECK(buffer.push(1));
  CHECK(buffer.push(2));
  CHECK(buffer.push(3));
  CHECK_EQ(buffer.size(), 3u);
  CHECK_EQ(buffer.front(), 1);
  buffer.pop();
  CHECK_EQ(buffer.front(), 2);
  CHECK_EQ(buffer.at(1), 3);
  CHECK_EQ(buffer.dropped(), 0u);
}

TEST(ring_buffer_drops_the_oldest_when_full_and_counts_it) {
  RingBuffer<int, 3> buffer;
  for (int i = 1; i <= 3; ++i) CHECK(buffer.push(i));
  CHECK(buffer.full());
  CHECK(!buffer.push(4));
  CHECK(!buffer.push(5));
  CHECK_EQ(buffer.size(), 3u);
  CHECK_EQ(buffer.dropped(), 2u);
  CHECK_EQ(buffer.at(0), 3);
  CHECK_EQ(buffer.at(1), 4);
  CHECK_EQ(buffer.at(2), 5);
}

TEST(ring_buffer_wraps_many_times) {
  RingBuffer<int, 5> buffer;
  int next = 0, expected = 0;
  for (int round = 0; round < 100; ++round) {
    buffer.push(next++);
    buffer.push(next++);
    CHECK_EQ(buffer.front(), expected);
    buffer.pop();
    ++expected;
    if (buffer.size() >= 3) {
      while (!buffer.empty()) {
        CHECK_EQ(buffer.front(), expected++);
        buffer.pop();
      }
    }
  }
  CHECK_EQ(buffer.dropped(), 0u);
  buffer.pop();  // popping an empty buffer is harmless
  CHECK(buffer.empty());
}
