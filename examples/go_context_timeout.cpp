// go_context_timeout.cpp — a context with a 500 ms timeout stops two workers.
// Mirrors the Go article's "Context Cancellation" program (longRunningTask
// polling ctx.Done() with a default case, 200 ms of work per round,
// context.WithTimeout(500ms)). One deliberate change: the article's main sleeps
// 50 ms after <-ctx.Done() to "give workers time to print cancellation", but a
// worker may be 150 ms into its 200 ms sleep then, so in Go the cancellation
// lines usually never appear. Here main waits for both workers with a
// wait_group, so each of them reports its cancellation.
// Expected verdict: clean.
#include <vigil/vigil.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

using namespace std::chrono_literals;

void long_running_task(vigil::context ctx, std::string name, vigil::wait_group* wg) {
  for (bool cancelled = false; !cancelled;) {
    vigil::select(
        vigil::on_recv(ctx.done(), [&](std::optional<vigil::empty>) {
          std::printf("%s: cancelled (%s)\n", name.c_str(), ctx.err().message().c_str());
          cancelled = true;
        }),
        vigil::on_default([&] {
          std::printf("%s: working...\n", name.c_str());
          vigil::sleep_for(200ms);
        }));
  }
  wg->done();
}

int main() {
  // A context that is cancelled after 500 ms.
  auto [ctx, cancel] = vigil::with_timeout(vigil::background(), 500ms);

  vigil::wait_group wg;
  wg.add(2);
  vigil::go(long_running_task, ctx, "Worker-1", &wg);
  vigil::go(long_running_task, ctx, "Worker-2", &wg);

  // Wait for the context to expire, then for the workers to notice.
  ctx.done().recv();
  wg.wait();
  std::printf("All workers stopped\n");
  cancel();  // Go defers this: always release the context's resources
}
