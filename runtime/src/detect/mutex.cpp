// mutex.cpp — mutex semantics on sync_vars, and the lock-order graph.
//
// Lock-order graph: an edge A→B is recorded the first time some owner locks B
// while holding A, with both stacks. Adding an edge A→B when B→…→A already
// exists closes a cycle: a potential deadlock even if the run did not hang.
// The graph is protected by g_graph_mu and only touched when an owner locks a
// mutex while holding another one.
#include "mutex.h"

#include "reports.h"
#include "sync.h"

namespace vigil::detect {
namespace {

struct edge {
  uintptr_t from, to;
  uint32_t owner_id;
  stack_id from_stack, to_stack;
};

raw_lock g_graph_mu;
edge *g_edges VIGIL_GUARDED_BY(g_graph_mu);
size_t g_nedges VIGIL_GUARDED_BY(g_graph_mu);
size_t g_edge_cap VIGIL_GUARDED_BY(g_graph_mu);

const edge *find_edge(uintptr_t from, uintptr_t to) VIGIL_REQUIRES(g_graph_mu) {
  for (size_t i = 0; i < g_nedges; i++)
    if (g_edges[i].from == from && g_edges[i].to == to) return &g_edges[i];
  return nullptr;
}

// Depth-first search for a path from `from` to `to`; fills path (edge indices).
bool find_path(uintptr_t from, uintptr_t to, size_t *path, size_t *len, size_t max, int depth)
    VIGIL_REQUIRES(g_graph_mu) {
  if (depth > 16) return false;
  for (size_t i = 0; i < g_nedges; i++) {
    if (g_edges[i].from != from) continue;
    if (*len >= max) return false;
    path[(*len)++] = i;
    if (g_edges[i].to == to || find_path(g_edges[i].to, to, path, len, max, depth + 1)) return true;
    (*len)--;
  }
  return false;
}

void remove_edges_of(uintptr_t m) VIGIL_REQUIRES(g_graph_mu) {
  size_t k = 0;
  for (size_t i = 0; i < g_nedges; i++)
    if (g_edges[i].from != m && g_edges[i].to != m) g_edges[k++] = g_edges[i];
  g_nedges = k;
}

void record_order(owner *o, uintptr_t m, stack_id stack) {
  lock_edge cycle[17];
  size_t ncycle = 0;
  {
    raw_lock_guard l(g_graph_mu);
    for (uint32_t i = 0; i < o->nheld && i < 32; i++) {
      uintptr_t from = o->held[i].addr;
      if (from == m || find_edge(from, m)) continue;
      if (g_nedges == g_edge_cap) {
        g_edge_cap = g_edge_cap ? g_edge_cap * 2 : 64;
        g_edges = static_cast<edge *>(internal_realloc(g_edges, g_edge_cap * sizeof(edge)));
      }
      g_edges[g_nedges++] = {from, m, o->desc->id, o->held[i].stack, stack};
      size_t path[16], len = 0;
      if (ncycle == 0 && find_path(m, from, path, &len, 16, 0)) {
        for (size_t k = 0; k < len; k++) {
          const edge &e = g_edges[path[k]];
          cycle[ncycle++] = {e.from, e.to, e.owner_id, e.from_stack, e.to_stack};
        }
        const edge &e = g_edges[g_nedges - 1];
        cycle[ncycle++] = {e.from, e.to, e.owner_id, e.from_stack, e.to_stack};
      }
    }
  }
  if (ncycle) report_lock_inversion(o, cycle, ncycle);
}

}  // namespace

void mutex_create(owner *o, uintptr_t m, uintptr_t pc) {
  sync_destroy(m);  // a re-initialized mutex starts fresh
  sync_var *s = sync_find(m, true, owner_stack(o, pc));
  s->mu.assert_held();
  s->mu.unlock();
  if (g_options.deadlock_check) {
    raw_lock_guard l(g_graph_mu);
    remove_edges_of(m);
  }
}

void mutex_destroy(owner *o, uintptr_t m, uintptr_t pc) {
  sync_var *s = sync_find(m, false);
  if (!s) return;
  s->mu.assert_held();
  uint32_t holder = s->mx ? s->mx->holder : 0;
  stack_id where = s->mx ? s->mx->lock_stack : 0;
  s->mu.unlock();
  if (holder) report_misuse(o, "destroy of a locked mutex", m, owner_stack(o, pc), where, holder - 1, "locked");
  sync_destroy(m);
  if (g_options.deadlock_check) {
    raw_lock_guard l(g_graph_mu);
    remove_edges_of(m);
  }
}

void mutex_locked(owner *o, uintptr_t m, bool write, uintptr_t pc) {
  stack_id stack = owner_stack(o, pc);
  sync_var *s = sync_find(m, true, stack);
  s->mu.assert_held();
  sync_acquire(o, s);
  mutex_state &mx = mutex_of(s);
  if (write) {
    o->clock.join(mx.read_clock);
    mx.holder = o->desc->id + 1;
    mx.recursion++;
    mx.lock_stack = stack;
  } else {
    mx.readers++;
  }
  s->mu.unlock();
  if (g_options.deadlock_check && o->nheld > 0) record_order(o, m, stack);
  if (o->nheld < 32) o->held[o->nheld] = {m, stack, write};
  o->nheld++;
}

bool mutex_unlocking(owner *o, uintptr_t m, uintptr_t pc) {
  sync_var *s = sync_find(m, true);
  s->mu.assert_held();
  bool ok = true;
  const char *misuse = nullptr;
  mutex_state &mx = mutex_of(s);
  uint32_t holder = mx.holder;
  stack_id where = mx.lock_stack;
  if (mx.holder == o->desc->id + 1) {
    sync_release(o, s);
    if (--mx.recursion == 0) mx.holder = 0;
  } else if (mx.readers > 0 && mx.holder == 0) {
    // Unlock of a shared lock.
    mx.read_clock.join(o->clock);
    owner_tick(o);
    mx.readers--;
  } else {
    ok = false;
    misuse = mx.holder ? "unlock of a mutex held by another thread" : "unlock of an unlocked mutex";
  }
  s->mu.unlock();
  if (!ok) {
    report_misuse(o, misuse, m, owner_stack(o, pc), where, holder ? holder - 1 : ~0u, holder ? "locked" : nullptr);
    return false;
  }
  // Forget the most recent hold of m.
  uint32_t n = o->nheld < 32 ? o->nheld : 32;
  for (uint32_t i = n; i-- > 0;) {
    if (o->held[i].addr == m) {
      for (uint32_t k = i; k + 1 < n; k++) o->held[k] = o->held[k + 1];
      break;
    }
  }
  if (o->nheld) o->nheld--;
  return true;
}

}  // namespace vigil::detect
