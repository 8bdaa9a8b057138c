// Fixed-capacity FIFO that keeps the newest items: when full, a push drops the oldest and
// counts it. Holds readings while the broker is unreachable. No heap, no Arduino.
#pragma once
#include <cstddef>
#include <cstdint>

namespace itercraft {

template <typename T, size_t Capacity>
class RingBuffer {
  static_assert(Capacity > 0, "capacity must be positive");

 public:
  /** Appends `item`; returns false when the oldest item had to be dropped to make room. */
  bool push(const T& item) {
    bool kept = true;
    if (count_ == Capacity) {
      head_ = (head_ + 1) % Capacity;
      --count_;
      ++dropped_;
      kept = false;
    }
    items_[(head_ + count_) % Capacity] = item;
    ++count_;
    return kept;
  }

  /** The oldest item. Only valid when !empty(). */
  const T& front() const { return items_[head_]; }

  /** Removes the oldest item; does nothing when empty. */
  void pop() {
    if (count_ == 0) return;
    head_ = (head_ + 1) % Capacity;
    --count_;
  }

  /** The i-th oldest item (0 = front). Only valid for i < size(). */
  const T& at(size_t i) const { return items_[(head_ + i) % Capacity]; }

  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  bool full() const { return count_ == Capacity; }
  static constexpr size_t capacity() { return Capacity; }
  /** Items dropped because the buffer was full, since construction. */
  uint32_t dropped() const { return dropped_; }

 private:
  T items_[Capacity] = {};
  size_t head_ = 0;
  size_t count_ = 0;
  uint32_t dropped_ = 0;
};

}  // namespace itercraft
