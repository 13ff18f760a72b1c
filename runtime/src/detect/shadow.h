// shadow.h — the shadow of every 8-byte application word.
//
// Layout. Shadow is found through a directory indexed by the address's 1 GiB
// region (addr >> 30, 2^17 regions cover the 47-bit user address space). A
// region's shadow is reserved on first touch with MAP_NORESERVE and committed
// page by page by the kernel, so nothing is assumed about where the kernel puts
// mappings (any ASLR setting works) and nothing is reserved up front. Each
// application word has one 16-byte cell (the access state), one 8-byte
// origin (stack ids of the inline entries) and one 4-byte meta slot (the
// first sync object of the word, sync.h); a region holds all its cells, then
// all its origins, then all its meta slots, then the page flags. Meta pages
// are committed only where sync objects exist.
//
// Cell. `w` describes the last write of every byte of the word, `r` the reads
// that are not ordered before a later write. Each is 0 (none), one inline
// entry, or (kIndirect) a pointer: w to a mutable entry_list (several writes
// of different bytes), r to an interned, shared read_set (read_set.h). An
// entry is
//   bits  0..31  clock of the accessing slot at the access (its epoch)
//   bits 32..51  slot
//   bit  52      in r of a line's first cell: the line's lock (kLockBit),
//                see line_lock; in w:
//                the origin's w_stack is a stack group (kGroupBit), the
//                stack of each byte (stack_depot.h)
//   bits 53..60  byte mask within the word
//   bit  61      atomic access
//   bit  62      in w: the write was a free(); unused in r
//   bit  63      indirect (low 48 bits are the pointer)
// Invariants, per byte b of the word:
//   - at most one write entry covers b: the last write to b;
//   - the read entries covering b are the reads of b not known to be ordered
//     before another read of b in that set (FastTrack's read epoch, inflated
//     to a read set only while reads are concurrent). No entry is ever evicted:
//     the state is exact, whatever the number of concurrent readers.
// A write list is needed only while the word's bytes keep writes of different
// epochs (or flags); writes of one epoch made by different code are one inline
// entry whose origin is a stack group, so that the fast path still sees them.
// Concurrency: the fast path (access.cpp) only loads w and r and compares them
// with the accessing owner's own epoch; it never dereferences an indirect
// entry. Every change of a cell happens under its line's lock, a bit of the
// r word of the line's first cell (line_lock below): the lock shares the
// cells' cache line, so checking a word moves one line between cores, not
// two.
#pragma once

#include "defs.h"
#include "stack_depot.h"

