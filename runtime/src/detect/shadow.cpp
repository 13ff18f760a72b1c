// shadow.cpp — shadow directory, cell locks and resets.
#include "shadow.h"

#include "owner.h"
#include "read_set.h"

#include <sched.h>
#include <sys/mman.h>

namespace vigil::detect {

shadow_cell *g_shadow_dir[kRegionCount];

namespace {

constexpr size_t kRegionShadowBytes =
    kWordsPerRegion * (sizeof(shadow_cell) + sizeof(cell_origin) + sizeof(uint32_t)) + kWordsPerRegion / kWordsPerPage;
raw_lock g_dir_mu;

}  // namespace

shadow_cell *shadow_region_slow(uintptr_t addr) {
  VIGIL_CHECK(is_user_address(addr));
  uintptr_t region = addr >> kRegionShift;
  raw_lock_guard l(g_dir_mu);
  shadow_cell *base = g_shadow_dir[region];
  if (base == nullptr) {
    base = static_cast<shadow_cell *>(map_reserve(kRegionShadowBytes, "shadow memory"));
    __atomic_store_n(&g_shadow_dir[region], base, __ATOMIC_RELEASE);
  }
  return base;
}

// Resident bytes of [p, p+len) (page-aligned p), by mincore.
static size_t resident_bytes(uintptr_t p, size_t len) {
  unsigned char vec[4096];
  size_t total = 0;
  for (size_t off = 0; off < len; off += sizeof vec * 4096) {
    size_t chunk = len - off < sizeof vec * 4096 ? len - off : sizeof vec * 4096;
    if (mincore(reinterpret_cast<void *>(p + off), chunk, vec) != 0) continue;
    for (size_t i = 0; i < (chunk + 4095) / 4096; i++) total += (vec[i] & 1) * 4096;
  }
  return total;
}

shadow_residency shadow_resident() {
  shadow_residency r{};
  for (size_t region = 0; region < kRegionCount; region++) {
    shadow_cell *base = __atomic_load_n(&g_shadow_dir[region], __ATOMIC_ACQUIRE);
    if (!base) continue;
    r.regions++;
    auto b = reinterpret_cast<uintptr_t>(base);
    r.cells += resident_bytes(b, kWordsPerRegion * sizeof(shadow_cell));
    b += kWordsPerRegion * sizeof(shadow_cell);
    r.origins += resident_bytes(b, kWordsPerRegion * sizeof(cell_origin));
    b += kWordsPerRegion * sizeof(cell_origin);
    r.meta += resident_bytes(b, kWordsPerRegion * sizeof(uint32_t) + kWordsPerRegion / kWordsPerPage);
  }
  return r;
}

void shadow_dir_lock() { g_dir_mu.lock(); }
void shadow_dir_unlock() { g_dir_mu.unlock(); }

// A cell is locked for a few dozen instructions (an allocation at worst), but
// its holder may be preempted: spin a little, then yield the core to it.
void cell_lock_slow(shadow_cell *head) {
  for (unsigned spins = 0; __atomic_load_n(&head->r, __ATOMIC_RELAXED) & kLockBit; spins++) {
    if (spins < 128) __builtin_ia32_pause();
    else sched_yield();
  }
}

void cell_after_fork_child(shadow_cell *head) {
  shadow_entry r = __atomic_load_n(&head->r, __ATOMIC_RELAXED);
  if (!(r & kLockBit)) return;
  for (shadow_cell *c = head + 1; c < head + 4; c++) {
    c->w = 0;
    __atomic_store_n(&c->r, 0, __ATOMIC_RELAXED);
  }
  head->w = 0;
  __atomic_store_n(&head->r, 0, __ATOMIC_RELEASE);
}

entry_list *list_new(uint32_t capacity) {
  auto *l = static_cast<entry_list *>(
      internal_alloc(offsetof(entry_list, e) + capacity * (sizeof(shadow_entry) + sizeof(stack_id))));
  l->count = 0;
  l->capacity = capacity;
  return l;
}
void list_free(entry_list *l) {
  internal_free(l);
}

// A line of cells covers this many application bytes (four words).
constexpr uintptr_t kLineSpan = 4 * 8;

// Resets the words [first_word, end_word) of one line that the range covers
// only in part, under the line's lock: its other words belong to live
// neighbours (two 16-byte allocations share a line), which other threads may
// be checking right now, holding the lock that lives in the head cell's r.
// Zeroing the head's r without the lock would release a lock someone holds;
// two owners would then change the line's cells at once, and a read set's
// reference could be moved or dropped twice (seen as CHECK(refs >= 0) at a
// thread's exit in taskflow's work-stealing queue test).
static void reset_line_part(uintptr_t first_word, uintptr_t end_word) {
  if (g_shadow_dir[first_word >> kRegionShift] == nullptr) return;  // never touched
  shadow_cell *first = shadow_cell_for(first_word);
  shadow_cell *head = line_head(first);
  shadow_cell **holder = cur_cell_holder();
  read_set *drops[4] = {};
  shadow_entry head_r = line_lock(head, holder);
  for (shadow_cell *c = first, *end = first + ((end_word - first_word) >> 3); c < end; c++) {
    shadow_entry r = locked_r(c, head, head_r);
    read_set *padded = padded_of(r);
    if (padded) padded_change_begin(padded);
    if (c->w & kIndirect) list_free(list_of(c->w));
    __atomic_store_n(&c->w, 0, __ATOMIC_RELAXED);
    if (padded) padded_change_end(padded);
    if (r & kIndirect) drops[c - head] = read_set_of(r);
    set_locked_r(c, head, &head_r, 0);
  }
  line_unlock(head, head_r, holder);
  // After the cells stop referencing them.
  for (read_set *s : drops)
    if (s) read_set_adjust(s, -1, 0);
}

// Resets whole words [first_word, end_word). Lines at the ends that the
// range covers only in part are reset under their locks (reset_line_part);
// whole lines belong to the freed memory alone, which a correct program does
// not access meanwhile. (A program that does, racing with the free, may have
// a whole line's lock cleared under it: its two accesses then change the
// cells of memory that is gone, which can leak a set, not free one early:
// every reference dropped here is dropped under the cell's lock, after
// which the cell holds none.)
static void reset_words(uintptr_t first_word, uintptr_t end_word) {
  uintptr_t lines_lo = (first_word + kLineSpan - 1) & ~(kLineSpan - 1);
  uintptr_t lines_hi = end_word & ~(kLineSpan - 1);
  // The part before the first whole line, the part after the last one (or
  // the rest of the range when it holds no whole line), then whole lines.
  uintptr_t head_end = lines_lo < end_word ? lines_lo : end_word;
  if (first_word < head_end) reset_line_part(first_word, head_end);
  uintptr_t tail_begin = lines_hi > head_end ? lines_hi : head_end;
  if (tail_begin < end_word) reset_line_part(tail_begin, end_word);
  if (lines_lo >= lines_hi) return;
  first_word = lines_lo;
  end_word = lines_hi;
  // Pages of cells are visited one by one: a page whose flags say it holds
  // no list is not read at all (most of a fresh thread stack or a big
  // allocation was never touched).
  constexpr uintptr_t kPageSpan = kWordsPerPage * 8;  // application bytes per page of cells
  for (uintptr_t a = first_word; a < end_word;) {
    uintptr_t region_end = (a | (kRegionSize - 1)) + 1;
    uintptr_t stop = end_word < region_end ? end_word : region_end;
    if (g_shadow_dir[a >> kRegionShift] == nullptr) {  // never touched
      a = stop;
      continue;
    }
    shadow_cell *cells = shadow_cell_for(a);
    size_t n = (stop - a) >> 3;
    // Free lists, page by page.
    for (uintptr_t p = a; p < stop;) {
      uintptr_t page_end = (p | (kPageSpan - 1)) + 1;
      uintptr_t q = stop < page_end ? stop : page_end;
      shadow_cell *pc = shadow_cell_for(p);
      uint8_t *flags = page_flags_for(pc, p);
      if (__atomic_load_n(flags, __ATOMIC_RELAXED) & kPageHasLists) {
        // Under each cell's lock: in a program that races with the free, an
        // access may be changing the same cell, and a set's reference must
        // be dropped exactly once.
        shadow_cell **holder = cur_cell_holder();
        for (size_t i = 0, m = (q - p) >> 3; i < m; i++) {
          if (!((__atomic_load_n(&pc[i].w, __ATOMIC_RELAXED) | __atomic_load_n(&pc[i].r, __ATOMIC_RELAXED)) &
                kIndirect))
            continue;
          shadow_entry r = cell_lock(&pc[i], holder);
          read_set *padded = padded_of(r);
          if (padded) padded_change_begin(padded);
          if (pc[i].w & kIndirect) list_free(list_of(pc[i].w));
          pc[i].w = 0;
          if (padded) padded_change_end(padded);
          cell_unlock(&pc[i], 0, holder);
          if (r & kIndirect) read_set_adjust(read_set_of(r), -1, 0);
        }
        if (p == (p & ~(kPageSpan - 1)) && q == page_end) __atomic_fetch_and(flags, ~kPageHasLists, __ATOMIC_RELAXED);
      }
      p = q;
    }
    // Large ranges give their shadow pages back to the kernel.
    uintptr_t lo = reinterpret_cast<uintptr_t>(cells), hi = lo + n * sizeof(shadow_cell);
    uintptr_t plo = (lo + 4095) & ~uintptr_t{4095}, phi = hi & ~uintptr_t{4095};
    if (phi > plo + 16 * 4096) {
      mem_zero(cells, plo - lo);
      madvise(reinterpret_cast<void *>(plo), phi - plo, MADV_DONTNEED);
      mem_zero(reinterpret_cast<void *>(phi), hi - phi);
      // The words' origins too (read only beside a non-empty entry, so
      // stale ones at the edges may stay).
      uintptr_t olo = reinterpret_cast<uintptr_t>(origin_for(cells, a)), ohi = olo + n * sizeof(cell_origin);
      olo = (olo + 4095) & ~uintptr_t{4095};
      ohi &= ~uintptr_t{4095};
      if (ohi > olo) madvise(reinterpret_cast<void *>(olo), ohi - olo, MADV_DONTNEED);
    } else {
      mem_zero(cells, n * sizeof(shadow_cell));
    }
    a = stop;
  }
}

// Drops the bytes of `mask` from the word's entries (a reset is not an access).
static void clear_bytes(uintptr_t word, unsigned mask) {
  if (g_shadow_dir[word >> kRegionShift] == nullptr) return;
  shadow_cell *c = shadow_cell_for(word);
  shadow_cell **holder = cur_cell_holder();
  shadow_entry r = cell_lock(c, holder);
  read_set *padded = padded_of(r);
  if (padded) padded_change_begin(padded);
  shadow_entry w = c->w;
  if (w & kIndirect) {
    entry_list *lst = list_of(w);
    uint32_t k = 0;
    stack_id *stacks = list_stacks(lst);
    for (uint32_t i = 0; i < lst->count; i++) {
      unsigned m = entry_mask(lst->e[i]) & ~mask;
      if (m) {
        stacks[k] = stacks[i];
        __atomic_store_n(&lst->e[k], entry_with_mask(lst->e[i], m), __ATOMIC_RELAXED);
        k++;
      }
    }
    lst->count = k;
  } else if (w) {
    unsigned m = entry_mask(w) & ~mask;
    c->w = m ? entry_with_mask(w, m) : 0;
  }
  read_set *old_set = nullptr;
  shadow_entry nr = r;
  if (r & kIndirect) {
    old_set = read_set_of(r);
    list_item local[16];
    list_item *items = old_set->count <= 16 ? local
                                            : static_cast<list_item *>(internal_alloc(old_set->count * sizeof(list_item)));
    uint32_t k = 0;
    for (uint32_t i = 0; i < old_set->count; i++) {
      unsigned m = entry_mask(set_item(old_set, i).e) & ~mask;
      if (!m) continue;
      items[k] = set_item(old_set, i);
      items[k].e = entry_with_mask(items[k].e, m);
      k++;
    }
    nr = read_side_value(c, word, items, k);
    if (items != local) internal_free(items);
  } else if (r) {
    unsigned m = entry_mask(r) & ~mask;
    nr = m ? entry_with_mask(r, m) : 0;
  }
  if (padded) padded_change_end(padded);
  cell_unlock(c, nr, holder);
  // After the cell stops referencing it (a cut-short change leaks, never frees early).
  if (old_set) read_set_adjust(old_set, -1, 0);
}

static unsigned byte_mask(uintptr_t word, uintptr_t lo, uintptr_t hi) {
  unsigned mask = 0;
  for (uintptr_t b = lo; b < hi; b++) mask |= 1u << (b - word);
  return mask;
}

void shadow_reset(uintptr_t addr, size_t size) {
  if (size == 0 || !is_user_address(addr)) return;
  if (owner *o = cur_owner()) o->resets++;  // its checked ranges may be gone (owner.h)
  uintptr_t end = addr + size;
  if (end > (uintptr_t{1} << 47)) end = uintptr_t{1} << 47;
  uintptr_t word = addr & ~uintptr_t{7};
  if (word != addr) {  // the range starts inside a word
    uintptr_t stop = end < word + 8 ? end : word + 8;
    clear_bytes(word, byte_mask(word, addr, stop));
    word += 8;
    if (word >= end) return;
  }
  uintptr_t full_end = end & ~uintptr_t{7};
  if (word < full_end) reset_words(word, full_end);
  if (full_end < end && full_end >= word) clear_bytes(full_end, byte_mask(full_end, full_end, end));
}

}  // namespace vigil::detect
