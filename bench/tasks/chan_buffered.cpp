// chan_buffered: one producer task, one consumer task, a buffered channel.
//
// The producer sends kItems values through a channel of capacity kCap and
// closes it; the consumer ranges over it and sums. Mostly the buffer's fast
// path (neither side parks while the buffer is neither full nor empty), with a
// handoff each time one side catches up. Under detection: the send/receive
// edge of every buffered value and the k-th receive -> (k+C)-th send edge.
// Twin: go/chan_buffered/main.go.
//
// usage: chan_buffered
#include <vigil/vigil.h>

#include <cstdint>
#include <cstdio>

namespace {
constexpr int kItems = 8'000'000;
constexpr int kCap = 128;
}  // namespace

int main() {
  vigil::chan<std::int64_t> c = vigil::make_chan<std::int64_t>(kCap);
  std::int64_t sum = 0;  // written by the consumer, read by main after wait()
  vigil::wait_group wg;
  wg.add(2);
  vigil::go([c, &wg] {
    for (int i = 0; i < kItems; ++i) c.send(i);
    c.close();
    wg.done();
  });
  vigil::go([c, &wg, &sum] {
    for (std::int64_t v : c) sum += v;
    wg.done();
  });
  wg.wait();
  const bool ok = sum == std::int64_t{kItems} * (kItems - 1) / 2;
  std::printf("chan_buffered: items=%d cap=%d sum=%lld %s\n", kItems, kCap,
              static_cast<long long>(sum), ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
