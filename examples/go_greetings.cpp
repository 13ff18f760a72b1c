// go_greetings.cpp — two tasks greet in turn while main sleeps.
// Mirrors the Go article's first program ("Goroutines: Lightweight Threads":
// sayHello("Goroutine A") and sayHello("Goroutine B") started with `go`).
// The two tasks' lines interleave in any order; main's sleep is the article's
// admitted hack (a task still running when main returns is abandoned).
// Expected verdict: clean.
#include <vigil/vigil.h>

#include <chrono>
#include <cstdio>
#include <string>

using namespace std::chrono_literals;

void say_hello(std::string name) {
  for (int i = 0; i < 3; i++) {
    std::printf("Hello from %s (iteration %d)\n", name.c_str(), i);
    vigil::sleep_for(100ms);
  }
}

int main() {
  // Launch two tasks.
  vigil::go(say_hello, "Goroutine A");
  vigil::go(say_hello, "Goroutine B");

  // Give the tasks time to finish.
  vigil::sleep_for(500ms);
  std::printf("Main function done\n");
}
