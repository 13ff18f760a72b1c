// go_fan_in.cpp — fan-out to one task per URL, fan-in through one results channel.
// Mirrors the Go article's "Fan-Out / Fan-In" section, which has no program of
// its own: main reads until everything has arrived, which it knows because a
// closer task closes the results channel once every fetcher is done ("forget
// to close the results channel and the reader blocks forever"). Fetching is
// simulated by a short sleep; results arrive in any order.
// Expected verdict: clean.
#include <vigil/vigil.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace std::chrono_literals;

struct page {
  std::string url;
  std::size_t size;
};

page fetch(const std::string& url) {
  vigil::sleep_for(10ms * url.size());  // stands in for the network
  return {url, url.size() * 100};
}

int main() {
  std::vector<std::string> urls = {"https://go.dev", "https://isocpp.org",
                                   "https://llvm.org", "https://example.com"};
  vigil::chan<page> results = vigil::make_chan<page>();

  // Fan out: one task per URL.
  vigil::wait_group wg;
  for (const std::string& url : urls) {
    wg.add(1);
    vigil::go([results, &wg](std::string url) {
      results.send(fetch(url));
      wg.done();
    }, url);
  }

  // Close the results once every fetcher is done, or the loop below never ends.
  vigil::go([&wg, results] {
    wg.wait();
    results.close();
  });

  // Fan in.
  int n = 0;
  for (page p : results) {
    std::printf("Fetched %s: %zu bytes\n", p.url.c_str(), p.size);
    n++;
  }
  std::printf("Fetched %d pages\n", n);
}