namespace vigil::detect {

using shadow_entry = uint64_t;

constexpr unsigned kSlotShift = 32;
constexpr unsigned kSlotBits = 20;
constexpr unsigned kMaskShift = 53;
constexpr uint64_t kEpochBits = (uint64_t{1} << (kSlotShift + kSlotBits)) - 1;  // slot + clock
constexpr uint64_t kLockBit = uint64_t{1} << 52;    // in r
constexpr uint64_t kGroupBit = uint64_t{1} << 52;   // in w
constexpr uint64_t kAtomicBit = uint64_t{1} << 61;
constexpr uint64_t kFreedBit = uint64_t{1} << 62;   // in w
constexpr uint64_t kIndirect = uint64_t{1} << 63;
constexpr uint64_t kMaskBits = uint64_t{0xff} << kMaskShift;
constexpr uint32_t kMaxSlots = 1u << kSlotBits;
static_assert(kSlotShift + kSlotBits + 1 == kMaskShift, "slot, lock bit, mask");
static_assert(kMaskShift + 8 == 61, "flags follow the mask");

VIGIL_ALWAYS_INLINE uint32_t entry_slot(shadow_entry e) {
  return static_cast<uint32_t>(e >> kSlotShift) & (kMaxSlots - 1);
}
VIGIL_ALWAYS_INLINE uint32_t entry_clock(shadow_entry e) { return static_cast<uint32_t>(e); }
VIGIL_ALWAYS_INLINE unsigned entry_mask(shadow_entry e) {
  return static_cast<unsigned>(e >> kMaskShift) & 0xff;
}
VIGIL_ALWAYS_INLINE shadow_entry make_entry(uint64_t epoch_tag, unsigned mask, bool atomic) {
  return epoch_tag | (static_cast<uint64_t>(mask) << kMaskShift) | (atomic ? kAtomicBit : 0);
}
VIGIL_ALWAYS_INLINE shadow_entry entry_with_mask(shadow_entry e, unsigned mask) {
  return (e & ~kMaskBits) | (static_cast<uint64_t>(mask) << kMaskShift);
}

struct shadow_cell {
  shadow_entry w;
  shadow_entry r;
};
static_assert(sizeof(shadow_cell) == 16, "cell layout");

struct cell_origin {
  stack_id w_stack;  // stack (or, with kGroupBit in w, stack group) of the inline write entry
  stack_id r_stack;  // stack of the inline read entry
};
static_assert(sizeof(cell_origin) == 8, "origin layout");

// Out-of-line entries of one side of a cell, with their stacks: a mutable
// entry_list for writes, an interned read_set (read_set.h) for reads.
struct list_item {
  shadow_entry e;  // never indirect
  stack_id stack;
  uint32_t pad;
};
// A write list keeps its entries, then their stacks (no padding: a list of
// two, the common one, is 32 bytes). Entries are read lock-free
// (write_list_has_epoch); stacks only under the cell lock.
struct entry_list {
  uint32_t count;
  uint32_t capacity;
  shadow_entry e[1];  // [capacity], then stack_id stacks[capacity]
};
VIGIL_ALWAYS_INLINE stack_id *list_stacks(entry_list *l) { return reinterpret_cast<stack_id *>(l->e + l->capacity); }
VIGIL_ALWAYS_INLINE const stack_id *list_stacks(const entry_list *l) {
  return reinterpret_cast<const stack_id *>(l->e + l->capacity);
}

constexpr unsigned kRegionShift = 30;
constexpr uintptr_t kRegionSize = uintptr_t{1} << kRegionShift;
constexpr size_t kRegionCount = size_t{1} << (47 - kRegionShift);
constexpr size_t kWordsPerRegion = kRegionSize / 8;

// Per page of cells (kWordsPerPage words), flags that let resets skip the
// scan of pages that need none: most pages never hold a sync object or a list.
constexpr size_t kWordsPerPage = 4096 / sizeof(shadow_cell);
constexpr uint8_t kPageHasSync = 1;
constexpr uint8_t kPageHasLists = 2;

// g_shadow_dir[region] is the base of the region's cells (origins, meta slots,
// then page flags follow), or null.
extern shadow_cell *g_shadow_dir[kRegionCount];

shadow_cell *shadow_region_slow(uintptr_t addr);

// The cell of the word containing addr. addr must be a user address (< 2^47).
VIGIL_ALWAYS_INLINE shadow_cell *shadow_cell_for(uintptr_t addr) {
  uintptr_t region = addr >> kRegionShift;
  shadow_cell *base = __atomic_load_n(&g_shadow_dir[region & (kRegionCount - 1)], __ATOMIC_ACQUIRE);
  if (VIGIL_UNLIKELY(base == nullptr)) base = shadow_region_slow(addr);
  return base + ((addr & (kRegionSize - 1)) >> 3);
}

VIGIL_ALWAYS_INLINE cell_origin *origin_for(shadow_cell *cell, uintptr_t addr) {
  shadow_cell *base = cell - ((addr & (kRegionSize - 1)) >> 3);
  return reinterpret_cast<cell_origin *>(base + kWordsPerRegion) + ((addr & (kRegionSize - 1)) >> 3);
}

// The meta slot of the word: index of its first sync_var (sync.h), 0 if none.
VIGIL_ALWAYS_INLINE uint32_t *meta_for(shadow_cell *cell, uintptr_t addr) {
  size_t word = (addr & (kRegionSize - 1)) >> 3;
  shadow_cell *base = cell - word;
  auto *meta = reinterpret_cast<uint32_t *>(reinterpret_cast<cell_origin *>(base + kWordsPerRegion) + kWordsPerRegion);
  return meta + word;
}

VIGIL_ALWAYS_INLINE uint8_t *page_flags_for(shadow_cell *cell, uintptr_t addr) {
  size_t word = (addr & (kRegionSize - 1)) >> 3;
  shadow_cell *base = cell - word;
  auto *meta = reinterpret_cast<uint32_t *>(reinterpret_cast<cell_origin *>(base + kWordsPerRegion) + kWordsPerRegion);
  auto *flags = reinterpret_cast<uint8_t *>(meta + kWordsPerRegion);
  return flags + word / kWordsPerPage;
}
VIGIL_ALWAYS_INLINE void mark_page(shadow_cell *cell, uintptr_t addr, uint8_t flag) {
  uint8_t *f = page_flags_for(cell, addr);
  if (!(__atomic_load_n(f, __ATOMIC_RELAXED) & flag)) __atomic_fetch_or(f, flag, __ATOMIC_RELAXED);
}

VIGIL_ALWAYS_INLINE bool is_user_address(uintptr_t addr) { return addr < (uintptr_t{1} << 47); }

// Cells are locked a cache line at a time: the lock of a cell is kLockBit of
// the r word of the first cell of its 64-byte line (four cells, one line of
// the region's cell array, which is page aligned). All changes of a cell
// happen under its line's lock. One lock per line lets a loop's range check
// (__vigil_loop_read/_write) update four words with one locked instruction;
// words of one line share their cache line anyway, so two owners updating
// neighbouring words contend for the same line with or without it. No code
// holds two cell locks at once (which with line locks could be one lock).
//
// line_lock returns the head cell's r as it was (without the bit); the
// holder's changes of the line's cells follow; line_unlock stores the head's
// new r (without the bit) with release, which releases the lock and
// publishes them. `holder` (the locking owner's locked_cell, or null when
// there is no owner yet) names the line while it is locked, so that a forked
// child can release the locks of threads that do not exist there
// (cell_after_fork_child). Other cells' r never carry kLockBit.
VIGIL_ALWAYS_INLINE shadow_cell *line_head(shadow_cell *c) {
  return reinterpret_cast<shadow_cell *>(reinterpret_cast<uintptr_t>(c) & ~uintptr_t{63});
}
void cell_lock_slow(shadow_cell *head);
VIGIL_ALWAYS_INLINE shadow_entry line_lock(shadow_cell *head, shadow_cell **holder) {
  if (holder) *holder = head;
  for (;;) {
    shadow_entry r = __atomic_load_n(&head->r, __ATOMIC_RELAXED);
    if (VIGIL_LIKELY(!(r & kLockBit)) &&
        __atomic_compare_exchange_n(&head->r, &r, r | kLockBit, true, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
      return r;
    cell_lock_slow(head);
  }
}
VIGIL_ALWAYS_INLINE void line_unlock(shadow_cell *head, shadow_entry head_r, shadow_cell **holder) {
  __atomic_store_n(&head->r, head_r & ~kLockBit, __ATOMIC_RELEASE);
  if (holder) *holder = nullptr;
}
// A cell's r while its line is locked (head_r: what line_lock returned).
VIGIL_ALWAYS_INLINE shadow_entry locked_r(shadow_cell *c, shadow_cell *head, shadow_entry head_r) {
  return c == head ? head_r : __atomic_load_n(&c->r, __ATOMIC_RELAXED);
}
// Sets a cell's r while its line is locked; for the head, *head_r (stored by
// line_unlock). Release: a lock-free reader that sees the new r sees what it
// points to.
VIGIL_ALWAYS_INLINE void set_locked_r(shadow_cell *c, shadow_cell *head, shadow_entry *head_r, shadow_entry r) {
  if (c == head) *head_r = r;
  else __atomic_store_n(&c->r, r, __ATOMIC_RELEASE);
}
// One cell: lock its line, returning the cell's r; unlock storing its new r.
VIGIL_ALWAYS_INLINE shadow_entry cell_lock(shadow_cell *c, shadow_cell **holder) {
  shadow_cell *head = line_head(c);
  shadow_entry head_r = line_lock(head, holder);
  return locked_r(c, head, head_r);
}
VIGIL_ALWAYS_INLINE void cell_unlock(shadow_cell *c, shadow_entry r, shadow_cell **holder) {
  shadow_cell *head = line_head(c);
  if (c == head) {
    line_unlock(head, r, holder);
    return;
  }
  __atomic_store_n(&c->r, r, __ATOMIC_RELEASE);
  line_unlock(head, __atomic_load_n(&head->r, __ATOMIC_RELAXED), holder);
}
// Fork: no thread may be adding a shadow region while the process forks.
// The shadow's resident memory (verbosity=1's summary), by part.
struct shadow_residency {
  size_t regions, cells, origins, meta;  // meta: meta slots and page flags
};
shadow_residency shadow_resident();

void shadow_dir_lock() VIGIL_NO_TSA;
void shadow_dir_unlock() VIGIL_NO_TSA;

// In a forked child: the line locked by a thread that did not survive the
// fork is unlocked and its cells forget their accesses (a change was cut
// short; what they pointed to may be half updated, so it is dropped, not
// freed).
void cell_after_fork_child(shadow_cell *head);

// Forgets all accesses to [addr, addr+size): fresh memory. Frees indirect
// lists; sync objects of the range are destroyed by the caller first.
void shadow_reset(uintptr_t addr, size_t size);

VIGIL_ALWAYS_INLINE entry_list *list_of(shadow_entry e) {
  return reinterpret_cast<entry_list *>(static_cast<uintptr_t>(e & ((uint64_t{1} << 48) - 1)));
}
VIGIL_ALWAYS_INLINE shadow_entry list_ref(entry_list *l) { return kIndirect | reinterpret_cast<uintptr_t>(l); }
entry_list *list_new(uint32_t capacity);
void list_free(entry_list *l);

}  // namespace vigil::detect
