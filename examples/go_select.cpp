// go_select.cpp — select takes whichever of an API and a cache answers first,
// with a timeout.
// Mirrors the Go article's "Select Statement and Multiplexing" program
// (fetchFromAPI after 200 ms, fetchFromCache after 50 ms, time.After 1 s).
// Normally prints "Got from cache: Cache hit"; on a badly overloaded machine
// another case may win, which is still correct select behaviour.
// Expected verdict: clean.
#include <vigil/vigil.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

using namespace std::chrono_literals;

void fetch_from_api(vigil::send_chan<std::string> ch) {
  vigil::sleep_for(200ms);
  ch.send("API response");
}

void fetch_from_cache(vigil::send_chan<std::string> ch) {
  vigil::sleep_for(50ms);
  ch.send("Cache hit");
}

int main() {
  vigil::chan<std::string> api_ch = vigil::make_chan<std::string>(1);
  vigil::chan<std::string> cache_ch = vigil::make_chan<std::string>(1);

  vigil::go(fetch_from_api, api_ch);
  vigil::go(fetch_from_cache, cache_ch);

  // Use select to take whichever responds first.
  vigil::select(
      vigil::on_recv(api_ch, [](std::optional<std::string> result) {
        std::printf("Got from API: %s\n", result->c_str());
      }),
      vigil::on_recv(cache_ch, [](std::optional<std::string> result) {
        std::printf("Got from cache: %s\n", result->c_str());
      }),
      vigil::on_recv(vigil::after(1s), [](auto) {
        std::printf("Timeout! Neither responded in time\n");
      }));
}
