// go_rwmutex.cpp — a map read by many tasks at once and written by one, under
// a vigil::rw_mutex.
// Mirrors the Go article's "Mutex and RWMutex" section ("sync.RWMutex allows
// multiple concurrent readers but only one writer"), which has no program of
// its own. std::shared_lock takes the read side, std::lock_guard the write side.
// Expected verdict: clean.
#include <vigil/vigil.h>

#include <cstdio>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>

class price_list {
 public:
  int get(const std::string& item) const {
    std::shared_lock lock(mu_);  // many readers at once
    auto it = prices_.find(item);
    return it == prices_.end() ? 0 : it->second;
  }
  void set(const std::string& item, int cents) {
    std::lock_guard lock(mu_);  // one writer, no readers
    prices_[item] = cents;
  }

 private:
  mutable vigil::rw_mutex mu_;
  std::map<std::string, int> prices_;  // guarded by mu_
};

int main() {
  price_list prices;
  prices.set("apple", 50);

  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&] {
    for (int cents = 51; cents <= 60; cents++) prices.set("apple", cents);
    wg.done();
  });
  for (int r = 0; r < 4; r++) {
    wg.add(1);
    vigil::go([&] {
      int last = 0;
      for (int i = 0; i < 100; i++) {
        int now = prices.get("apple");
        if (now < last) std::printf("price went backwards: %d after %d\n", now, last);
        last = now;
      }
      wg.done();
    });
  }
  wg.wait();
  std::printf("Final apple price: %d\n", prices.get("apple"));
}
