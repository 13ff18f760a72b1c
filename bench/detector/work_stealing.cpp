// work_stealing: a Chase-Lev work-stealing deque with fences, as in
// taskflow's executor and crossbeam's deque.
//
// One thread pushes tasks and pops some back; the others steal. A thief of
// an empty deque spins: top (acquire), a seq_cst fence, bottom (acquire) —
// every round a release fence that nothing publishes, and two loads of
// atomics every thread keeps re-reading. Tasks are plain data written before
// the push and read by whoever runs them.
//
// usage: work_stealing [threads=4]
#include <sched.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

static constexpr long kTasks = 2'000'000;
static constexpr int64_t kCapacity = 1024;  // a power of two

struct deque {
  alignas(64) std::atomic<int64_t> top{0};
  alignas(64) std::atomic<int64_t> bottom{0};
  alignas(64) std::atomic<long *> slots[kCapacity];

  bool push(long *task) {
    int64_t b = bottom.load(std::memory_order_relaxed);
    int64_t t = top.load(std::memory_order_acquire);
    if (b - t >= kCapacity) return false;
    slots[b & (kCapacity - 1)].store(task, std::memory_order_relaxed);
    bottom.store(b + 1, std::memory_order_release);
    return true;
  }
  long *pop() {
    int64_t b = bottom.load(std::memory_order_relaxed) - 1;
    // Release, not relaxed as in the classic code: a thief that reads this
    // value must still see the tasks pushed before (C++20 release sequences
    // do not continue through a plain store).
    bottom.store(b, std::memory_order_release);
    std::atomic_thread_fence(std::memory_order_seq_cst);
    int64_t t = top.load(std::memory_order_relaxed);
    if (t > b) {
      bottom.store(b + 1, std::memory_order_relaxed);
      return nullptr;
    }
    long *task = slots[b & (kCapacity - 1)].load(std::memory_order_relaxed);
    if (t == b) {
      if (!top.compare_exchange_strong(t, t + 1, std::memory_order_seq_cst, std::memory_order_relaxed))
        task = nullptr;
      bottom.store(b + 1, std::memory_order_relaxed);
    }
    return task;
  }
  long *steal() {
    int64_t t = top.load(std::memory_order_acquire);
    std::atomic_thread_fence(std::memory_order_seq_cst);
    int64_t b = bottom.load(std::memory_order_acquire);
    if (t >= b) return nullptr;
    long *task = slots[t & (kCapacity - 1)].load(std::memory_order_relaxed);
    if (!top.compare_exchange_strong(t, t + 1, std::memory_order_seq_cst, std::memory_order_relaxed)) return nullptr;
    return task;
  }
};

int main(int argc, char **argv) {
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 4;
  if (threads < 2) threads = 2;
  deque q;
  std::vector<long> tasks(kTasks);
  std::vector<long> sums(threads);
  std::atomic<bool> done{false};
  auto run = [&tasks](long *task) { return *task * 3 + 1; };
  std::vector<std::thread> thieves;
  for (unsigned i = 1; i < threads; i++)
    thieves.emplace_back([&, i] {
      long sum = 0;
      for (;;) {
        if (long *task = q.steal()) {
          sum += run(task);
          continue;
        }
        if (done.load(std::memory_order_acquire)) break;
        sched_yield();
      }
      sums[i] = sum;
    });
  long sum = 0;
  for (long i = 0; i < kTasks; i++) {
    tasks[i] = i;
    while (!q.push(&tasks[i]))
      if (long *task = q.pop()) sum += run(task);
    if (i % 4 == 3)
      if (long *task = q.pop()) sum += run(task);
  }
  while (long *task = q.pop()) sum += run(task);
  done.store(true, std::memory_order_release);
  for (auto &t : thieves) t.join();
  sums[0] = sum;
  long total = 0, want = 0;
  for (long s : sums) total += s;
  for (long i = 0; i < kTasks; i++) want += i * 3 + 1;
  std::printf("work_stealing: threads=%u tasks=%ld %s\n", threads, kTasks, total == want ? "OK" : "FAIL");
  return total == want ? 0 : 1;
}
