// heap.cpp — live heap blocks: a sharded open-addressing hash table keyed by
// block address, plus per shard a ring of recently freed blocks (a race with
// a free is reported after the block is gone). Every operation takes one
// shard's lock, nothing global: threads that allocate and free at high rates
// do not meet.
#include "heap.h"

#include "spin_lock.h"

namespace vigil::detect {
namespace {

struct slot_entry {
  uintptr_t addr;  // 0: empty, 1: tombstone
  size_t size;
  uint32_t owner_id;
  stack_id stack;
};

constexpr unsigned kShards = 64;
constexpr unsigned kFreedRing = 8;  // per shard: the last 512 frees in all
struct alignas(64) shard {
  spin_lock mu;
  slot_entry *slots VIGIL_GUARDED_BY(mu);
  size_t cap VIGIL_GUARDED_BY(mu);
  size_t used VIGIL_GUARDED_BY(mu);  // live + tombstones
  size_t live VIGIL_GUARDED_BY(mu);
  heap_block_info freed[kFreedRing] VIGIL_GUARDED_BY(mu);
  unsigned freed_next VIGIL_GUARDED_BY(mu);
};
shard g_shards[kShards];

VIGIL_ALWAYS_INLINE uint64_t mix(uintptr_t a) {
  uint64_t h = a * 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 29);
}
VIGIL_ALWAYS_INLINE shard &shard_for(uintptr_t a) { return g_shards[(mix(a) >> 58) & (kShards - 1)]; }

void grow(shard &s) VIGIL_REQUIRES(s.mu) {
  size_t ncap = s.cap ? (s.live * 4 > s.cap ? s.cap * 2 : s.cap) : 1024;
  auto *n = static_cast<slot_entry *>(internal_calloc(ncap, sizeof(slot_entry)));
  for (size_t i = 0; i < s.cap; i++) {
    slot_entry &e = s.slots[i];
    if (e.addr <= 1) continue;
    for (size_t j = mix(e.addr) & (ncap - 1);; j = (j + 1) & (ncap - 1)) {
      if (n[j].addr == 0) {
        n[j] = e;
        break;
      }
    }
  }
  internal_free(s.slots);
  s.slots = n;
  s.cap = ncap;
  s.used = s.live;
}

}  // namespace

void heap_insert(uintptr_t addr, size_t size, uint32_t owner_id, stack_id stack) {
  shard &s = shard_for(addr);
  raw_lock_guard l(s.mu);
  if ((s.used + 1) * 4 > s.cap * 3) grow(s);
  for (size_t j = mix(addr) & (s.cap - 1);; j = (j + 1) & (s.cap - 1)) {
    slot_entry &e = s.slots[j];
    if (e.addr <= 1 || e.addr == addr) {
      if (e.addr == 0) s.used++;
      if (e.addr != addr) s.live++;
      e = {addr, size, owner_id, stack};
      return;
    }
  }
}

bool heap_remove(uintptr_t addr, heap_block_info *out) {
  shard &s = shard_for(addr);
  raw_lock_guard l(s.mu);
  if (s.cap == 0) return false;
  for (size_t j = mix(addr) & (s.cap - 1);; j = (j + 1) & (s.cap - 1)) {
    slot_entry &e = s.slots[j];
    if (e.addr == 0) return false;
    if (e.addr == addr) {
      *out = {e.addr, e.size, e.owner_id, e.stack, true};
      e.addr = 1;
      s.live--;
      s.freed[s.freed_next++ % kFreedRing] = *out;
      return true;
    }
  }
}

bool find_heap_block(uintptr_t addr, heap_block_info *out) {
  // Reports only: a linear scan is fine.
  for (shard &s : g_shards) {
    raw_lock_guard l(s.mu);
    for (size_t i = 0; i < s.cap; i++) {
      const slot_entry &e = s.slots[i];
      if (e.addr > 1 && addr >= e.addr && addr < e.addr + (e.size ? e.size : 1)) {
        *out = {e.addr, e.size, e.owner_id, e.stack, false};
        return true;
      }
    }
  }
  // Freed blocks: the newest of each shard's ring first (a block at the
  // same address, freed twice, is in one shard).
  for (shard &s : g_shards) {
    raw_lock_guard l(s.mu);
    for (unsigned k = 0; k < kFreedRing; k++) {
      const heap_block_info &b = s.freed[(s.freed_next + kFreedRing - 1 - k) % kFreedRing];
      if (b.addr && addr >= b.addr && addr < b.addr + (b.size ? b.size : 1)) {
        *out = b;
        return true;
      }
    }
  }
  return false;
}

void heap_lock_all() {
  for (shard &s : g_shards) s.mu.lock();
}
void heap_unlock_all() {
  for (shard &s : g_shards) s.mu.unlock();
}

}  // namespace vigil::detect
