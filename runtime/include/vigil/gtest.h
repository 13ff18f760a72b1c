// gtest.h — per-test verdicts for GoogleTest suites run under vigil.
//
//   #include <vigil/gtest.h>
//   int main(int argc, char** argv) {
//     ::testing::InitGoogleTest(&argc, argv);
//     vigil::gtest::install();          // or link Vigil::gtest_main (CMake)
//     return RUN_ALL_TESTS();
//   }
//
// Each test then fails:
//  - when vigil reported something (a race, a misuse, a deadlock, a
//    lock-order inversion, leaked tasks) while it ran — the failure message
//    is the report's summary line; the report itself is printed as always.
//    A report about a thread or task that an earlier test started (a thread
//    left running after its test) is charged to that test, not to the one
//    running when it was found: it is named on the output, and this test
//    does not fail for it;
//  - when it leaves tasks behind: after the test body, the tasks it created
//    may finish or block for good (at most leak_grace_ms, 500 ms by default:
//    no fixed sleep), and those still alive are reported as leaked tasks,
//    grouped, and fail the test;
//  - when it leaves threads it created neither joined nor detached (under
//    detection, which tracks threads): reported as a thread leak, grouped.
// Works with --gtest_filter, --gtest_repeat, --gtest_shuffle, death tests
// and parameterized tests: everything happens in the test's own
// OnTestEnd, outside the runtime's locks, in the process running the test.
#ifndef VIGIL_GTEST_H
#define VIGIL_GTEST_H

#include <gtest/gtest.h>
#include <vigil/task.h>

#include <cstdint>
#include <cstdio>
#include <iterator>
#include <map>
#include <string>

namespace vigil::gtest {

class listener : public ::testing::EmptyTestEventListener {
 public:
  void OnTestStart(const ::testing::TestInfo& info) override {
    mark_ = vigil::leak_mark();
    started_[mark_] = std::string(info.test_suite_name()) + "." + info.name();
    reports_before_ = vigil::reports_made();
    repeats_before_ = vigil::reports_repeated();
  }
  // Appended listeners see OnTestEnd before GoogleTest's printer, while the
  // test is still the current one: a failure added here is the test's.
  void OnTestEnd(const ::testing::TestInfo&) override {
    std::size_t left = vigil::check_leaks(mark_);
    std::uint32_t now = vigil::reports_made();
    bool leak_reported = false, charged = false;
    for (std::uint32_t i = reports_before_; i < now; i++) {
      std::string summary = vigil::report_summary(i);
      if (summary.empty()) summary = "a report (see above)";
      // Made by a thread or task an earlier test started: that test's.
      std::uint64_t epoch = vigil::report_epoch(i);
      if (epoch != 0 && epoch < mark_) {
        std::string owner = started_by(epoch);
        if (!owner.empty()) {
          std::printf("vigil: %s — about a thread or task that test %s started: charged to %s, not to this test\n",
                      summary.c_str(), owner.c_str(), owner.c_str());
          std::fflush(stdout);
          continue;
        }
      }
      charged = true;
      leak_reported |= summary.rfind("leaked tasks", 0) == 0 || summary.rfind("thread leak", 0) == 0;
      ADD_FAILURE() << "vigil: " << summary;
    }
    // What an earlier test already reported (its race found again, tasks
    // leaked at the same site) is not printed twice, but fails this test too.
    std::uint32_t repeats = vigil::reports_repeated() - repeats_before_;
    if (left && !leak_reported)
      ADD_FAILURE() << "vigil: " << left << (left == 1 ? " task or thread" : " tasks or threads")
                    << " left behind by this test (the same as reported earlier)";
    else if (repeats && !charged && !left)
      ADD_FAILURE() << "vigil: " << repeats << (repeats == 1 ? " report" : " reports")
                    << " made again (printed the first time)";
    // Threads and tasks started from now until the next test (a suite's
    // SetUp/TearDown) belong to no test: their reports fail the test that
    // finds them.
    started_[vigil::leak_mark()] = std::string();
  }

 private:
  // The test that was running when leak epoch `epoch` began ("" if none).
  std::string started_by(std::uint64_t epoch) const {
    auto it = started_.upper_bound(epoch);
    return it == started_.begin() ? std::string() : std::prev(it)->second;
  }
  std::uint64_t mark_ = 0;
  std::uint32_t reports_before_ = 0, repeats_before_ = 0;
  std::map<std::uint64_t, std::string> started_;  // leak mark -> the test started then
};

// Appends vigil's listener (after InitGoogleTest, before RUN_ALL_TESTS).
inline void install() {
  ::testing::UnitTest::GetInstance()->listeners().Append(new listener);
}

}  // namespace vigil::gtest

// A main() that runs every test with vigil's listener.
#define VIGIL_GTEST_MAIN()                      \
  int main(int argc, char** argv) {             \
    ::testing::InitGoogleTest(&argc, argv);     \
    ::vigil::gtest::install();                  \
    return RUN_ALL_TESTS();                     \
  }

#endif  // VIGIL_GTEST_H
