// go_buffered.cpp — sends into a buffered channel do not block until it is full.
// Mirrors the Go article's "Buffered Channels" snippet (jobs with capacity 3,
// len and cap), made a complete program.
// Expected verdict: clean.
#include <vigil/vigil.h>

#include <cstdio>

int main() {
  // Buffered channel with a capacity of 3.
  vigil::chan<int> jobs = vigil::make_chan<int>(3);

  // These sends don't block because the buffer isn't full.
  jobs.send(1);
  jobs.send(2);
  jobs.send(3);

  // This would block because the buffer is full:
  // jobs.send(4);

  std::printf("Buffer length: %zu\n", jobs.len());    // 3
  std::printf("Buffer capacity: %zu\n", jobs.cap());  // 3
}
