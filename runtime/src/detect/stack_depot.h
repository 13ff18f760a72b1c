// stack_depot.h — every call stack the program ever had, as one call trie.
//
// A stack is a node id; node = (parent node, pc). The innermost pc is the
// node's own, the parent holds the rest of the stack, id 0 is the empty stack.
// Nodes are interned, so equal stacks share one id and storing "the stack of
// this access" costs 4 bytes: this is how every race report shows both full
// stacks without replaying any history (TSan's "failed to restore the stack"
// cannot happen here).
//
// Concurrency: intern() is lock-free. Nodes are written before their id is
// published into the hash table with a release CAS; readers load ids with
// acquire, so a node is complete when its id is seen. Nodes are never freed.
#pragma once

#include "defs.h"

namespace vigil::detect {

using stack_id = uint32_t;

void stack_depot_init();
// The id of the stack `pc` called from the stack `parent`.
stack_id stack_intern(stack_id parent, uintptr_t pc);
// Fills pcs[0..] innermost first; returns the number written (≤ max).
size_t stack_unwind(stack_id id, uintptr_t *pcs, size_t max);
uintptr_t stack_pc(stack_id id);
stack_id stack_parent(stack_id id);
// Number of nodes interned so far (tests, statistics).
uint32_t stack_depot_size();

// Stack groups: the stack of each byte of one word, for a word whose bytes
// were written in one epoch of one owner by different code (the two 4-byte
// elements of an array, written by different instructions of a sort). The
// word then keeps one inline write entry whose origin names a group instead
// of a stack (shadow.h, kGroupBit), rather than a write list per word: each
// byte's own stack still reaches a report. Groups are interned like stacks
// (equal groups share one id; a program has few distinct pairs of code
// locations), lock-free, and never freed. Bytes no write covers have stack 0.
using stack_group = uint32_t;
// The group of by_byte[0..7]; 0 if the table is full (the caller then keeps
// a write list: nothing is lost).
stack_group stack_group_intern(const stack_id (&by_byte)[8]);
stack_id stack_group_byte(stack_group g, unsigned byte);
// The stack of the lowest byte of `mask` (mask != 0).
VIGIL_ALWAYS_INLINE stack_id stack_group_first(stack_group g, unsigned mask) {
  return stack_group_byte(g, static_cast<unsigned>(__builtin_ctz(mask)));
}
uint32_t stack_group_count();  // groups interned so far (tests, statistics)

}  // namespace vigil::detect
