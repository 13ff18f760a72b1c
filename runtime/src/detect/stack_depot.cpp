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

// Stack groups (stack_depot.h).
struct group {
  stack_id by_byte[8];
  stack_group next;  // next group in the same hash bucket
};
constexpr uint32_t kMaxGroups = 1u << 22;     // 144 MiB of address space, committed as used
constexpr uint32_t kGroupBucketBits = 18;  // 1 MiB
constexpr uint32_t kGroupBuckets = 1u << kGroupBucketBits;

group *g_groups;              // g_groups[0] is unused: 0 means "no group"
stack_group *g_group_buckets;  // chain heads, 0 = empty
uint32_t g_next_group = 1;     // atomic: next free group index

VIGIL_ALWAYS_INLINE uint32_t group_hash(const stack_id (&by_byte)[8]) {
  uint64_t h = 0;
  for (stack_id s : by_byte) h = (h ^ s) * 0x9E3779B97F4A7C15ull;
  return static_cast<uint32_t>(h >> 32);
}

VIGIL_ALWAYS_INLINE bool same_group(const group &g, const stack_id (&by_byte)[8]) {
  for (unsigned b = 0; b < 8; b++)
    if (g.by_byte[b] != by_byte[b]) return false;
  return true;
}

stack_group find_group(stack_group id, stack_group stop, const stack_id (&by_byte)[8]) {
  for (; id != stop; id = g_groups[id].next)
    if (same_group(g_groups[id], by_byte)) return id;
  return 0;
}

}  // namespace

void stack_depot_init() {
  if (g_nodes) return;
  g_nodes = static_cast<node *>(map_reserve(sizeof(node) * static_cast<size_t>(kMaxNodes), "the stack depot"));
  g_buckets = static_cast<stack_id *>(map_reserve(sizeof(stack_id) * static_cast<size_t>(kBuckets), "the stack depot"));
  g_groups = static_cast<group *>(map_reserve(sizeof(group) * static_cast<size_t>(kMaxGroups), "the stack depot"));
  g_group_buckets =
      static_cast<stack_group *>(map_reserve(sizeof(stack_group) * static_cast<size_t>(kGroupBuckets), "the stack depot"));
}

// Lock-free, as stack_intern: a group is complete before the release CAS
// that links it; a racing insert of the same group is found by searching
// what was linked since the first look.
stack_group stack_group_intern(const stack_id (&by_byte)[8]) {
  stack_group *bucket = &g_group_buckets[group_hash(by_byte) & (kGroupBuckets - 1)];
  stack_group head = __atomic_load_n(bucket, __ATOMIC_ACQUIRE);
  if (stack_group id = find_group(head, 0, by_byte)) return id;
  if (__atomic_load_n(&g_next_group, __ATOMIC_RELAXED) >= kMaxGroups) return 0;
  stack_group fresh = __atomic_fetch_add(&g_next_group, 1, __ATOMIC_RELAXED);
  if (fresh >= kMaxGroups) return 0;
  for (unsigned b = 0; b < 8; b++) g_groups[fresh].by_byte[b] = by_byte[b];
  for (;;) {
    g_groups[fresh].next = head;
    stack_group seen = head;
    if (__atomic_compare_exchange_n(bucket, &head, fresh, false, __ATOMIC_RELEASE, __ATOMIC_ACQUIRE)) return fresh;
    if (stack_group id = find_group(head, seen, by_byte)) return id;
  }
}

stack_id stack_group_byte(stack_group g, unsigned byte) { return g_groups[g].by_byte[byte & 7]; }

uint32_t stack_group_count() {
  uint32_t n = __atomic_load_n(&g_next_group, __ATOMIC_RELAXED);
  return (n < kMaxGroups ? n : kMaxGroups) - 1;
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
