// go_sync_map.cpp — tasks share a vigil::sync_map: stable keys, many reads.
// Mirrors the Go article's advice "sync.Map for concurrent map access when keys
// are stable and reads dominate", which has no program of its own. Each task
// stores its own key once, then reads every key many times.
// Expected verdict: clean.
#include <vigil/vigil.h>

#include <cstdio>
#include <string>

int main() {
  vigil::sync_map<std::string, int> scores;
  const char* names[] = {"ada", "bob", "cy", "dee"};

  vigil::wait_group stored, read;
  stored.add(4);
  read.add(4);
  for (int i = 0; i < 4; i++) {
    vigil::go([&, i] {
      scores.store(names[i], 10 * (i + 1));
      stored.done();
      stored.wait();  // every key is present from here on
      long sum = 0;
      for (int round = 0; round < 100; round++)
        for (const char* n : names) sum += *scores.load(n);
      if (sum != 100 * 100) std::printf("task %d read a wrong sum %ld\n", i, sum);
      read.done();
    });
  }
  read.wait();

  auto [bob, loaded] = scores.load_or_store("bob", 0);
  std::printf("bob: %d (already present: %s)\n", bob, loaded ? "yes" : "no");
  int total = 0;
  scores.range([&](const std::string&, const int& v) {
    total += v;
    return true;
  });
  std::printf("total: %d\n", total);
}
