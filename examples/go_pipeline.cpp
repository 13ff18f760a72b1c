// go_pipeline.cpp — generate -> square -> filter -> print, one task per stage.
// Mirrors the Go article's "Pipeline" section ("Generate numbers, square them,
// filter odds, print"), which has no program of its own. Each stage owns its
// outbound channel and closes it when its inbound one is drained, so the close
// ripples down the pipeline and ends the final loop. The filter drops the odd
// squares.
// Expected verdict: clean.
#include <vigil/vigil.h>

#include <cstdio>

vigil::recv_chan<int> generate(int n) {
  vigil::chan<int> out = vigil::make_chan<int>();
  vigil::go([out, n] {
    for (int i = 1; i <= n; i++) out.send(i);
    out.close();
  });
  return out;
}

vigil::recv_chan<int> square(vigil::recv_chan<int> in) {
  vigil::chan<int> out = vigil::make_chan<int>();
  vigil::go([in, out] {
    for (int v : in) out.send(v * v);
    out.close();
  });
  return out;
}

vigil::recv_chan<int> filter_odds(vigil::recv_chan<int> in) {
  vigil::chan<int> out = vigil::make_chan<int>();
  vigil::go([in, out] {
    for (int v : in)
      if (v % 2 == 0) out.send(v);
    out.close();
  });
  return out;
}

int main() {
  for (int v : filter_odds(square(generate(10)))) std::printf("%d\n", v);
  std::printf("Pipeline done\n");
}
