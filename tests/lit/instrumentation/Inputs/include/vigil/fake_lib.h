// fake_lib.h — stands in for one of vigil's headers: it lives under a
// directory ending in include/vigil/, so nothing defined here is instrumented,
// its atomics included.
#pragma once

namespace fake {

struct counter {
  int plain = 0;
  int atomic = 0;

  int bump() {
    __atomic_fetch_add(&atomic, 1, __ATOMIC_RELEASE);
    return ++plain;
  }
};

template <class T> T load_twice(const T *p) { return *p + __atomic_load_n(p, __ATOMIC_ACQUIRE); }

inline auto make_reader() {
  return [](const int *p) { return *p; };
}

} // namespace fake
