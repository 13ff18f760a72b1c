// stacks.cpp — the task stack pool: slabs of stack slots, guard pages, canaries.
//
// Debian's vm.max_map_count (65530) rules out one mapping plus a guard page
// per task when 100,000 tasks are alive, so stacks come in slabs of
// kSlotsPerSlab slots from one mapping each. A slot is [guard page | stack];
// its top holds the task struct. The guard page is installed with
// MADV_GUARD_INSTALL (Linux 6.13+), which does not split the mapping; on older
// kernels the guard page is plain memory and a canary word at the stack's
// lowest usable address, checked at every switch, catches overflows instead
// (with guards there is no canary: writing it would cost every task the
// stack's lowest page).
//
// Free slots: each proc keeps a small warm cache (owner-only); the global
// warm list takes the overflow; once the warm list has held more than
// kWarmGlobal slots for kTrimDelayNs without being drawn from, the excess is
// returned to the kernel (MADV_DONTNEED, batched) and kept in the cold array,
// so the memory of a million finished tasks goes back to the system.
//
// Invariants: g_slabs[0..g_nslabs) are immutable once published (release
// store of g_nslabs); a slot is in at most one of: a proc cache, the warm
// list, the cold array, or live use.

#include "sched/internal.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102
#endif

namespace vigil::detail {
namespace {

constexpr std::size_t kPage = 4096;
constexpr std::size_t kSlotsPerSlab = 64;
constexpr std::size_t kMaxSlabs = 1 << 16;  // 4M task slots
constexpr int kProcCacheMax = 64;  // a proc's own free tasks at most (stack_pool_get)
constexpr std::size_t kWarmGlobal = 4096;  // ~16 MiB of touched stack pages at most

std::size_t g_stack_size = 0;  // usable bytes per stack; set once at first use
std::size_t g_slot_size = 0;   // kPage guard + g_stack_size
bool g_guards = false;

raw_lock g_pool_lock;
unsigned char* g_slabs[kMaxSlabs];          // guarded by g_pool_lock for writers
std::atomic<std::size_t> g_nslabs{0};
// Free slots with their memory: a stack of task pointers (reserved like
// g_cold), not a list through the tasks, so that drawing a batch of them is
// not a chain of dependent cache misses over cold pages.
task** g_warm = nullptr;                    // guarded by g_pool_lock; reserved array
std::size_t g_warm_count = 0;               // guarded by g_pool_lock
task** g_cold = nullptr;                    // guarded by g_pool_lock; reserved array
std::size_t g_cold_count = 0;               // guarded by g_pool_lock
// Stacks beyond kWarmGlobal stay warm while tasks keep being created (a
// burst of 10,000 tasks must not fault its stacks in again every time) and
// are trimmed kTrimDelayNs after the last draw, by a timer.
constexpr std::int64_t kTrimDelayNs = 100'000'000;
std::int64_t g_last_draw_ns = 0;  // guarded by g_pool_lock
bool g_trim_armed = false;        // guarded by g_pool_lock


// VIGIL_STACK_GUARD=canary forces the fallback (to test it, or to compare).
bool guard_pages_wanted() {
  const char* v = std::getenv("VIGIL_STACK_GUARD");
  if (!v || !*v || std::strcmp(v, "page") == 0) return true;
  if (std::strcmp(v, "canary") == 0) return false;
  std::fprintf(stderr, "vigil: VIGIL_STACK_GUARD=%s is not valid (page or canary)\n", v);
  std::fflush(stderr);
  _exit(2);
}

void init_sizes() {
  if (g_slot_size) return;
  long s = parse_env_int("VIGIL_STACK_SIZE", 16 * 1024, 1L << 30, 64 * 1024);
  g_stack_size = (static_cast<std::size_t>(s) + kPage - 1) & ~(kPage - 1);
  g_slot_size = kPage + g_stack_size;
  void* cold = mmap(nullptr, kMaxSlabs * kSlotsPerSlab * sizeof(task*), PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (cold == MAP_FAILED) fatal("cannot reserve the stack pool's index");
  g_cold = static_cast<task**>(cold);
  void* warm = mmap(nullptr, kMaxSlabs * kSlotsPerSlab * sizeof(task*), PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (warm == MAP_FAILED) fatal("cannot reserve the stack pool's index");
  g_warm = static_cast<task**>(warm);
}

task* slot_task(unsigned char* slot) {
  unsigned char* hi = slot + g_slot_size;
  auto* t = reinterpret_cast<task*>(
      (reinterpret_cast<std::uintptr_t>(hi) - sizeof(task)) & ~std::uintptr_t(63));
  return t;
}

// (Re)initializes the task struct of a slot whose memory may be zero.
task* init_slot(unsigned char* slot) {
  task* t = ::new (slot_task(slot)) task();
  t->w.t = t;
  t->stack_lo = slot + kPage;
  t->stack_hi = slot + g_slot_size;
  // Without guard pages, a canary at the bottom (it costs the stack's lowest
  // page in memory; with guards, an untouched stack keeps only its top page).
  if (!g_guards) std::memcpy(t->stack_lo, &kCanary, sizeof kCanary);
  return t;
}

// Maps a new slab and puts all but one of its slots on the warm list.
// Requires g_pool_lock.
task* new_slab_locked() {
  std::size_t n = g_nslabs.load(std::memory_order_relaxed);
  if (n == kMaxSlabs) fatal("too many tasks (4M stacks in use)");
  std::size_t bytes = kSlotsPerSlab * g_slot_size;
  void* m = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  if (m == MAP_FAILED) {
    std::fprintf(stderr, "vigil: cannot map task stacks (%zu bytes): %s\n", bytes,
                 std::strerror(errno));
    std::abort();
  }
  auto* base = static_cast<unsigned char*>(m);
  if (n == 0) g_guards = guard_pages_wanted() && madvise(base, kPage, MADV_GUARD_INSTALL) == 0;
  task* first = nullptr;
  for (std::size_t i = 0; i < kSlotsPerSlab; ++i) {
    unsigned char* slot = base + i * g_slot_size;
    if (g_guards && madvise(slot, kPage, MADV_GUARD_INSTALL) != 0) fatal("MADV_GUARD_INSTALL failed");
    task* t = init_slot(slot);
    if (i == 0) {
      first = t;
    } else {
      g_warm[g_warm_count++] = t;
    }
  }
  g_slabs[n] = base;
  g_nslabs.store(n + 1, std::memory_order_release);
  return first;
}

task* global_get() {
  g_pool_lock.lock();
  init_sizes();
  task* t;
  if (g_warm_count) {
    t = g_warm[--g_warm_count];
    g_last_draw_ns = coarse_now_ns();
  } else if (g_cold_count) {
    // The slot's memory was dropped: recompute it from the task's address
    // (the struct ends within 63 bytes below the page-aligned slot end).
    task* c = g_cold[--g_cold_count];
    std::uintptr_t hi = (reinterpret_cast<std::uintptr_t>(c) + sizeof(task) + kPage - 1) & ~(kPage - 1);
    t = init_slot(reinterpret_cast<unsigned char*>(hi - g_slot_size));
  } else {
    t = new_slab_locked();
  }
  g_pool_lock.unlock();
  return t;
}

// Returns stacks' memory to the kernel: one madvise per run of adjacent slots.
void trim(task** batch, int n) {
  std::sort(batch, batch + n);
  for (int i = 0; i < n;) {
    // Slots of one slab are g_slot_size apart; the task struct sits at the
    // same offset in each, so adjacent slots have adjacent task pointers.
    int j = i + 1;
    while (j < n && reinterpret_cast<unsigned char*>(batch[j]) ==
                        reinterpret_cast<unsigned char*>(batch[j - 1]) + g_slot_size)
      ++j;
    // From the first stack's bottom to the last stack's top; the guard pages
    // in between survive MADV_DONTNEED, the task structs go (a cold slot is
    // re-initialized on reuse).
    unsigned char* lo = batch[i]->stack_lo;
    unsigned char* hi = batch[j - 1]->stack_hi;
    madvise(lo, static_cast<std::size_t>(hi - lo), MADV_DONTNEED);
    i = j;
  }
}

void arm_trim_locked();

// The trim timer: once nobody has drawn from the warm list for kTrimDelay,
// everything above kWarmGlobal goes back to the kernel.
void trim_fire(void*) {
  g_pool_lock.lock();
  g_trim_armed = false;
  if (coarse_now_ns() - g_last_draw_ns < kTrimDelayNs) {
    if (g_warm_count > kWarmGlobal) arm_trim_locked();  // still in use: look again later
    g_pool_lock.unlock();
    return;
  }
  for (;;) {
    constexpr int kBatch = 256;
    task* batch[kBatch];
    int n = 0;
    while (n < kBatch && g_warm_count > kWarmGlobal) {
      batch[n++] = g_warm[--g_warm_count];
    }
    g_pool_lock.unlock();
    if (n == 0) return;
    trim(batch, n);
    g_pool_lock.lock();
    for (int i = 0; i < n; ++i) g_cold[g_cold_count++] = batch[i];
  }
}

void arm_trim_locked() {
  if (g_trim_armed) return;
  g_trim_armed = true;
  timer_start_internal(now_ns() + kTrimDelayNs, 0, trim_fire, nullptr, nullptr, /*auto_free=*/true,
                       /*announce=*/false);
}

void global_put(task* t) {
  g_pool_lock.lock();
  g_warm[g_warm_count++] = t;
  if (g_warm_count > kWarmGlobal) arm_trim_locked();
  g_pool_lock.unlock();
}

}  // namespace

std::size_t task_stack_size() noexcept {
  if (!g_slot_size) {
    g_pool_lock.lock();
    init_sizes();
    g_pool_lock.unlock();
  }
  return g_stack_size;
}

bool stack_guards_installed() noexcept { return g_guards; }

// A proc's cache moves to and from the global pool in batches of half its
// size (Go's gfget/gfput): one lock per kProcCacheMax / 2 tasks when one
// proc creates the tasks and another ends them.
task* stack_pool_get(proc* p) noexcept {
  if (p && !p->free_tasks) {
    g_pool_lock.lock();
    while (g_warm_count && p->free_count < kProcCacheMax / 2) {
      task* t = g_warm[--g_warm_count];
      t->next = p->free_tasks;
      p->free_tasks = t;
      ++p->free_count;
    }
    if (p->free_tasks) g_last_draw_ns = coarse_now_ns();
    g_pool_lock.unlock();
  }
  if (p && p->free_tasks) {
    task* t = p->free_tasks;
    p->free_tasks = t->next;
    --p->free_count;
    t->next = nullptr;
    return t;
  }
  task* t = global_get();
  t->next = nullptr;
  return t;
}

void stack_pool_put(proc* p, task* t) noexcept {
  t->state.store(kTaskFree, std::memory_order_release);
  t->closure = nullptr;
  t->run = nullptr;
  if (!p) {
    global_put(t);
    return;
  }
  t->next = p->free_tasks;
  p->free_tasks = t;
  if (++p->free_count < kProcCacheMax) return;
  // Full: the older half goes to the global pool.
  task* keep_last = p->free_tasks;
  for (int i = 1; i < kProcCacheMax / 2; ++i) keep_last = keep_last->next;
  task* first = keep_last->next;
  keep_last->next = nullptr;
  p->free_count = kProcCacheMax / 2;
  g_pool_lock.lock();
  for (task* t = first; t; t = t->next) g_warm[g_warm_count++] = t;
  if (g_warm_count > kWarmGlobal) arm_trim_locked();
  g_pool_lock.unlock();
}

void for_each_task(void (*f)(task* t, void* arg), void* arg) noexcept {
  std::size_t n = g_nslabs.load(std::memory_order_acquire);
  for (std::size_t s = 0; s < n; ++s)
    for (std::size_t i = 0; i < kSlotsPerSlab; ++i) {
      unsigned char* slot = g_slabs[s] + i * g_slot_size;
      task* t = slot_task(slot);
      // A dropped (cold) slot reads as zeros: state kTaskFree.
      if (t->state.load(std::memory_order_acquire) != kTaskFree) f(t, arg);
    }
}

task* task_of_guard_address(const void* addr) noexcept {
  auto a = reinterpret_cast<const unsigned char*>(addr);
  std::size_t n = g_nslabs.load(std::memory_order_acquire);
  for (std::size_t s = 0; s < n; ++s) {
    unsigned char* base = g_slabs[s];
    if (a < base || a >= base + kSlotsPerSlab * g_slot_size) continue;
    std::size_t off = static_cast<std::size_t>(a - base) % g_slot_size;
    // The guard page, or (overflow by a large frame) anywhere in the lowest
    // page above it is still this slot's overflow.
    if (off < kPage) return slot_task(base + static_cast<std::size_t>(a - base) / g_slot_size * g_slot_size);
    return nullptr;
  }
  return nullptr;
}

}  // namespace vigil::detail
