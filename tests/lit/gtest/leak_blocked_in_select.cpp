// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// RUN: %run_race %t 2>&1 | FileCheck %s
// VERDICT: per-test
// A background loop selecting on its requests and a quit channel is left
// blocked in select when the test never closes quit: the test fails naming
// the select. Closing quit at the end of the test lets the loop return and
// the test passes.
#include <vigil/gtest.h>
#include <vigil/vigil.h>

namespace {

void serve(vigil::chan<int> requests, vigil::chan<int> replies, vigil::chan<bool> quit) {
  for (bool done = false; !done;)
    vigil::select(vigil::on_recv(requests, [&](std::optional<int> r) { replies.send(*r * 2); }),
                  vigil::on_recv(quit, [&](std::optional<bool>) { done = true; }));
}

TEST(SelectLeak, ANeverClosesQuit) {
  auto requests = vigil::make_chan<int>(), replies = vigil::make_chan<int>();
  auto quit = vigil::make_chan<bool>();
  vigil::go(serve, requests, replies, quit);
  requests.send(21);
  EXPECT_EQ(*replies.recv(), 42);
}

TEST(SelectLeak, BClosesQuit) {
  auto requests = vigil::make_chan<int>(), replies = vigil::make_chan<int>();
  auto quit = vigil::make_chan<bool>();
  vigil::go(serve, requests, replies, quit);
  requests.send(21);
  EXPECT_EQ(*replies.recv(), 42);
  quit.close();
}

}  // namespace

VIGIL_GTEST_MAIN()

// CHECK:      [ RUN      ] SelectLeak.ANeverClosesQuit
// CHECK-NEXT: ==================
// CHECK-NEXT: WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked in select when checked (vigil::check_leaks)
// CHECK-EMPTY:
// CHECK-NEXT:   Blocked in select (task {{[0-9]+}}):
// CHECK-NEXT:     #0 {{.*}}serve(vigil::chan<int>, vigil::chan<int>, vigil::chan<bool>) {{.*}}leak_blocked_in_select.cpp:15:
// CHECK:        Task {{[0-9]+}} (blocked in select, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 {{.*}}SelectLeak_ANeverClosesQuit_Test::TestBody() {{.*}}leak_blocked_in_select.cpp:22:
// CHECK:      SUMMARY: vigil: leaked tasks {{.*}}leak_blocked_in_select.cpp:15:{{[0-9]+}} in {{.*}}serve(
// CHECK-NEXT: ==================
// CHECK-NEXT: {{.*}}gtest.h:{{[0-9]+}}: Failure
// CHECK-NEXT: Failed
// CHECK-NEXT: vigil: leaked tasks {{.*}}leak_blocked_in_select.cpp:15:{{[0-9]+}} in {{.*}}serve(
// CHECK-NEXT: [  FAILED  ] SelectLeak.ANeverClosesQuit (
// CHECK-NEXT: [ RUN      ] SelectLeak.BClosesQuit
// CHECK-NEXT: [       OK ] SelectLeak.BClosesQuit (
// CHECK:      [  PASSED  ] 1 test.
// CHECK-NEXT: [  FAILED  ] 1 test, listed below:
// CHECK-NEXT: [  FAILED  ] SelectLeak.ANeverClosesQuit
// CHECK:      1 FAILED TEST
// CHECK-NOT:  WARNING: vigil
