// heap.h — the table of live heap blocks, for shadow resets on free and for
// "heap block of size N allocated by thread T at ..." in reports.
#pragma once

#include "reports.h"
#include "defs.h"

namespace vigil::detect {

void heap_insert(uintptr_t addr, size_t size, uint32_t owner_id, stack_id stack);
// Removes the block; returns false if unknown (allocated before the runtime
// started, or not by malloc).
bool heap_remove(uintptr_t addr, heap_block_info *out);
void heap_lock_all() VIGIL_NO_TSA;
void heap_unlock_all() VIGIL_NO_TSA;

}  // namespace vigil::detect
