// clock.cpp — chunked dense vector clocks.
#include "clock.h"

#include <new>

namespace vigil::detect {

namespace {

// A chunk is shared between clocks copy-on-write: its header counts the
// clocks that hold it. Invariant: a chunk is written only by a clock that
// holds the only reference (refs == 1), and a reference is added only by
// whoever has exclusive access to a clock that holds the chunk (its owner
// thread, or the sync object's lock). So refs == 1 seen by the one holder
// stays 1 while it writes: nobody else can start sharing the chunk. A holder
// that sees refs > 1 copies first, then drops its reference (acq_rel: its
// copy is complete before another holder, seeing refs == 1, writes).
struct chunk_header {
  uint32_t refs;
  uint32_t pad;
};
static_assert(sizeof(chunk_header) == 8 && offsetof(chunk_header, refs) == 0, "vclock::chunk_refs");
constexpr size_t kChunkBytes = vclock::kChunk * sizeof(clock_t_);

chunk_header *header_of(clock_t_ *chunk) { return reinterpret_cast<chunk_header *>(chunk) - 1; }

clock_t_ *chunk_new_zeroed() {
  auto *h = static_cast<chunk_header *>(internal_calloc(1, sizeof(chunk_header) + kChunkBytes));
  h->refs = 1;
  return reinterpret_cast<clock_t_ *>(h + 1);
}

clock_t_ *chunk_share(clock_t_ *chunk) {
  __atomic_fetch_add(&header_of(chunk)->refs, 1, __ATOMIC_RELAXED);
  return chunk;
}

void chunk_unref(clock_t_ *chunk) {
  chunk_header *h = header_of(chunk);
  if (__atomic_sub_fetch(&h->refs, 1, __ATOMIC_ACQ_REL) == 0) internal_free(h);
}

bool chunk_shared(clock_t_ *chunk) { return __atomic_load_n(&header_of(chunk)->refs, __ATOMIC_ACQUIRE) > 1; }

}  // namespace

const clock_t_ vclock::kZeroChunk[vclock::kChunk] = {};

void vclock::refresh_first() {
  first_ = ntop_ != 0 && top_[0] != nullptr && top_[0][0] != nullptr ? top_[0][0] : kZeroChunk;
}

clock_t_ **vclock::chunk_ref(uint32_t c) {
  uint32_t t = c >> kLeafBits;
  if (t >= ntop_) {
    // Exact size first (most clocks stay within one leaf: 4,096 slots),
    // doubling after that.
    uint32_t n = ntop_ ? ntop_ * 2 : t + 1;
    if (n <= t) n = t + 1;
    top_ = static_cast<clock_t_ ***>(internal_realloc(top_, n * sizeof(clock_t_ **)));
    mem_zero(top_ + ntop_, (n - ntop_) * sizeof(clock_t_ **));
    ntop_ = n;
  }
  if (top_[t] == nullptr) top_[t] = static_cast<clock_t_ **>(internal_calloc(kLeaf, sizeof(clock_t_ *)));
  return &top_[t][c & (kLeaf - 1)];
}

template <class F>
void vclock::for_each_chunk(uint32_t limit, F f) const {
  for (uint32_t t = 0; t < ntop_ && (t << kLeafBits) < limit; t++) {
    clock_t_ **leaf = top_[t];
    if (leaf == nullptr) continue;
    for (uint32_t i = 0; i < kLeaf; i++) {
      uint32_t c = (t << kLeafBits) | i;
      if (c >= limit) break;
      if (leaf[i]) f(c, leaf[i]);
    }
  }
}

clock_t_ *vclock::chunk_for_write(uint32_t c) {
  clock_t_ **ref = chunk_ref(c);
  clock_t_ *chunk = *ref;
  if (chunk == nullptr) {
    *ref = chunk_new_zeroed();
  } else if (chunk_shared(chunk)) {
    clock_t_ *copy = chunk_new_zeroed();
    mem_copy(copy, chunk, kChunkBytes);
    chunk_unref(chunk);
    *ref = copy;
  }
  if (c == 0) refresh_first();
  return *ref;
}

namespace {
constexpr uint32_t kAllChunks = ~0u;
uint32_t chunks_below(uint32_t entries) { return (entries + vclock::kChunk - 1) / vclock::kChunk; }
}  // namespace

void vclock::set_slow(uint32_t slot, clock_t_ v) {
  chunk_for_write(slot >> kChunkBits)[slot & (kChunk - 1)] = v;
  if (v && slot >= hi_) hi_ = slot + 1;
}

void vclock::join(const vclock &other) {
  // Only up to other.hi_: programs with few threads join a few entries.
  uint32_t hi = other.hi_;
  unsigned raised = 0;
  other.for_each_chunk(chunks_below(hi), [&](uint32_t c, clock_t_ *src) {
    clock_t_ **ref = chunk_ref(c);
    if (*ref == nullptr) {
      // Nothing here yet: take the other's chunk (copy-on-write). Entries
      // at or above other.hi_ in it are zero.
      *ref = chunk_share(src);
      for (unsigned i = 0; i < kChunk && !raised; i++) raised |= src[i] != 0;
      return;
    }
    if (*ref == src) return;  // the same chunk: nothing to raise
    unsigned n = hi - c * kChunk < kChunk ? hi - c * kChunk : kChunk;
    // Write only if something rises (a shared chunk is copied then).
    unsigned i = 0;
    while (i < n && (*ref)[i] >= src[i]) i++;
    if (i == n) return;
    clock_t_ *dst = chunk_for_write(c);
    raised = 1;
    for (; i < n; i++) dst[i] = dst[i] < src[i] ? src[i] : dst[i];
  });
  if (hi > hi_) hi_ = hi;
  changes_ += raised;
  refresh_first();
}

void vclock::assign(const vclock &other) {
  if (this == &other) return;
  // Drop every chunk of ours the other does not have at the same index,
  // then take the other's by reference.
  for_each_chunk(kAllChunks, [&](uint32_t c, clock_t_ *mine) {
    if (other.chunk_at(c) == mine) return;
    chunk_unref(mine);
    *chunk_ref(c) = nullptr;
  });
  other.for_each_chunk(kAllChunks, [&](uint32_t c, clock_t_ *theirs) {
    clock_t_ **ref = chunk_ref(c);
    if (*ref != theirs) *ref = chunk_share(theirs);
  });
  hi_ = other.hi_;
  changes_++;
  refresh_first();
}

void vclock::clear() {
  // Entries at or above hi_ are zero already: only the chunks below it are
  // touched, and only their entries below it (an acquire fence clears the
  // clock it collected, a few entries, every time).
  if (hi_ == 0) return;
  for_each_chunk(chunks_below(hi_), [&](uint32_t c, clock_t_ *chunk) {
    if (chunk_shared(chunk)) {
      chunk_unref(chunk);
      *chunk_ref(c) = nullptr;
    } else {
      uint32_t n = hi_ - c * kChunk < kChunk ? hi_ - c * kChunk : kChunk;
      mem_zero(chunk, n * sizeof(clock_t_));
    }
  });
  hi_ = 0;
  changes_++;
  refresh_first();
}

void vclock::reset() {
  for (uint32_t t = 0; t < ntop_; t++) {
    if (top_[t] == nullptr) continue;
    for (uint32_t i = 0; i < kLeaf; i++)
      if (top_[t][i]) chunk_unref(top_[t][i]);
    internal_free(top_[t]);
  }
  internal_free(top_);
  top_ = nullptr;
  ntop_ = 0;
  hi_ = 0;
  changes_++;
  first_ = kZeroChunk;
}

bool vclock::empty() const {
  bool any = false;
  for_each_chunk(kAllChunks, [&](uint32_t, clock_t_ *chunk) {
    for (unsigned i = 0; i < kChunk && !any; i++) any = chunk[i] != 0;
  });
  return !any;
}

size_t vclock::memory_bytes() const {
  size_t n = ntop_ * sizeof(clock_t_ **);
  for (uint32_t t = 0; t < ntop_; t++)
    if (top_[t]) n += kLeaf * sizeof(clock_t_ *);
  for_each_chunk(kAllChunks, [&](uint32_t, clock_t_ *) { n += sizeof(chunk_header) + kChunkBytes; });  // shared chunks counted whole
  return n;
}

void vclock::join(const clock_t_ *entries, uint32_t n) {
  unsigned raised = 0;
  for (uint32_t c = 0; c * kChunk < n; c++) {
    const clock_t_ *src = entries + c * kChunk;
    unsigned m = n - c * kChunk < kChunk ? n - c * kChunk : kChunk;
    // A chunk of zeros adds nothing and needs no memory here; a chunk is
    // made writable (allocated, or copied if shared) only when an entry rises.
    clock_t_ *dst = chunk_at(c);
    bool writable = false;
    for (unsigned i = 0; i < m; i++) {
      if (src[i] == 0 || (dst && dst[i] >= src[i])) continue;
      if (!writable) {
        if (dst == nullptr || chunk_refs(dst) != 1) dst = chunk_for_write(c);  // else it is this clock's alone
        writable = true;
      }
      raised = 1;
      dst[i] = src[i];
    }
  }
  if (n > hi_) {
    // hi_ only counts entries that may be nonzero: find the last one.
    uint32_t h = n;
    while (h > hi_ && entries[h - 1] == 0) h--;
    hi_ = h;
  }
  changes_ += raised;
}

void vclock::copy_to(clock_t_ *out, uint32_t n) const {
  for (uint32_t c = 0; c * kChunk < n; c++) {
    unsigned m = n - c * kChunk < kChunk ? n - c * kChunk : kChunk;
    if (const clock_t_ *chunk = chunk_at(c)) mem_copy(out + c * kChunk, chunk, m * sizeof(clock_t_));
    else mem_zero(out + c * kChunk, m * sizeof(clock_t_));
  }
}

void vclock::max_into(clock_t_ *out, uint32_t n) const {
  for_each_chunk(chunks_below(n), [&](uint32_t c, clock_t_ *src) {
    clock_t_ *dst = out + c * kChunk;
    unsigned m = n - c * kChunk < kChunk ? n - c * kChunk : kChunk;
    for (unsigned i = 0; i < m; i++) dst[i] = dst[i] < src[i] ? src[i] : dst[i];
  });
}

void clock_snapshot::join_into(vclock &dst) const {
  if (n == kBig) dst.join(big);
  else dst.join(flat, n);
}

clock_snapshot *snapshot_new(const vclock &c) {
  static uint64_t next_id;
  uint32_t n = c.hi();
  bool flat = n <= clock_snapshot::kFlatMax;
  auto *s = static_cast<clock_snapshot *>(
      internal_alloc(sizeof(clock_snapshot) + (flat ? n * sizeof(clock_t_) : 0)));
  s->id = __atomic_add_fetch(&next_id, 1, __ATOMIC_RELAXED);
  s->refs = 1;
  new (&s->big) vclock();
  if (flat) {
    s->n = n;
    c.copy_to(s->flat, n);
  } else {
    s->n = clock_snapshot::kBig;
    s->big.assign(c);
  }
  return s;
}

void snapshot_ref(clock_snapshot *s) { __atomic_fetch_add(&s->refs, 1, __ATOMIC_RELAXED); }

void snapshot_unref(clock_snapshot *s) {
  if (__atomic_sub_fetch(&s->refs, 1, __ATOMIC_ACQ_REL) != 0) return;
  s->big.reset();
  internal_free(s);
}

}  // namespace vigil::detect
