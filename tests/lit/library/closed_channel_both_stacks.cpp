// RUN: %vigil_cxx -O1 %s -o %t
// RUN: %run_race %t close 2>&1 | FileCheck %s --check-prefix=CLOSE
// RUN: %run_race %t send 2>&1 | FileCheck %s --check-prefix=SEND
// RUN: %vigil_cxx --no-detect -O1 -g %s -o %t.nd
// RUN: %run_race %t.nd send 2>&1 | FileCheck %s --check-prefix=SEND
// VERDICT: misuse
// A misuse of a closed channel shows the offending call *and* the close that
// made it wrong (its call site), with who closed it (a task here).
#include <vigil/vigil.h>
#include <cstring>

void shutdown(vigil::chan<int> jobs) { jobs.close(); }

int main(int argc, char** argv) {
  auto jobs = vigil::make_chan<int>(4);
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([jobs, &wg] {
    shutdown(jobs);
    wg.done();
  });
  wg.wait();
  if (!std::strcmp(argv[1], "close")) jobs.close();
  jobs.send(1);
}

// CLOSE:      WARNING: vigil: close of closed channel
// CLOSE-NEXT:   In main thread:
// CLOSE-NEXT:     #0 main {{.*}}closed_channel_both_stacks.cpp:23:
// CLOSE:        Closed by task {{[0-9]+}} at:
// CLOSE-NEXT:     #0 shutdown(vigil::chan<int>) {{.*}}closed_channel_both_stacks.cpp:12:
// CLOSE:      SUMMARY: vigil: close of closed channel {{.*}}closed_channel_both_stacks.cpp:23:
// SEND:       WARNING: vigil: send on closed channel
// SEND-NEXT:    In main thread:
// SEND-NEXT:      #0 main {{.*}}closed_channel_both_stacks.cpp:24:
// SEND:         Closed by task {{[0-9]+}} at:
// SEND-NEXT:      #0 shutdown(vigil::chan<int>) {{.*}}closed_channel_both_stacks.cpp:12:
