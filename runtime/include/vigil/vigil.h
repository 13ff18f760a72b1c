// vigil.h — the umbrella header: Go's concurrency model for C++.
//
//   #include <vigil/vigil.h>
//
//   int main() {
//     vigil::chan<std::string> messages = vigil::make_chan<std::string>();
//     vigil::go([messages] { messages.send("ping"); });
//     std::printf("%s\n", messages.recv()->c_str());
//   }
//
// task.h     go, blocking, yield          chan.h     chan, send_chan, recv_chan, make_chan
// select.h   select, on_recv/on_send/on_default
// sync.h     wait_group, mutex, rw_mutex, once, sync_map
// time.h     after, sleep_for, ticker     context.h  context, with_cancel/timeout/deadline, task_group
//
// Build: `vigil-clang++ --no-detect app.cpp` links the library alone;
// `vigil-clang++ app.cpp` also instruments the program for the detector.

#ifndef VIGIL_VIGIL_H
#define VIGIL_VIGIL_H

#include <vigil/chan.h>
#include <vigil/context.h>
#include <vigil/select.h>
#include <vigil/sync.h>
#include <vigil/task.h>
#include <vigil/time.h>

#endif  // VIGIL_VIGIL_H
