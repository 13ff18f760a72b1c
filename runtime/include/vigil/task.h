// task.h — vigil::go, the M:N scheduler's tasks, and vigil::blocking.
//
// Example:
//
//   #include <vigil/vigil.h>
//
//   vigil::wait_group wg;
//   for (int i = 0; i < 3; ++i) {
//     wg.add(1);
//     vigil::go([&wg](int id) { std::printf("task %d\n", id); wg.done(); }, i);
//   }
//   wg.wait();
//
// A task is Go's goroutine: a function running on a fiber with its own small
// stack (64 KiB, VIGIL_STACK_SIZE bytes), scheduled on VIGIL_PROCS worker
// threads (default: the number of cores) that steal work from each other.
// Idle workers sleep in the kernel; they never spin.
//
// Blocking: a task that waits on a vigil primitive (channel, select,
// sleep_for, mutex, wait_group, once) parks its fiber; the worker runs other
// tasks meanwhile. A task may resume on another worker after any such wait:
// thread_local variables (and errno's address) belong to the worker, not the
// task. A task that makes a blocking system call or waits on a std::mutex /
// std::condition_variable blocks its worker: wrap such calls in
// vigil::blocking(). Main and plain std::threads may use every primitive; they
// block their own thread.
//
// Program end: when main returns or exit() runs, workers stop at their next
// switch and live tasks are abandoned without unwinding (as in Go). When every
// task and every thread in the process is parked on vigil primitives with no
// timer pending, vigil prints "all tasks are asleep — deadlock" with every
// parked task and exits with status 66. SIGQUIT prints every task with its
// state and stack, then exits with status 2 (Go's behaviour).
//
// Misuse: an exception escaping a task's function is reported with the site
// that started the task, then the program aborts (std::terminate semantics,
// as for std::thread). Stack overflow is reported as such and exits 66.
//
// Happens-before: the call to go() happens before the task's function starts.
// The end of a task synchronizes with nothing; join it through a primitive
// (wait_group, a channel, task_group).

#ifndef VIGIL_TASK_H
#define VIGIL_TASK_H

#include <vigil/detail/core.h>

#include <exception>
#include <functional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

namespace vigil {

namespace detail {
template <class Closure>
void run_closure(void* p) noexcept {
  auto* c = static_cast<Closure*>(p);
  try {
    std::apply(
        [](auto&& f, auto&&... a) {
          std::invoke(std::move(f), std::move(a)...);
          // Not a tail call: the task's body (inlined here) keeps a frame of
          // its own, so the stack of a task blocked in its last statement
          // names that statement (leak and deadlock reports).
          asm volatile("" ::: "memory");
        },
        std::move(*c));
  } catch (const std::exception& e) {
    task_exception(e.what());
  } catch (...) {
    task_exception(nullptr);
  }
  c->~Closure();
}
}  // namespace detail

// go — starts f(args...) as a new task and returns at once.
// f and args are decay-copied (moved when rvalues) as by std::thread; the
// task invokes the copies as rvalues. Usable from tasks, main and any thread.
// The first call starts the workers.
template <class F, class... Args>
__attribute__((noinline)) void go(F&& f, Args&&... args) {
  using closure = std::tuple<std::decay_t<F>, std::decay_t<Args>...>;
  static_assert(std::is_invocable_v<std::decay_t<F>, std::decay_t<Args>...>,
                "vigil::go: f is not callable with these arguments (as rvalue copies)");
  detail::new_task nt = detail::task_create(sizeof(closure), alignof(closure),
                                            &detail::run_closure<closure>,
                                            __builtin_return_address(0));
  ::new (nt.closure) closure(std::forward<F>(f), std::forward<Args>(args)...);
  detail::task_start(nt.t);
}

// blocking — runs f() (a blocking system call, a std::mutex, a foreign wait)
// and returns its result. Called from a task, the worker's other tasks are
// handed to another thread while f runs on this one, so they keep running
// (Go's system-call handoff); f runs on the calling thread, so errno and
// thread_locals behave as usual. From main or a plain thread it just calls f.
// Exceptions from f propagate.
template <class F>
decltype(auto) blocking(F&& f) {
  struct leave {
    bool entered;
    ~leave() {
      if (entered) detail::blocking_leave();
    }
  } guard{detail::blocking_enter()};
  return std::invoke(std::forward<F>(f));
}

// yield — lets other runnable tasks run (Go's runtime.Gosched). No-op outside tasks.
VIGIL_API void yield() noexcept;

// check_leaks — reports the tasks alive now (other than the caller) as leaked
// tasks, grouped by where they were created and where they wait, after
// letting them finish or block for good for at most the leak_grace_ms option
// (500 ms); returns how many were left. The same check runs at exit. Useful
// at the end of a test: every task it started should be gone. With a mark
// from leak_mark(), only tasks created after the mark count (a test's own).
VIGIL_API std::size_t check_leaks(std::uint64_t since_mark = 0) noexcept;
// leak_mark — a mark for check_leaks(): tasks created from now on are newer.
VIGIL_API std::uint64_t leak_mark() noexcept;

// reports_made — how many reports (races, leaks, misuse, ...) this process
// has made so far; report_summary(i) — the i-th one's summary line
// ("data race file.cpp:9:6 in f()"), for the last 64 (else empty). For test
// frameworks: vigil/gtest.h fails the test during which a report was made.
VIGIL_API std::uint32_t reports_made() noexcept;
// reports_repeated — findings not printed again because an earlier report had
// the same sites (a test run twice finds its race twice; it is printed once).
VIGIL_API std::uint32_t reports_repeated() noexcept;
VIGIL_API std::string report_summary(std::uint32_t index);
// report_epoch — the leak_mark() value current when the youngest thread or
// task report i is about was created (0: from before the first mark, or not
// known): vigil/gtest.h charges a report to the test that started it.
VIGIL_API std::uint64_t report_epoch(std::uint32_t index) noexcept;

// procs — the number of worker threads (VIGIL_PROCS, default: cores).
VIGIL_API int procs() noexcept;

// set_procs — changes the number of worker threads (Go's GOMAXPROCS), 1..256,
// and returns the previous number. Takes effect at each worker's next switch.
VIGIL_API int set_procs(int n) noexcept;

}  // namespace vigil

#endif  // VIGIL_TASK_H
