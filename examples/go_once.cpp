// go_once.cpp — lazy initialization with vigil::once.
// Mirrors the Go article's "sync.Once" section ("Lazy initialization. Config
// loading. ... First caller runs it, everyone else blocks until it's done,
// then returns immediately."), which has no program of its own.
// "Loading config..." is printed exactly once, before any task uses the config.
// Expected verdict: clean.
#include <vigil/vigil.h>

#include <chrono>
#include <cstdio>
#include <string>

using namespace std::chrono_literals;

struct config {
  std::string database_url;
  int pool_size = 0;
};

const config& get_config() {
  static vigil::once load_once;
  static config cfg;  // written once, inside load_once
  load_once.call([] {
    std::printf("Loading config...\n");
    vigil::sleep_for(50ms);  // a slow load: other callers wait for it
    cfg = config{"postgres://db.internal/app", 8};
  });
  return cfg;
}

int main() {
  vigil::wait_group wg;
  for (int i = 1; i <= 5; i++) {
    wg.add(1);
    vigil::go([&wg, i] {
      const config& c = get_config();
      std::printf("Task %d: %s, pool size %d\n", i, c.database_url.c_str(), c.pool_size);
      wg.done();
    });
  }
  wg.wait();
}
