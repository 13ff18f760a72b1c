// select3: a consumer selects over three producers' unbuffered channels.
//
// Three producer tasks each send kPerProducer values on their own unbuffered
// channel and close it. The consumer task loops on a select over the three
// receive cases; a closed channel is replaced by the nil channel (never ready)
// until all three are closed, as Go code does. Checks the sum and that every
// producer's values all arrived. Under detection: select's park on several
// channels and the edges of the chosen case. Twin: go/select3/main.go.
//
// usage: select3
#include <vigil/vigil.h>

#include <cstdint>
#include <cstdio>
#include <optional>

namespace {
constexpr int kProducers = 3;
constexpr int kPerProducer = 200'000;
}  // namespace

int main() {
  vigil::chan<std::int64_t> in[kProducers];
  for (auto& c : in) c = vigil::make_chan<std::int64_t>();
  for (int p = 0; p < kProducers; ++p)
    vigil::go([c = in[p], p] {
      for (int i = 0; i < kPerProducer; ++i) c.send(std::int64_t{i} * kProducers + p);
      c.close();
    });

  // Written by the consumer, read by main after wait().
  std::int64_t sum = 0;
  std::int64_t count[kProducers] = {};
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([in, &sum, &count, &wg]() mutable {
    int open = kProducers;
    while (open > 0) {
      int closed = -1;
      auto take = [&](int p) {
        return [&, p](std::optional<std::int64_t> v) {
          if (!v) {
            closed = p;
            return;
          }
          sum += *v;
          ++count[p];
        };
      };
      vigil::select(vigil::on_recv(in[0], take(0)), vigil::on_recv(in[1], take(1)),
                    vigil::on_recv(in[2], take(2)));
      if (closed >= 0) {
        in[closed] = vigil::chan<std::int64_t>();  // nil: never ready again
        --open;
      }
    }
    wg.done();
  });
  wg.wait();

  const std::int64_t n = std::int64_t{kProducers} * kPerProducer;
  bool ok = sum == n * (n - 1) / 2;
  for (std::int64_t c : count) ok = ok && c == kPerProducer;
  std::printf("select3: producers=%d per_producer=%d counts=%lld,%lld,%lld sum=%lld %s\n", kProducers,
              kPerProducer, static_cast<long long>(count[0]), static_cast<long long>(count[1]),
              static_cast<long long>(count[2]), static_cast<long long>(sum), ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
