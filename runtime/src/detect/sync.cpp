// sync.cpp — the table of sync_vars and the clock operations on them.
#include "sync.h"

#include "owner.h"
#include "shadow.h"

#include <new>

namespace vigil::detect {
namespace {

constexpr unsigned kBuckets = 16384;
struct alignas(64) bucket {
  spin_mutex mu;
  sync_var *head VIGIL_GUARDED_BY(mu);
};
bucket g_buckets[kBuckets];

VIGIL_ALWAYS_INLINE bucket &bucket_for(uintptr_t addr) {
  uint64_t h = addr * 0x9E3779B97F4A7C15ull;
  return g_buckets[(h >> 40) & (kBuckets - 1)];
}

void mark_word(uintptr_t addr, bool on) {
  if (!is_user_address(addr)) return;
  shadow_cell *c = shadow_cell_for(addr & ~uintptr_t{7});
  shadow_cell **holder = cur_cell_holder();
  uint64_t r = cell_lock(c, holder);
  if (on) mark_page(c, addr, kPageHasSync);
  cell_unlock(c, on ? (r | kSyncBit) : (r & ~kSyncBit), holder);
}

void free_var(sync_var *s) VIGIL_NO_TSA {
  s->clock.reset();
  s->read_clock.reset();
  internal_free(s);
}

}  // namespace

sync_var *sync_find(uintptr_t addr, bool create, stack_id creation_stack) {
  bucket &b = bucket_for(addr);
  b.mu.lock();
  for (sync_var *s = b.head; s; s = s->next) {
    if (s->addr == addr) {
      s->mu.lock();
      b.mu.unlock();
      return s;
    }
  }
  if (!create) {
    b.mu.unlock();
    return nullptr;
  }
  auto *s = static_cast<sync_var *>(internal_calloc(1, sizeof(sync_var)));
  new (s) sync_var();
  s->addr = addr;
  s->creation_stack = creation_stack;
  s->next = b.head;
  b.head = s;
  s->mu.lock();
  mark_word(addr, true);
  b.mu.unlock();
  return s;
}

void sync_destroy(uintptr_t addr) {
  bucket &b = bucket_for(addr);
  sync_var *victim = nullptr;
  {
    spin_lock l(b.mu);
    for (sync_var **p = &b.head; *p; p = &(*p)->next) {
      if ((*p)->addr == addr) {
        victim = *p;
        *p = victim->next;
        break;
      }
    }
    if (victim) {
      // Wait for anyone who found it before we unlinked it.
      victim->mu.lock();
      victim->mu.unlock();
    }
  }
  if (victim) free_var(victim);
}

void sync_destroy_range(uintptr_t addr, size_t size) {
  if (size == 0 || !is_user_address(addr)) return;
  constexpr uintptr_t kPageSpan = kWordsPerPage * 8;
  uintptr_t end = addr + size;
  for (uintptr_t word = addr & ~uintptr_t{7}; word < end;) {
    uintptr_t region = word >> kRegionShift;
    if (g_shadow_dir[region] == nullptr) {
      word = (region + 1) << kRegionShift;
      continue;
    }
    shadow_cell *c = shadow_cell_for(word);
    uintptr_t page_end = (word | (kPageSpan - 1)) + 1;
    // Pages that never held a sync object are skipped without reading them.
    if (!(__atomic_load_n(page_flags_for(c, word), __ATOMIC_RELAXED) & kPageHasSync)) {
      word = page_end;
      continue;
    }
    uintptr_t stop = end < page_end ? end : page_end;
    for (; word < stop; word += 8, c++) {
      if (!(__atomic_load_n(&c->r, __ATOMIC_RELAXED) & kSyncBit)) continue;
      for (uintptr_t a = word; a < word + 8; a++)
        if (a >= addr && a < end) sync_destroy(a);
      mark_word(word, false);
    }
  }
}

void sync_lock_all() {
  for (bucket &b : g_buckets) b.mu.lock();
}
void sync_unlock_all() {
  for (bucket &b : g_buckets) b.mu.unlock();
}

void sync_acquire(owner *o, sync_var *s) { o->clock.join(s->clock); }

void sync_release(owner *o, sync_var *s) {
  s->clock.join(o->clock);
  owner_tick(o);
}

void sync_release_store(owner *o, sync_var *s) {
  s->clock.assign(o->clock);
  owner_tick(o);
}

void acquire_at(owner *o, uintptr_t addr) {
  sync_var *s = sync_find(addr, false);
  if (!s) return;
  s->mu.assert_held();
  sync_acquire(o, s);
  s->mu.unlock();
}

void release_at(owner *o, uintptr_t addr) {
  sync_var *s = sync_find(addr, true);
  s->mu.assert_held();
  sync_release(o, s);
  s->mu.unlock();
}

}  // namespace vigil::detect
