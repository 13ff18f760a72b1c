// go_anonymous.cpp — anonymous tasks: a lambda started with its argument, and
// tasks started in a loop.
// Mirrors the Go article's snippet `go func(msg string) { ... }("Hello from an
// anonymous goroutine")` and its warning about loop variables: a lambda that
// captures `i` by value gets its own copy per iteration (Go 1.22's scoping);
// capturing it by reference would be the classic bug. A wait_group stands in
// for the rest of the program the snippet lives in.
// Expected verdict: clean.
#include <vigil/vigil.h>

#include <cstdio>
#include <string>

int main() {
  vigil::wait_group wg;

  wg.add(1);
  vigil::go([&wg](std::string msg) {
    std::printf("%s\n", msg.c_str());
    wg.done();
  }, "Hello from an anonymous goroutine");

  for (int i = 0; i < 3; i++) {
    wg.add(1);
    vigil::go([&wg, i] {  // [i]: this iteration's i, not the loop's variable
      std::printf("loop task %d\n", i);
      wg.done();
    });
  }
  wg.wait();
}
