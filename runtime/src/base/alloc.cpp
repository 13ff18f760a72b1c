// alloc.cpp — vigil's own heap, on its own mappings.
//
// The runtime's structures (clocks, read sets, write lists, report text)
// never live in the program's malloc heap: a program's heap corruption cannot
// reach them, their reuse cannot be mistaken for the program's memory, and
// the program's allocation pattern does not fragment them.
//
// Layout. Memory comes in 256 KiB chunks, aligned to their size, carved from
// large reserved arenas (MAP_NORESERVE: committed as touched). A chunk serves
// one size class; its header says which, so a block's class is found from
// its address alone (p rounded down to the chunk). A request above the
// largest class gets a mapping of its own that starts with the same header
// (class kLarge, and the mapping's size; freed, it stays mapped for reuse,
// see alloc_large). Freed blocks of a class go to the
// class's free list and are reused; small-class memory is not returned to
// the kernel (like TSan's internal allocator).
//
// Concurrency: each thread keeps a few free blocks per class (t_cache, no
// lock); it refills from and spills to the class's shared free list in
// batches, under the class's lock, which also guards the bump range; chunks
// are handed out under g_chunk_mu. Read sets and clock snapshots come and go
// at the rate of releases, from every thread: without the thread caches the
// class locks are what the threads wait on. A thread's cache goes back to
// the shared lists when it exits (internal_alloc_thread_exit).
#include "alloc.h"

#include <vigil/detail/raw_lock.h>

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"
#include "compiler.h"
#include "text.h"

