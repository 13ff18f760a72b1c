// mutex.cpp — mutex semantics on sync_vars, and the lock-order graph.
//
// Lock-order graph: an edge A→B is recorded the first time some owner locks B
// while holding A, with both stacks. Adding an edge A→B when B→…→A already
// exists closes a cycle: a potential deadlock even if the run did not hang.
//
// Cost per acquisition is bounded whatever the graph holds:
//  - an owner remembers the edges it has already seen (a direct-mapped cache
//    of (from, to) pairs, allocated at its first nested lock): a lock taken
//    again in a known order checks its held locks (at most 32) against the
//    cache and takes no lock;
//  - the graph finds an edge in a hash table keyed by (from, to), and a
//    node's outgoing edges through a list headed in a node table, so the
//    cycle search that a new edge starts walks only edges reachable from it,
//    at most kMaxDepth deep and kMaxVisits nodes wide.
// Edges are only added (pthread_mutex_init/destroy of a node drops its edges
// and bumps g_generation, which empties every owner's cache lazily).
// Everything but the owners' caches is protected by g_graph_mu; a cache is
// its owner's.
#include "mutex.h"

#include "reports.h"
#include "sync.h"

namespace vigil::detect {
namespace {

constexpr int kMaxDepth = 16;       // longest cycle searched for, in edges
constexpr uint32_t kMaxVisits = 4096;  // nodes one search may visit

struct edge {
  uintptr_t from, to;
  uint32_t owner_id;
  stack_id from_stack, to_stack;
  uint32_t next_out;  // index + 1 of the next edge from `from`; 0 at the end
};

struct node {
  uintptr_t addr;     // 0: empty slot
  uint32_t first_out; // index + 1 of its first outgoing edge; 0 if none
  uint32_t visited;   // the search generation that last visited it
};

raw_lock g_graph_mu;
edge *g_edges VIGIL_GUARDED_BY(g_graph_mu);
uint32_t g_nedges VIGIL_GUARDED_BY(g_graph_mu);
// Nonzero once any edge was added: until then, retiring a sync var need not
// look at the graph (lock_order_forget). Relaxed: set under g_graph_mu.
uint32_t g_graph_used;
// A filter of the graph's nodes by address (bits never cleared): a retired
// sync var whose bit is clear is no node, and lock_order_forget returns
// without taking g_graph_mu (most retired vars are atomics, not mutexes).
constexpr uint32_t kNodeFilterBits = 1u << 16;
uint64_t g_node_filter[kNodeFilterBits / 64];
uint32_t node_filter_bit(uintptr_t m) { return static_cast<uint32_t>((m >> 3) * 0x9E3779B97F4A7C15ull >> 48); }
// vigil mutexes unlocked by an owner that did not lock them (Go allows it):
// out of the graph for good. A small open-addressed set; when full, every
// vigil mutex is (g_unordered_all).
constexpr uint32_t kUnordered = 256;
uintptr_t g_unordered[kUnordered] VIGIL_GUARDED_BY(g_graph_mu);
uint32_t g_nunordered;     // atomic reads: zero means the set is empty
bool g_unordered_all;      // atomic reads
uint32_t g_edge_cap VIGIL_GUARDED_BY(g_graph_mu);
// Open addressing, load at most 1/2: edge index + 1, 0 empty.
uint32_t *g_edge_table VIGIL_GUARDED_BY(g_graph_mu);
uint32_t g_edge_table_cap VIGIL_GUARDED_BY(g_graph_mu);  // a power of two
node *g_nodes VIGIL_GUARDED_BY(g_graph_mu);
uint32_t g_nnodes VIGIL_GUARDED_BY(g_graph_mu);
uint32_t g_node_cap VIGIL_GUARDED_BY(g_graph_mu);  // a power of two
uint32_t g_search VIGIL_GUARDED_BY(g_graph_mu);    // search generation
uint32_t g_generation;  // atomic: bumped when edges are dropped

VIGIL_ALWAYS_INLINE uint64_t mix(uintptr_t a, uintptr_t b) {
  uint64_t h = (a * 0x9E3779B97F4A7C15ull) ^ (b + 0x632BE59BD9B4E019ull + (a << 6) + (a >> 2));
  return h ^ (h >> 29);
}

uint32_t *edge_slot(uintptr_t from, uintptr_t to) VIGIL_REQUIRES(g_graph_mu) {
  uint32_t mask = g_edge_table_cap - 1;
  for (uint32_t i = static_cast<uint32_t>(mix(from, to)) & mask;; i = (i + 1) & mask) {
    uint32_t e = g_edge_table[i];
    if (e == 0 || (g_edges[e - 1].from == from && g_edges[e - 1].to == to)) return &g_edge_table[i];
  }
}

node *node_slot(uintptr_t addr) VIGIL_REQUIRES(g_graph_mu) {
  uint32_t mask = g_node_cap - 1;
  for (uint32_t i = static_cast<uint32_t>(mix(addr, 0)) & mask;; i = (i + 1) & mask)
    if (g_nodes[i].addr == 0 || g_nodes[i].addr == addr) return &g_nodes[i];
}

node *find_node(uintptr_t addr) VIGIL_REQUIRES(g_graph_mu) {
  if (!g_nodes) return nullptr;
  node *n = node_slot(addr);
  return n->addr ? n : nullptr;
}

// The node of addr, added if new (the table has room: see add_edge).
node *intern_node(uintptr_t addr) VIGIL_REQUIRES(g_graph_mu) {
  node *n = node_slot(addr);
  if (!n->addr) {
    n->addr = addr;
    g_nnodes++;
  }
  return n;
}

// Links edge i into its source's outgoing list (its nodes exist).
void link_edge(uint32_t i) VIGIL_REQUIRES(g_graph_mu) {
  edge &e = g_edges[i];
  *edge_slot(e.from, e.to) = i + 1;
  intern_node(e.to);
  node *n = intern_node(e.from);
  e.next_out = n->first_out;
  n->first_out = i + 1;
}

// Rebuilds both tables from g_edges (growth, or after edges were dropped).
void rebuild_tables(uint32_t edge_cap, uint32_t node_cap) VIGIL_REQUIRES(g_graph_mu) {
  internal_free(g_edge_table);
  internal_free(g_nodes);
  g_edge_table_cap = edge_cap;
  g_node_cap = node_cap;
  g_edge_table = static_cast<uint32_t *>(internal_calloc(edge_cap, sizeof(uint32_t)));
  g_nodes = static_cast<node *>(internal_calloc(node_cap, sizeof(node)));
  g_nnodes = 0;
  for (uint32_t i = 0; i < g_nedges; i++) link_edge(i);
}

void add_edge(const edge &e) VIGIL_REQUIRES(g_graph_mu) {
  if (g_nedges == g_edge_cap) {
    g_edge_cap = g_edge_cap ? g_edge_cap * 2 : 64;
    g_edges = static_cast<edge *>(internal_realloc(g_edges, g_edge_cap * sizeof(edge)));
  }
  // Tables at most half full (two new nodes at most per edge).
  if (2 * (g_nedges + 1) > g_edge_table_cap || 2 * (g_nnodes + 2) > g_node_cap) {
    uint32_t ec = g_edge_table_cap ? g_edge_table_cap : 128, nc = g_node_cap ? g_node_cap : 128;
    while (2 * (g_nedges + 1) > ec) ec *= 2;
    while (2 * (g_nnodes + 2) > nc) nc *= 2;
    rebuild_tables(ec, nc);
  }
  uint32_t i = g_nedges++;
  g_edges[i] = e;
  link_edge(i);
}

// A path from `from` to `to` of at most kMaxDepth edges (depth-first over the
// outgoing lists, each node visited once per search, at most kMaxVisits of
// them); fills path with edge indices.
bool find_path(uintptr_t from, uintptr_t to, uint32_t *path, size_t *len) VIGIL_REQUIRES(g_graph_mu) {
  node *start = find_node(from);
  if (!start) return false;
  uint32_t gen = ++g_search;
  uint32_t visits = 1;
  start->visited = gen;
  uint32_t next[kMaxDepth];  // per depth: the next edge (index + 1) to try
  next[0] = start->first_out;
  int depth = 0;
  while (depth >= 0) {
    uint32_t e = next[depth];
    if (e == 0) {  // this node's edges are done
      depth--;
      continue;
    }
    const edge &ed = g_edges[e - 1];
    next[depth] = ed.next_out;
    path[depth] = e - 1;
    if (ed.to == to) {
      *len = static_cast<size_t>(depth) + 1;
      return true;
    }
    if (depth + 1 == kMaxDepth) continue;
    node *n = find_node(ed.to);
    if (!n || n->visited == gen || !n->first_out) continue;
    if (++visits > kMaxVisits) return false;
    n->visited = gen;
    next[++depth] = n->first_out;
  }
  return false;
}

void remove_edges_of(uintptr_t m) VIGIL_REQUIRES(g_graph_mu) {
  if (!find_node(m)) return;
  uint32_t k = 0;
  for (uint32_t i = 0; i < g_nedges; i++)
    if (g_edges[i].from != m && g_edges[i].to != m) g_edges[k++] = g_edges[i];
  g_nedges = k;
  rebuild_tables(g_edge_table_cap, g_node_cap);
  __atomic_fetch_add(&g_generation, 1, __ATOMIC_RELAXED);
}

// The owner's cache of edges it has seen (see above).
constexpr uint32_t kOrderCache = 128;
struct order_cache {
  uint32_t generation;
  struct pair {
    uintptr_t from, to;
  } pairs[kOrderCache];
};

order_cache::pair &cache_pair(order_cache *c, uintptr_t from, uintptr_t to) {
  return c->pairs[mix(from, to) & (kOrderCache - 1)];
}

bool unordered_locked(uintptr_t m) VIGIL_REQUIRES(g_graph_mu) {
  for (uint32_t i = mix(m, 0) & (kUnordered - 1), k = 0; k < kUnordered; k++, i = (i + 1) & (kUnordered - 1)) {
    if (g_unordered[i] == m) return true;
    if (g_unordered[i] == 0) return false;
  }
  return false;
}

// True if m, or a mutex the owner holds, was taken out of the graph.
bool involves_unordered(owner *o, uintptr_t m) {
  if (__atomic_load_n(&g_nunordered, __ATOMIC_RELAXED) == 0) return false;
  raw_lock_guard l(g_graph_mu);
  if (unordered_locked(m)) return true;
  uint32_t n = o->nheld < 32 ? o->nheld : 32;
  for (uint32_t i = 0; i < n; i++)
    if (unordered_locked(o->held[i].addr)) return true;
  return false;
}

void record_order(owner *o, uintptr_t m, stack_id stack) {
  auto *cache = static_cast<order_cache *>(o->order_cache);
  if (!cache) o->order_cache = cache = static_cast<order_cache *>(internal_calloc(1, sizeof(order_cache)));
  uint32_t gen = __atomic_load_n(&g_generation, __ATOMIC_RELAXED);
  if (cache->generation != gen) {
    mem_zero(cache->pairs, sizeof cache->pairs);
    cache->generation = gen;
  }
  uint32_t n = o->nheld < 32 ? o->nheld : 32;
  bool all_known = true;
  for (uint32_t i = 0; i < n && all_known; i++) {
    uintptr_t from = o->held[i].addr;
    const order_cache::pair &p = cache_pair(cache, from, m);
    all_known = from == m || (p.from == from && p.to == m);
  }
  if (all_known) return;
  lock_edge cycle[kMaxDepth + 1];
  size_t ncycle = 0;
  {
    raw_lock_guard l(g_graph_mu);
    for (uint32_t i = 0; i < n; i++) {
      uintptr_t from = o->held[i].addr;
      if (from == m) continue;
      cache_pair(cache, from, m) = {from, m};
      if (g_edge_table && *edge_slot(from, m)) continue;
      if (g_nunordered && (unordered_locked(from) || unordered_locked(m))) continue;
      add_edge({from, m, o->desc->id, o->held[i].stack, stack, 0});
      for (uintptr_t a : {from, m})
        __atomic_fetch_or(&g_node_filter[node_filter_bit(a) / 64], uint64_t{1} << (node_filter_bit(a) % 64),
                          __ATOMIC_RELAXED);
      if (!g_graph_used) {
        __atomic_store_n(&g_graph_used, 1u, __ATOMIC_RELAXED);
        __atomic_store_n(&g_sync_retire_hook, &lock_order_forget, __ATOMIC_RELEASE);
      }
      uint32_t path[kMaxDepth];
      size_t len = 0;
      if (ncycle == 0 && find_path(m, from, path, &len)) {
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

void mutex_locked(owner *o, uintptr_t m, bool write, uintptr_t pc, lock_how how) {
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
  if (g_options.deadlock_check && o->nheld > 0 && how == lock_how::blocking) record_order(o, m, stack);
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

void lock_order_acquired(owner *o, uintptr_t m, bool write, stack_id stack, lock_how how) {
  if (g_options.deadlock_check && o->nheld > 0 && how == lock_how::blocking &&
      !__atomic_load_n(&g_unordered_all, __ATOMIC_RELAXED) && !involves_unordered(o, m))
    record_order(o, m, stack);
  if (o->nheld < 32) o->held[o->nheld] = {m, stack, write};
  o->nheld++;
}

void lock_order_released(owner *o, uintptr_t m) {
  uint32_t n = o->nheld < 32 ? o->nheld : 32;
  for (uint32_t i = n; i-- > 0;) {
    if (o->held[i].addr == m) {
      for (uint32_t k = i; k + 1 < n; k++) o->held[k] = o->held[k + 1];
      o->nheld--;
      return;
    }
  }
  if (o->nheld > 32) {
    o->nheld--;  // beyond the 32 tracked: assume it was one of those
    return;
  }
  // Unlocked by an owner that does not hold it (a hand-over, as Go allows):
  // the holder's record of it stays behind, so m leaves the graph for good.
  if (!g_options.deadlock_check) return;
  raw_lock_guard l(g_graph_mu);
  if (unordered_locked(m)) return;
  if (g_nunordered * 2 >= kUnordered) {
    __atomic_store_n(&g_unordered_all, true, __ATOMIC_RELAXED);
    return;
  }
  for (uint32_t i = mix(m, 0) & (kUnordered - 1);; i = (i + 1) & (kUnordered - 1))
    if (g_unordered[i] == 0) {
      g_unordered[i] = m;
      break;
    }
  __atomic_store_n(&g_nunordered, g_nunordered + 1, __ATOMIC_RELAXED);
  remove_edges_of(m);
}

void lock_order_forget(uintptr_t m) {
  uint32_t b = node_filter_bit(m);
  if (!(__atomic_load_n(&g_node_filter[b / 64], __ATOMIC_RELAXED) & (uint64_t{1} << (b % 64)))) return;
  raw_lock_guard l(g_graph_mu);
  remove_edges_of(m);
}

}  // namespace vigil::detect
