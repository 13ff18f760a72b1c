// stack_depot.cpp — the lock-free call trie behind stack ids.
#include "stack_depot.h"

namespace vigil::detect {
namespace {

struct node {
  uintptr_t pc;
  stack_id parent;
  stack_id next;  // next node in the same hash bucket
};

// Sized for virtual memory, committed lazily (MAP_NORESERVE). The bucket
// array is small enough that the pages a program's stacks touch stay few
// (a huge open-addressing table would touch one page per stack).
constexpr uint32_t kMaxNodes = 1u << 26;
constexpr uint32_t kBucketBits = 20;  // 4 MiB, touched page by page as stacks arrive
constexpr uint32_t kBuckets = 1u << kBucketBits;

node *g_nodes;          // g_nodes[0] is the empty stack
stack_id *g_buckets;    // chain heads, 0 = empty
uint32_t g_next_node = 1;  // atomic: next free node index

VIGIL_ALWAYS_INLINE uint32_t hash(stack_id parent, uintptr_t pc) {
  uint64_t h = (static_cast<uint64_t>(parent) * 0x9E3779B97F4A7C15ull) ^ pc;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 32;
  return static_cast<uint32_t>(h);
}

// Searches the chain from `id` down to (excluding) `stop`.
VIGIL_ALWAYS_INLINE stack_id find_in_chain(stack_id id, stack_id stop, stack_id parent, uintptr_t pc) {
  for (; id != stop; id = g_nodes[id].next)
    if (g_nodes[id].pc == pc && g_nodes[id].parent == parent) return id;
  return 0;
}

}  // namespace

void stack_depot_init() {
  if (g_nodes) return;
  g_nodes = static_cast<node *>(map_reserve(sizeof(node) * static_cast<size_t>(kMaxNodes), "the stack depot"));
  g_buckets = static_cast<stack_id *>(map_reserve(sizeof(stack_id) * static_cast<size_t>(kBuckets), "the stack depot"));
}

// Lock-free: a node is complete before the release CAS that links it at the
// head of its bucket; readers load heads with acquire. Nodes never move or die.
// A racing insert of the same stack is found by re-searching the part of the
// chain added since our first look; the node we prepared is then left unused.
stack_id stack_intern(stack_id parent, uintptr_t pc) {
  stack_id *bucket = &g_buckets[hash(parent, pc) & (kBuckets - 1)];
  stack_id head = __atomic_load_n(bucket, __ATOMIC_ACQUIRE);
  if (stack_id id = find_in_chain(head, 0, parent, pc)) return id;
  stack_id fresh = __atomic_fetch_add(&g_next_node, 1, __ATOMIC_RELAXED);
  VIGIL_CHECK(fresh < kMaxNodes);
  g_nodes[fresh].pc = pc;
  g_nodes[fresh].parent = parent;
  for (;;) {
    g_nodes[fresh].next = head;
    stack_id seen = head;
    if (__atomic_compare_exchange_n(bucket, &head, fresh, false, __ATOMIC_RELEASE, __ATOMIC_ACQUIRE)) return fresh;
    // head now holds the new chain head; look at what was added.
    if (stack_id id = find_in_chain(head, seen, parent, pc)) return id;
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
