// stack_depot.cpp — the lock-free call trie behind stack ids.
#include "stack_depot.h"

namespace vigil::detect {
namespace {

struct node {
  uintptr_t pc;
  stack_id parent;
};

// Sized for virtual memory, committed lazily: pages are touched as nodes are
// added (MAP_NORESERVE).
constexpr uint32_t kMaxNodes = 1u << 26;
constexpr uint32_t kTableBits = 27;
constexpr uint32_t kTableSize = 1u << kTableBits;

node *g_nodes;          // g_nodes[0] is the empty stack
stack_id *g_table;      // open addressing, 0 = free
uint32_t g_next_node = 1;  // atomic: next free node index

VIGIL_ALWAYS_INLINE uint32_t hash(stack_id parent, uintptr_t pc) {
  uint64_t h = (static_cast<uint64_t>(parent) * 0x9E3779B97F4A7C15ull) ^ pc;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 32;
  return static_cast<uint32_t>(h);
}

}  // namespace

void stack_depot_init() {
  if (g_nodes) return;
  g_nodes = static_cast<node *>(map_reserve(sizeof(node) * static_cast<size_t>(kMaxNodes)));
  g_table = static_cast<stack_id *>(map_reserve(sizeof(stack_id) * static_cast<size_t>(kTableSize)));
}

stack_id stack_intern(stack_id parent, uintptr_t pc) {
  stack_id fresh = 0;
  for (uint32_t i = hash(parent, pc) & (kTableSize - 1);; i = (i + 1) & (kTableSize - 1)) {
    stack_id id = __atomic_load_n(&g_table[i], __ATOMIC_ACQUIRE);
    if (id == 0) {
      if (fresh == 0) {
        fresh = __atomic_fetch_add(&g_next_node, 1, __ATOMIC_RELAXED);
        VIGIL_CHECK(fresh < kMaxNodes);
        g_nodes[fresh].pc = pc;
        g_nodes[fresh].parent = parent;
      }
      stack_id expected = 0;
      if (__atomic_compare_exchange_n(&g_table[i], &expected, fresh, false, __ATOMIC_RELEASE,
                                      __ATOMIC_ACQUIRE))
        return fresh;
      id = expected;
    }
    if (g_nodes[id].pc == pc && g_nodes[id].parent == parent) return id;
    // A node allocated for a lost race stays unused; that is rare and harmless.
  }
}

size_t stack_unwind(stack_id id, uintptr_t *pcs, size_t max) {
  size_t n = 0;
  while (id != 0 && n < max) {
    pcs[n++] = g_nodes[id].pc;
    id = g_nodes[id].parent;
  }
  return n;
}

uintptr_t stack_pc(stack_id id) { return id ? g_nodes[id].pc : 0; }
stack_id stack_parent(stack_id id) { return id ? g_nodes[id].parent : 0; }
uint32_t stack_depot_size() { return __atomic_load_n(&g_next_node, __ATOMIC_RELAXED) - 1; }

}  // namespace vigil::detect
