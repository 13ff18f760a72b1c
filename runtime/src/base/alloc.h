// alloc.h — vigil's own heap, on its own mappings (alloc.cpp).
//
// Compiled into both link units; each copy has its own heap, so a block is
// freed by the copy that allocated it: nothing allocated here is ever put in
// the per-process state (process.h).
#ifndef VIGIL_BASE_ALLOC_H
#define VIGIL_BASE_ALLOC_H

#include <stddef.h>

#include <vigil/detail/thread_safety.h>

namespace vigil::base {

class text_buffer;

// Memory for vigil's own structures; never the program's heap.
void *internal_alloc(size_t size);
void *internal_calloc(size_t n, size_t size);
void *internal_realloc(void *p, size_t size);
void internal_free(void *p);
// Does [p, p+n) lie within the chunk (or large mapping) of the heap block p?
// Such memory stays readable even after p is freed (the heap never unmaps):
// for lock-free readers of blocks that may be freed under them, which must
// bound what they read by it.
bool internal_block_readable(const void *p, size_t n);
// Address space the heap has taken (small-class chunks, never returned, and
// live large blocks): the runtime's memory statistics.
size_t internal_heap_bytes();
// Appends the classes holding 4 MiB or more, and the large blocks (verbosity).
void internal_heap_describe(text_buffer &t);
// A thread that is about to exit returns its cached free blocks.
void internal_alloc_thread_exit();
// Fork: no thread may hold an allocator lock across it.
void internal_alloc_lock_all() VIGIL_NO_TSA;
void internal_alloc_unlock_all() VIGIL_NO_TSA;
// Zeroed, page-aligned, lazily committed (MAP_NORESERVE) memory, mapped with
// the raw system call (never through an mmap interceptor). If the address
// space cannot be had, the program stops with one line naming `what`, the
// size, the reason and the address-space limit if there is one (exit 70).
void *map_reserve(size_t size, const char *what);
void unmap(void *p, size_t size);

}  // namespace vigil::base

#endif  // VIGIL_BASE_ALLOC_H
