// go_waitgroup.cpp — main waits for five tasks with a wait_group.
// Mirrors the Go article's "WaitGroup" program (processItem 1..5, item i
// working i * 100 ms). add(1) comes before each go, never inside the task.
// Expected verdict: clean.
#include <vigil/vigil.h>

#include <chrono>
#include <cstdio>

using namespace std::chrono_literals;

void process_item(int id, vigil::wait_group* wg) {
  std::printf("Processing item %d...\n", id);
  vigil::sleep_for(id * 100ms);
  std::printf("Item %d done\n", id);
  wg->done();  // Go defers this; nothing above returns early
}

int main() {
  vigil::wait_group wg;
  for (int i = 1; i <= 5; i++) {
    wg.add(1);  // increment the counter before launching the task
    vigil::go(process_item, i, &wg);
  }
  wg.wait();  // block until every task called done()
  std::printf("All items processed!\n");
}
