// pipeline: generate -> square -> sum, three tasks over unbuffered channels.
//
// The Go blog's pipeline, with heap items: generate allocates an item and
// fills `value`, square reads it and writes `square`, sum reads that, frees
// the item and, once its input is closed, sends the total to main. Each item
// is plain memory handed from task to task only by channel edges, so under
// detection every stage's accesses are checked against the previous stage's
// (and the free against all of them). Twin: go/pipeline/main.go.
//
// usage: pipeline
#include <vigil/vigil.h>

#include <cstdint>
#include <cstdio>

namespace {
constexpr int kItems = 1'500'000;

struct item {
  std::int64_t value = 0;
  std::int64_t square = 0;
};

vigil::recv_chan<item*> generate(int n) {
  vigil::chan<item*> out = vigil::make_chan<item*>();
  vigil::go([out, n] {
    for (int i = 0; i < n; ++i) out.send(new item{i, 0});
    out.close();
  });
  return out;
}

vigil::recv_chan<item*> square(vigil::recv_chan<item*> in) {
  vigil::chan<item*> out = vigil::make_chan<item*>();
  vigil::go([in, out] {
    for (item* it : in) {
      it->square = it->value * it->value;
      out.send(it);
    }
    out.close();
  });
  return out;
}

vigil::recv_chan<std::int64_t> sum(vigil::recv_chan<item*> in) {
  vigil::chan<std::int64_t> out = vigil::make_chan<std::int64_t>();
  vigil::go([in, out] {
    std::int64_t total = 0;
    for (item* it : in) {
      total += it->square;
      delete it;
    }
    out.send(total);
  });
  return out;
}
}  // namespace

int main() {
  const std::int64_t total = *sum(square(generate(kItems))).recv();
  const std::int64_t n = kItems;
  // The sum of i*i for i < n, halved first so that it cannot overflow.
  const bool ok = total == (n - 1) * n / 2 * (2 * n - 1) / 3;
  std::printf("pipeline: items=%d sum_of_squares=%lld %s\n", kItems, static_cast<long long>(total),
              ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