namespace vigil::base {

using ::vigil::detail::raw_lock;
using ::vigil::detail::raw_lock_guard;

// The soft address-space limit (ulimit -v) in bytes, or 0 if there is none.
uint64_t address_space_limit() {
  struct rlimit rl;
  if (syscall(SYS_getrlimit, RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) return 0;
  return rl.rlim_cur;
}

void cannot_reserve(size_t size, const char *what, int err) {
  char msg[900];
  text_buffer t(msg, sizeof msg);
  const char *why = strerrordesc_np(err);
  t.str("vigil: cannot reserve ").dec(size >> 20).str(" MiB of address space for ").str(what).str(" (")
      .str(why ? why : "unknown error").chr(')');
  if (uint64_t limit = address_space_limit())
    t.str(": the address-space limit (ulimit -v) is ").dec(limit >> 10)
        .str(" KiB. vigil reserves its shadow memory up front and commits it only as it is used: "
             "3.5 GiB of address space per 1-GiB region of memory the program touches (a small program "
             "needs about 12 GiB in all). Run it with `ulimit -v unlimited`");
  t.chr('\n');
  raw_write(2, t.c_str(), t.size());
  syscall(SYS_exit_group, 70);
}

// Raw system calls: the runtime's own mappings must not go through its mmap
// interceptor (which resets shadow and expects a running runtime).
void *map_reserve(size_t size, const char *what) {
  long p = syscall(SYS_mmap, nullptr, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == -1) cannot_reserve(size, what, errno);
  return reinterpret_cast<void *>(p);
}
void unmap(void *p, size_t size) { syscall(SYS_munmap, p, size); }

namespace {

constexpr size_t kChunkSize = size_t{256} << 10;
// Address space per arena: 64 GiB, or an eighth of an address-space limit
// (ulimit -v) when there is one (at least 512 MiB): the runtime's own heap
// then grows in more, smaller arenas.
size_t arena_size() {
  static size_t size;  // atomic: computed once, the same value by every caller
  size_t s = __atomic_load_n(&size, __ATOMIC_RELAXED);
  if (s) return s;
  s = size_t{64} << 30;
  if (uint64_t limit = address_space_limit()) {
    uint64_t eighth = limit / 8 & ~((uint64_t{1} << 29) - 1);
    if (eighth < s) s = eighth < (size_t{512} << 20) ? size_t{512} << 20 : eighth;
  }
  __atomic_store_n(&size, s, __ATOMIC_RELAXED);
  return s;
}
constexpr size_t kHeader = 64;                     // chunk header, keeps blocks 64-aligned at the start

// Size classes: 16-byte steps to 256, then four per power of two up to 64 KiB.
constexpr unsigned kLarge = 255;
constexpr size_t kMaxSmall = size_t{64} << 10;

constexpr unsigned class_count() {
  unsigned n = 256 / 16;
  for (size_t p = 256; p < kMaxSmall; p *= 2) n += 4;
  return n;
}
constexpr unsigned kClasses = class_count();

constexpr size_t class_size(unsigned c) {
  if (c < 16) return (c + 1) * 16;
  unsigned k = c - 16;
  size_t base = size_t{256} << (k / 4);
  return base + (base / 4) * (k % 4 + 1);
}
static_assert(class_size(15) == 256 && class_size(16) == 320 && class_size(19) == 512, "class steps");
static_assert(class_size(kClasses - 1) == kMaxSmall, "largest class");

unsigned class_of(size_t n) {
  if (n <= 256) return n == 0 ? 0 : static_cast<unsigned>((n - 1) / 16);
  unsigned log = 63 - static_cast<unsigned>(__builtin_clzll(n - 1));  // 2^log < n <= 2^(log+1)
  size_t base = size_t{1} << log;
  unsigned quarter = static_cast<unsigned>((n - 1 - base) / (base / 4));  // 0..3
  return 16 + (log - 8) * 4 + quarter;
}

struct chunk_header {
  unsigned cls;
  size_t mapping_size;       // kLarge only
  chunk_header *next_free;   // kLarge, while retained (g_large_free)
};

struct free_block {
  free_block *next;
};

struct alignas(64) size_class {
  raw_lock mu;
  free_block *free VIGIL_GUARDED_BY(mu);
  char *bump VIGIL_GUARDED_BY(mu);  // unused part of the newest chunk
  char *bump_end VIGIL_GUARDED_BY(mu);
};
size_class g_classes[kClasses];

// Per thread, per class: a stack of free blocks (through free_block::next).
// Batches are bounded in bytes as well as in blocks: a program that starts
// thousands of threads must not leave a batch of owner-sized blocks in each.
constexpr uint32_t kCacheBatch = 32;  // refill this many; spill this many above twice that
constexpr size_t kCacheBatchBytes = 8 << 10;
constexpr uint32_t batch_of(size_t class_bytes) {
  uint32_t n = static_cast<uint32_t>(kCacheBatchBytes / class_bytes);
  return n < 1 ? 1 : n > kCacheBatch ? kCacheBatch : n;
}
struct cache_bin {
  free_block *head;
  uint32_t count;
};
__thread cache_bin t_cache[kClasses] __attribute__((tls_model("initial-exec")));

raw_lock g_chunk_mu;
char *g_arena_next VIGIL_GUARDED_BY(g_chunk_mu);
char *g_arena_end VIGIL_GUARDED_BY(g_chunk_mu);

void *raw_map(size_t size) { return map_reserve(size, "the detector's own heap"); }

// A mapping of `size` bytes (a multiple of the page size) starting at a
// kChunkSize boundary.
char *map_aligned(size_t size) {
  char *p = static_cast<char *>(raw_map(size + kChunkSize));
  uintptr_t a = (reinterpret_cast<uintptr_t>(p) + kChunkSize - 1) & ~(kChunkSize - 1);
  size_t head = a - reinterpret_cast<uintptr_t>(p), tail = kChunkSize - head;
  if (head) syscall(SYS_munmap, p, head);
  if (tail) syscall(SYS_munmap, reinterpret_cast<char *>(a) + size, tail);
  return reinterpret_cast<char *>(a);
}

size_t g_chunk_bytes;  // atomic: small-class chunks handed out
uint32_t g_class_chunks[kClasses];  // atomic: chunks handed out per class (for verbosity)
size_t g_large_bytes;  // atomic: large mappings alive

char *new_chunk(unsigned cls) VIGIL_EXCLUDES(g_chunk_mu) {
  char *c;
  __atomic_fetch_add(&g_chunk_bytes, kChunkSize, __ATOMIC_RELAXED);
  __atomic_fetch_add(&g_class_chunks[cls], 1, __ATOMIC_RELAXED);
  {
    raw_lock_guard l(g_chunk_mu);
    if (g_arena_next == g_arena_end) {
      // The arena's last chunk is never handed out: the fast path scans
      // write lists and read sets lock-free (access.h) and may read a few
      // hundred bytes past a block that was freed and reused meanwhile;
      // that must stay mapped memory.
      g_arena_next = map_aligned(arena_size());
      g_arena_end = g_arena_next + arena_size() - kChunkSize;
    }
    c = g_arena_next;
    g_arena_next += kChunkSize;
  }
  reinterpret_cast<chunk_header *>(c)->cls = cls;
  return c;
}

VIGIL_ALWAYS_INLINE chunk_header *chunk_of(const void *p) {
  return reinterpret_cast<chunk_header *>(reinterpret_cast<uintptr_t>(p) & ~(kChunkSize - 1));
}

// Large mappings are never unmapped: a freed one gives its pages back to
// the kernel (MADV_DONTNEED) and stays mapped, waiting for a large request it
// fits. The fast path scans read sets lock-free and may read one that was
// freed under it (access.h): that must stay mapped memory, whatever its size.
raw_lock g_large_mu;
chunk_header *g_large_free VIGIL_GUARDED_BY(g_large_mu);

void *alloc_large(size_t n) {
  size_t size = (kHeader + n + 4095) & ~size_t{4095};
  chunk_header *h = nullptr;
  {
    raw_lock_guard l(g_large_mu);
    // A retained mapping that fits without wasting more than the request.
    for (chunk_header **p = &g_large_free; *p; p = &(*p)->next_free) {
      if ((*p)->mapping_size >= size && (*p)->mapping_size <= 2 * size) {
        h = *p;
        *p = h->next_free;
        break;
      }
    }
  }
  if (!h) {
    h = reinterpret_cast<chunk_header *>(map_aligned(size));
    h->cls = kLarge;
    h->mapping_size = size;
  }
  h->next_free = nullptr;
  __atomic_fetch_add(&g_large_bytes, h->mapping_size, __ATOMIC_RELAXED);
  return reinterpret_cast<char *>(h) + kHeader;
}

size_t usable_size(const void *p) {
  const chunk_header *h = chunk_of(p);
  if (h->cls == kLarge) return h->mapping_size - kHeader;
  return class_size(h->cls);
}


// Moves up to kCacheBatch blocks of class cls into the thread's bin.
VIGIL_NOINLINE void refill(unsigned cls) {
  size_class &sc = g_classes[cls];
  cache_bin &bin = t_cache[cls];
  size_t size = class_size(cls);
  uint32_t batch = batch_of(size);
  raw_lock_guard l(sc.mu);
  while (bin.count < batch) {
    free_block *b = sc.free;
    if (b) {
      sc.free = b->next;
    } else {
      if (static_cast<size_t>(sc.bump_end - sc.bump) < size) {
        char *c = new_chunk(cls);
        sc.bump = c + kHeader;
        sc.bump_end = c + kChunkSize;
      }
      b = reinterpret_cast<free_block *>(sc.bump);
      sc.bump += size;
    }
    b->next = bin.head;
    bin.head = b;
    bin.count++;
  }
}

// Gives `n` blocks of the thread's bin back to the class's shared list.
VIGIL_NOINLINE void spill(unsigned cls, uint32_t n) {
  cache_bin &bin = t_cache[cls];
  free_block *first = bin.head, *last = first;
  for (uint32_t i = 1; i < n; i++) last = last->next;
  bin.head = last->next;
  bin.count -= n;
  size_class &sc = g_classes[cls];
  raw_lock_guard l(sc.mu);
  last->next = sc.free;
  sc.free = first;
}

}  // namespace

bool internal_block_readable(const void *p, size_t n) {
  const chunk_header *h = chunk_of(p);
  size_t offset = reinterpret_cast<uintptr_t>(p) - reinterpret_cast<uintptr_t>(h);
  size_t limit = __atomic_load_n(&h->cls, __ATOMIC_RELAXED) == kLarge ? __atomic_load_n(&h->mapping_size, __ATOMIC_RELAXED)
                                                                     : kChunkSize;
  return offset + n <= limit;
}

void *internal_alloc(size_t n) {
  if (VIGIL_UNLIKELY(n > kMaxSmall)) return alloc_large(n);
  unsigned cls = class_of(n);
  cache_bin &bin = t_cache[cls];
  if (VIGIL_UNLIKELY(bin.count == 0)) refill(cls);
  free_block *b = bin.head;
  bin.head = b->next;
  bin.count--;
  return b;
}

void *internal_calloc(size_t n, size_t size) {
  size_t total;
  VIGIL_CHECK(!__builtin_mul_overflow(n, size, &total));
  void *p = internal_alloc(total);
  mem_zero(p, total);
  return p;
}

void *internal_realloc(void *p, size_t size) {
  if (!p) return internal_alloc(size);
  if (size == 0) {
    internal_free(p);
    return nullptr;
  }
  size_t have = usable_size(p);
  if (size <= have && (chunk_of(p)->cls == kLarge || class_of(size) == chunk_of(p)->cls)) return p;
  void *q = internal_alloc(size);
  mem_copy(q, p, have < size ? have : size);
  internal_free(p);
  return q;
}

void internal_free(void *p) {
  if (!p) return;
  chunk_header *h = chunk_of(p);
  if (h->cls == kLarge) {
    size_t size = h->mapping_size;
    __atomic_fetch_sub(&g_large_bytes, size, __ATOMIC_RELAXED);
    syscall(SYS_madvise, h, size, MADV_DONTNEED);  // zero pages from now on
    h->cls = kLarge;
    h->mapping_size = size;
    raw_lock_guard l(g_large_mu);
    h->next_free = g_large_free;
    g_large_free = h;
    return;
  }
  VIGIL_CHECK(h->cls < kClasses);
  cache_bin &bin = t_cache[h->cls];
  auto *b = static_cast<free_block *>(p);
  b->next = bin.head;
  bin.head = b;
  uint32_t batch = batch_of(class_size(h->cls));
  if (VIGIL_UNLIKELY(++bin.count > 2 * batch)) spill(h->cls, batch);
}

size_t internal_heap_bytes() {
  return __atomic_load_n(&g_chunk_bytes, __ATOMIC_RELAXED) + __atomic_load_n(&g_large_bytes, __ATOMIC_RELAXED);
}

void internal_heap_describe(text_buffer &t) {
  for (unsigned c = 0; c < kClasses; c++) {
    uint32_t n = __atomic_load_n(&g_class_chunks[c], __ATOMIC_RELAXED);
    if (n * kChunkSize >= (size_t{4} << 20)) t.str(" ").dec(class_size(c)).str("B:").dec(n * kChunkSize >> 20).str("MiB");
  }
  t.str(" large:").dec(__atomic_load_n(&g_large_bytes, __ATOMIC_RELAXED) >> 20).str("MiB");
}

void internal_alloc_thread_exit() {
  for (unsigned c = 0; c < kClasses; c++)
    if (t_cache[c].count) spill(c, t_cache[c].count);
}

// Lock order: a class's lock, then g_chunk_mu (new_chunk).
void internal_alloc_lock_all() VIGIL_NO_TSA {
  for (size_class &c : g_classes) c.mu.lock();
  g_chunk_mu.lock();
  g_large_mu.lock();
}
void internal_alloc_unlock_all() VIGIL_NO_TSA {
  g_large_mu.unlock();
  g_chunk_mu.unlock();
  for (size_class &c : g_classes) c.mu.unlock();
}

}  // namespace vigil::base
