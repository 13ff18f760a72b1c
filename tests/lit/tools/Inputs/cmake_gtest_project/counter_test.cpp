// A small suite: two correct tests and one with a data race.
#include <gtest/gtest.h>

#include <mutex>
#include <thread>

namespace {

struct counter {
  std::mutex mu;
  int locked_value = 0;
  int racy_value = 0;
  void add_locked() {
    std::lock_guard<std::mutex> l(mu);
    locked_value++;
  }
  void add_racy() { racy_value++; }
};

TEST(Counter, LockedIncrementsFromTwoThreads) {
  counter c;
  std::thread t([&] { c.add_locked(); });
  c.add_locked();
  t.join();
  EXPECT_EQ(c.locked_value, 2);
}

TEST(Counter, JoinOrdersTheIncrements) {
  counter c;
  std::thread t([&] { c.add_racy(); });
  t.join();
  c.add_racy();
  EXPECT_EQ(c.racy_value, 2);
}

TEST(Counter, RacyIncrementsFromTwoThreads) {
  counter c;
  std::thread t([&] { c.add_racy(); });
  c.add_racy();
  t.join();
  EXPECT_EQ(c.racy_value, 2);
}

}  // namespace
