// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// RUN: %run_race %t 2>&1 | FileCheck %s
// VERDICT: per-test
// A test that leaves two tasks blocked sending on a channel nobody reads
// fails, and the leak report names the group (where they wait, the channel,
// where they were made) and its count. The tests after it start and finish
// tasks of their own and pass: the leak is charged to the leaking test only,
// and the tasks it left are not reported again at exit.
#include <vigil/gtest.h>
#include <vigil/vigil.h>

namespace {

void produce(vigil::chan<int> out, int v) {
  out.send(v);  // blocks for good: the test returned without reading
}

TEST(ChannelLeak, AForgetsToReadTheResults) {
  auto results = vigil::make_chan<int>();
  for (int i = 1; i <= 2; i++) vigil::go(produce, results, i);
}

TEST(ChannelLeak, BReadsAllTheResults) {
  auto results = vigil::make_chan<int>();
  for (int i = 1; i <= 2; i++) vigil::go(produce, results, i);
  EXPECT_EQ(*results.recv() + *results.recv(), 3);
}

TEST(ChannelLeak, CNoTasksAtAll) { EXPECT_TRUE(true); }

}  // namespace

VIGIL_GTEST_MAIN()

// CHECK:      [ RUN      ] ChannelLeak.AForgetsToReadTheResults
// CHECK-NEXT: ==================
// CHECK-NEXT: WARNING: vigil: leaked tasks
// CHECK-NEXT:   2 tasks are blocked in chan send when checked (vigil::check_leaks)
// CHECK:        Blocked in chan send (task {{[0-9]+}} and 1 more like it):
// CHECK-NEXT:     #0 {{.*}}produce(vigil::chan<int>, int) {{.*}}leak_on_channel_then_pass.cpp:15:
// CHECK:        On chan<int> (unbuffered), made at:
// CHECK-NEXT:     #0 {{.*}}ChannelLeak_AForgetsToReadTheResults_Test::TestBody() {{.*}}leak_on_channel_then_pass.cpp:19:
// CHECK:        Task {{[0-9]+}} (blocked in chan send, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 {{.*}}ChannelLeak_AForgetsToReadTheResults_Test::TestBody() {{.*}}leak_on_channel_then_pass.cpp:20:
// CHECK:      SUMMARY: vigil: leaked tasks {{.*}}leak_on_channel_then_pass.cpp:15:{{[0-9]+}} in {{.*}}produce(vigil::chan<int>, int)
// CHECK:      gtest.h:{{[0-9]+}}: Failure
// CHECK-NEXT: Failed
// CHECK-NEXT: vigil: leaked tasks {{.*}}leak_on_channel_then_pass.cpp:15:{{[0-9]+}} in {{.*}}produce(vigil::chan<int>, int)
// CHECK-NEXT: [  FAILED  ] ChannelLeak.AForgetsToReadTheResults (
// CHECK-NEXT: [ RUN      ] ChannelLeak.BReadsAllTheResults
// CHECK-NEXT: [       OK ] ChannelLeak.BReadsAllTheResults (
// CHECK-NEXT: [ RUN      ] ChannelLeak.CNoTasksAtAll
// CHECK-NEXT: [       OK ] ChannelLeak.CNoTasksAtAll (
// CHECK:      [  PASSED  ] 2 tests.
// CHECK-NEXT: [  FAILED  ] 1 test, listed below:
// CHECK-NEXT: [  FAILED  ] ChannelLeak.AForgetsToReadTheResults
// CHECK:      1 FAILED TEST
// CHECK-NOT:  WARNING: vigil
