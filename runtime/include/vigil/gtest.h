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
//  - when vigil reported something (a race, a misuse, a lock-order
//    inversion, leaked tasks) while it ran — the failure message is the
//    report's summary line; the report itself is printed as always;
//  - when it leaves tasks behind: after the test body, the tasks it created
//    may finish or block for good (at most leak_grace_ms, 500 ms by default:
//    no fixed sleep), and those still alive are reported as leaked tasks,
//    grouped, and fail the test.
// Works with --gtest_filter, --gtest_repeat, --gtest_shuffle, death tests
// and parameterized tests: everything happens in the test's own
// OnTestEnd, outside the runtime's locks, in the process running the test.
//
// Not (yet) done: a race detected after the test that started its thread
// returned is charged to the test running at that moment; threads left
// joinable are reported at exit, not per test.
#ifndef VIGIL_GTEST_H
#define VIGIL_GTEST_H

#include <gtest/gtest.h>
#include <vigil/task.h>

#include <cstdint>
#include <string>

namespace vigil::gtest {

class listener : public ::testing::EmptyTestEventListener {
 public:
  void OnTestStart(const ::testing::TestInfo&) override {
    mark_ = vigil::leak_mark();
    reports_before_ = vigil::reports_made();
    repeats_before_ = vigil::reports_repeated();
  }

  // Appended listeners see OnTestEnd before GoogleTest's printer, while the
  // test is still the current one: a failure added here is the test's.
  void OnTestEnd(const ::testing::TestInfo&) override {
    std::size_t left = vigil::check_leaks(mark_);
    std::uint32_t now = vigil::reports_made();
    bool leak_reported = false;
    for (std::uint32_t i = reports_before_; i < now; i++) {
      std::string summary = vigil::report_summary(i);
      leak_reported |= summary.rfind("leaked tasks", 0) == 0;
      ADD_FAILURE() << "vigil: " << (summary.empty() ? std::string("a report (see above)") : summary);
    }
    // What an earlier test already reported (its race found again, tasks
    // leaked at the same site) is not printed twice, but fails this test too.
    std::uint32_t repeats = vigil::reports_repeated() - repeats_before_;
    if (left && !leak_reported)
      ADD_FAILURE() << "vigil: " << left << (left == 1 ? " task" : " tasks")
                    << " left behind by this test (the same as reported earlier)";
    else if (repeats && now == reports_before_)
      ADD_FAILURE() << "vigil: " << repeats << (repeats == 1 ? " report" : " reports")
                    << " made again (printed the first time)";
  }

 private:
  std::uint64_t mark_ = 0;
  std::uint32_t reports_before_ = 0, repeats_before_ = 0;
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
