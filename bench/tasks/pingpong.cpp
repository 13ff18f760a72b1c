// pingpong: two tasks bounce a value over two unbuffered channels.
//
// The pinger sends i on `ping` and waits for it on `pong`; the echo task sends
// back what it receives until `ping` is closed. Every round is two handoffs
// with a park and a wake-up each (the scheduler keeps the pair on one worker
// through runnext). Under detection: the send/receive edges of an unbuffered
// channel, both ways, and a task switch per handoff. Twin: go/pingpong/main.go.
//
// usage: pingpong
#include <vigil/vigil.h>

#include <cstdint>
#include <cstdio>

namespace {
constexpr int kRounds = 1'500'000;
}  // namespace

int main() {
  vigil::chan<int> ping = vigil::make_chan<int>(), pong = vigil::make_chan<int>();
  std::int64_t sum = 0;  // written by the pinger, read by main after wait()
  vigil::wait_group wg;
  wg.add(2);
  vigil::go([ping, pong, &wg] {
    for (int v : ping) pong.send(v);
    wg.done();
  });
  vigil::go([ping, pong, &wg, &sum] {
    for (int i = 0; i < kRounds; ++i) {
      ping.send(i);
      sum += *pong.recv();
    }
    ping.close();
    wg.done();
  });
  wg.wait();
  const bool ok = sum == std::int64_t{kRounds} * (kRounds - 1) / 2;
  std::printf("pingpong: rounds=%d sum=%lld %s\n", kRounds, static_cast<long long>(sum),
              ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
