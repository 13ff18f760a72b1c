// owner.cpp — owners, slot recycling and the registry of owner descriptors.
#include "owner.h"

#include "../report/report.h"

#include "runtime.h"
#include "shadow.h"

#include <cstddef>
#include <new>

namespace vigil::detect {

__thread owner *t_owner __attribute__((tls_model("initial-exec")));

// The fields instrumented code uses inline (abi.def) are where it expects them.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winvalid-offsetof"
#define VIGIL_ABI(ret, name, params)
#define VIGIL_ABI_OWNER_FIELD(name, type, offset) \
  static_assert(offsetof(owner, name) == (offset), "abi.def: owner field " #name " moved");
#include <vigil/abi.def>
#undef VIGIL_ABI_OWNER_FIELD
#undef VIGIL_ABI
#pragma clang diagnostic pop
static_assert(sizeof(owner::depth) == 4 && sizeof(owner::valid) == 4 && sizeof(owner::capacity) == 4 &&
                  sizeof(owner::frames) == 8,
              "abi.def: owner field sizes");

namespace {

// Registry. Invariants (all under g_registry_mu):
//  - g_descs[0..g_ndescs) are every descriptor ever created, by id;
//  - g_slot_owner[s] is the latest owner of slot s; older ones follow
//    prev_in_slot with strictly smaller first_clock;
//  - g_slot_last[s] is the highest epoch of s's last finished owner that any
//    clock or shadow entry holds (owner_finish), at least its first; a slot
//    in g_free_slots has no live owner.
raw_lock g_registry_mu;
owner_desc **g_descs VIGIL_GUARDED_BY(g_registry_mu);
uint32_t g_ndescs VIGIL_GUARDED_BY(g_registry_mu);
uint32_t g_desc_cap VIGIL_GUARDED_BY(g_registry_mu);
owner_desc **g_slot_owner;  // [kMaxSlots], guarded by g_registry_mu
clock_t_ *g_slot_last;      // [kMaxSlots], guarded by g_registry_mu
// Free slots, oldest-freed first: a ring of kMaxSlots entries (a slot is in it
// at most once), live between g_free_head and g_free_tail (free-running).
uint32_t *g_free_slots;  // guarded by g_registry_mu
uint32_t g_free_head VIGIL_GUARDED_BY(g_registry_mu);
uint32_t g_free_tail VIGIL_GUARDED_BY(g_registry_mu);
uint32_t g_next_slot VIGIL_GUARDED_BY(g_registry_mu);
owner *g_live VIGIL_GUARDED_BY(g_registry_mu);  // owners not yet destroyed (live_next chain)

// Which free slot a new owner takes (take_slot): one whose previous owner's
// end the parent already knows. The newest first: a thread started right
// after joining one (a pool replacing a worker) takes the slot it just
// joined. Then the oldest, up to kSlotSearch of them: a program that starts a
// batch of threads and joins them reuses the previous batch's slots, while
// the slots of this batch's threads that finished early (not yet joined) wait
// at the back. (A stack, newest first only, filled its top with exactly
// those and leaked a slot per early finisher per batch: 3,339 slots for
// 9,517 threads in concurrentqueue's tests, and every full clock that wide.)
// A probed slot the parent does not cover goes to the back, so slots nobody
// may ever cover (detached threads never synchronized with) do not block
// the front.
constexpr uint32_t kSlotSearch = 1024;  // a few microseconds at most, next to a thread start's tens
static_assert((kMaxSlots & (kMaxSlots - 1)) == 0, "the free ring wraps by mask");

void registry_init_locked() VIGIL_REQUIRES(g_registry_mu) {
  if (g_slot_owner) return;
  g_slot_owner = static_cast<owner_desc **>(map_reserve(sizeof(owner_desc *) * kMaxSlots, "clock slots"));
  g_slot_last = static_cast<clock_t_ *>(map_reserve(sizeof(clock_t_) * kMaxSlots, "clock slots"));
  g_free_slots = static_cast<uint32_t *>(map_reserve(sizeof(uint32_t) * kMaxSlots, "clock slots"));
}

uint32_t take_slot(const owner *parent) VIGIL_REQUIRES(g_registry_mu) {
  if (parent) {
    // The newest first: a thread started right after joining one (a pool
    // replacing a worker) takes the slot it just joined.
    if (g_free_tail != g_free_head) {
      uint32_t s = g_free_slots[(g_free_tail - 1) & (kMaxSlots - 1)];
      if (parent->clock.get(s) >= g_slot_last[s]) {
        g_free_tail--;
        return s;
      }
    }
    uint32_t probes = g_free_tail - g_free_head < kSlotSearch ? g_free_tail - g_free_head : kSlotSearch;
    for (uint32_t i = 0; i < probes; i++) {
      uint32_t s = g_free_slots[g_free_head++ & (kMaxSlots - 1)];
      if (parent->clock.get(s) >= g_slot_last[s]) return s;
      g_free_slots[g_free_tail++ & (kMaxSlots - 1)] = s;  // to the back: the next probes look further
    }
  }
  if (g_next_slot >= kMaxSlots) {
    fatal("more than 1048576 threads/tasks alive whose ends no live thread has synchronized "
          "with; cannot allocate a clock slot");
  }
  return g_next_slot++;
}

}  // namespace

void registry_lock() { g_registry_mu.lock(); }
void registry_unlock() { g_registry_mu.unlock(); }

owner *owner_create(owner *parent, stack_id creation_stack, owner_kind kind) {
  auto *d = static_cast<owner_desc *>(internal_calloc(1, sizeof(owner_desc)));
  new (&d->end_clock) vclock();
  d->creation_stack = creation_stack;
  d->detached = kind == owner_kind::detached_thread;
  d->is_task = kind == owner_kind::task;
  d->state = owner_state::running;
  d->parent_id = parent ? parent->desc->id : 0;
  d->leak_epoch = report::leak_epoch();
  unsigned intern_bits = kind == owner_kind::task ? kTaskInternBits : kThreadInternBits;
  auto *o = static_cast<owner *>(
      internal_calloc(1, sizeof(owner) + (size_t{1} << intern_bits) * sizeof(owner::intern_cache_entry)));
  o->intern_cache = reinterpret_cast<owner::intern_cache_entry *>(o + 1);
  o->intern_shift = 64 - intern_bits;
  {
    raw_lock_guard l(g_registry_mu);
    o->live_next = g_live;
    if (g_live) g_live->live_prev = o;
    g_live = o;
    registry_init_locked();
    if (g_ndescs == g_desc_cap) {
      g_desc_cap = g_desc_cap ? g_desc_cap * 2 : 64;
      g_descs = static_cast<owner_desc **>(internal_realloc(g_descs, g_desc_cap * sizeof(owner_desc *)));
    }
    d->id = g_ndescs;
    g_descs[g_ndescs++] = d;
    d->slot = take_slot(parent);
    d->first_clock = g_slot_last[d->slot] + 1;
    d->prev_in_slot = g_slot_owner[d->slot];
    g_slot_owner[d->slot] = d;
  }
  new (&o->clock) vclock();
  new (&o->fence_acquire) vclock();
  o->desc = d;
  o->slot = d->slot;
  if (parent) o->clock.assign(parent->clock);
  o->epoch = d->first_clock;
  o->published = d->first_clock - 1;  // the slot's earlier owners end before first_clock
  o->clock.set(o->slot, o->epoch);
  if (parent && kind == owner_kind::task)
    o->base = {owner_snapshot(parent)->id, o->clock.changes(), parent->slot, parent->epoch};
  o->tag = (static_cast<uint64_t>(o->slot) << 32) | o->epoch;
  o->capacity = 64;
  o->frames = static_cast<uintptr_t *>(internal_alloc(o->capacity * sizeof(uintptr_t)));
  o->nodes = static_cast<stack_id *>(internal_alloc(o->capacity * sizeof(stack_id)));
  if (parent) owner_tick(parent);
  return o;
}

void owner_finish(owner *o) {
  if (o->read_cache) read_transitions_flush(o->read_cache);
  // The final epoch that counts: the highest one anything holds. Every
  // release ends an epoch (owner_tick), so clocks hold at most epoch - 1 of
  // this owner; the shadow holds at most last_recorded. The epoch after the
  // last release usually records nothing (a task whose last act is
  // wait_group::done, a thread that unlocks and returns): then whoever
  // acquired that release covers the owner's whole life and may give its
  // slot to a new owner (take_slot).
  owner_desc *d = o->desc;
  clock_t_ last = o->epoch - 1;
  if (o->last_recorded > last) last = o->last_recorded;
  if (last < d->first_clock) last = d->first_clock;  // the next owner's first epoch is later still
  raw_lock_guard l(g_registry_mu);
  if (!d->detached && !d->is_task) {  // a task is never joined: its edges are the events'
    d->end_clock.assign(o->clock);
    d->end_clock.set(o->slot, last);
  }
  d->state = owner_state::finished;
  g_slot_last[o->slot] = last;
  g_free_slots[g_free_tail++ & (kMaxSlots - 1)] = o->slot;
}

void owner_destroy(owner *o) {
  if (o->read_cache) {  // owners destroyed without finishing, or reading after it
    read_transitions_flush(o->read_cache);
    internal_free(o->read_cache);
  }
  {
    raw_lock_guard l(g_registry_mu);
    if (o->live_prev) o->live_prev->live_next = o->live_next;
    else g_live = o->live_next;
    if (o->live_next) o->live_next->live_prev = o->live_prev;
  }
  if (o->snap) snapshot_unref(o->snap);
  o->clock.reset();
  if (o->fence_snap) snapshot_unref(o->fence_snap);
  o->fence_acquire.reset();
  internal_free(o->frames);
  internal_free(o->nodes);
  internal_free(o->order_cache);
  internal_free(o);
}

void set_cur_owner(owner *o) { t_owner = o; }

namespace {
stack_id intern_cached(owner *o, stack_id parent, uintptr_t pc) {
  owner::intern_cache_entry &e = o->intern_cache[intern_slot(o, parent, pc)];
  if (e.id && e.pc == pc && e.parent == parent) return e.id;
  e = {pc, parent, stack_intern(parent, pc)};
  return e.id;
}
}  // namespace

stack_id owner_stack_top(owner *o) {
  uint32_t depth = o->depth < o->capacity ? o->depth : o->capacity;
  uint32_t i = o->valid < depth ? o->valid : depth;
  for (; i < depth; i++) o->nodes[i] = intern_cached(o, i ? o->nodes[i - 1] : 0, o->frames[i]);
  if (o->valid < depth) o->valid = depth;
  return depth ? o->nodes[depth - 1] : 0;
}

stack_id owner_stack_slow(owner *o, uintptr_t pc) { return intern_cached(o, owner_stack_top(o), pc); }

owner_desc *owner_desc_by_id(uint32_t id) {
  raw_lock_guard l(g_registry_mu);
  return id < g_ndescs ? g_descs[id] : nullptr;
}

owner_desc *owner_desc_for(uint32_t slot, clock_t_ c) {
  raw_lock_guard l(g_registry_mu);
  if (!g_slot_owner) return nullptr;
  for (owner_desc *d = g_slot_owner[slot]; d; d = d->prev_in_slot)
    if (d->first_clock <= c) return d;
  return nullptr;
}

uint32_t owner_count() {
  raw_lock_guard l(g_registry_mu);
  return g_ndescs;
}

void registry_after_fork_child(owner *survivor) VIGIL_NO_TSA {
  for (owner *o = g_live; o; o = o->live_next)
    if (o != survivor && o->locked_cell) cell_after_fork_child(o->locked_cell);
  // Only the forking thread exists in the child; the others are gone without
  // ending, so nobody may join them and their slots stay retired.
  for (uint32_t i = 0; i < g_ndescs; i++) {
    owner_desc *d = g_descs[i];
    if (d != survivor->desc && d->state == owner_state::running) {
      d->state = owner_state::finished;
      d->detached = true;
    }
  }
}

uint32_t owner_slots_used() {
  raw_lock_guard l(g_registry_mu);
  return g_next_slot;
}

size_t owners_memory_bytes() {
  raw_lock_guard l(g_registry_mu);
  size_t n = g_desc_cap * sizeof(owner_desc *);
  for (uint32_t i = 0; i < g_ndescs; i++) n += sizeof(owner_desc) + g_descs[i]->end_clock.memory_bytes();
  return n;
}

}  // namespace vigil::detect
