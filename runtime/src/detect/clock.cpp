// clock.cpp — chunked dense vector clocks.
#include "clock.h"

#include <new>

namespace vigil::detect {

clock_t_ *vclock::chunk_for_write(uint32_t c) {
  if (c >= ndir_) {
    // Exact size first (a clock that hears of one far slot stays small),
    // doubling after that.
    uint32_t n = ndir_ ? ndir_ * 2 : c + 1;
    if (n <= c) n = c + 1;
    dir_ = static_cast<clock_t_ **>(internal_realloc(dir_, n * sizeof(clock_t_ *)));
    mem_zero(dir_ + ndir_, (n - ndir_) * sizeof(clock_t_ *));
    ndir_ = n;
  }
  if (dir_[c] == nullptr)
    dir_[c] = static_cast<clock_t_ *>(internal_calloc(kChunk, sizeof(clock_t_)));
  return dir_[c];
}

void vclock::set(uint32_t slot, clock_t_ v) {
  chunk_for_write(slot >> kChunkBits)[slot & (kChunk - 1)] = v;
  if (v && slot >= hi_) hi_ = slot + 1;
}

void vclock::join(const vclock &other) {
  // Only up to other.hi_: programs with few threads join a few entries.
  uint32_t hi = other.hi_;
  unsigned raised = 0;
  for (uint32_t c = 0; c * kChunk < hi; c++) {
    const clock_t_ *src = other.dir_[c];
    if (src == nullptr) continue;
    clock_t_ *dst = chunk_for_write(c);
    unsigned n = hi - c * kChunk < kChunk ? hi - c * kChunk : kChunk;
    for (unsigned i = 0; i < n; i++) {
      raised |= dst[i] < src[i];
      dst[i] = dst[i] < src[i] ? src[i] : dst[i];
    }
  }
  if (hi > hi_) hi_ = hi;
  changes_ += raised;
}

void vclock::assign(const vclock &other) {
  if (this == &other) return;
  for (uint32_t c = 0; c < ndir_; c++)
    if (dir_[c] && (c >= other.ndir_ || other.dir_[c] == nullptr)) mem_zero(dir_[c], kChunk * sizeof(clock_t_));
  for (uint32_t c = 0; c < other.ndir_; c++) {
    if (other.dir_[c] == nullptr) continue;
    mem_copy(chunk_for_write(c), other.dir_[c], kChunk * sizeof(clock_t_));
  }
  hi_ = other.hi_;
  changes_++;
}

void vclock::clear() {
  for (uint32_t c = 0; c * kChunk < hi_; c++)
    if (dir_[c]) mem_zero(dir_[c], kChunk * sizeof(clock_t_));
  hi_ = 0;
  changes_++;
}

void vclock::reset() {
  for (uint32_t c = 0; c < ndir_; c++) internal_free(dir_[c]);
  internal_free(dir_);
  dir_ = nullptr;
  ndir_ = 0;
  hi_ = 0;
  changes_++;
}

bool vclock::empty() const {
  for (uint32_t c = 0; c < ndir_; c++) {
    if (!dir_[c]) continue;
    for (unsigned i = 0; i < kChunk; i++)
      if (dir_[c][i]) return false;
  }
  return true;
}

size_t vclock::memory_bytes() const {
  size_t n = ndir_ * sizeof(clock_t_ *);
  for (uint32_t c = 0; c < ndir_; c++)
    if (dir_[c]) n += kChunk * sizeof(clock_t_);
  return n;
}

void vclock::join(const clock_t_ *entries, uint32_t n) {
  unsigned raised = 0;
  for (uint32_t c = 0; c * kChunk < n; c++) {
    const clock_t_ *src = entries + c * kChunk;
    unsigned m = n - c * kChunk < kChunk ? n - c * kChunk : kChunk;
    // A chunk of zeros adds nothing and needs no memory here.
    clock_t_ *dst = (c < ndir_ && dir_[c]) ? dir_[c] : nullptr;
    for (unsigned i = 0; i < m; i++) {
      if (src[i] == 0) continue;
      if (!dst) dst = chunk_for_write(c);
      raised |= dst[i] < src[i];
      dst[i] = dst[i] < src[i] ? src[i] : dst[i];
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
    if (c < ndir_ && dir_[c]) mem_copy(out + c * kChunk, dir_[c], m * sizeof(clock_t_));
    else mem_zero(out + c * kChunk, m * sizeof(clock_t_));
  }
}

void vclock::max_into(clock_t_ *out, uint32_t n) const {
  for (uint32_t c = 0; c < ndir_ && c * kChunk < n; c++) {
    const clock_t_ *src = dir_[c];
    if (src == nullptr) continue;
    clock_t_ *dst = out + c * kChunk;
    unsigned m = n - c * kChunk < kChunk ? n - c * kChunk : kChunk;
    for (unsigned i = 0; i < m; i++) dst[i] = dst[i] < src[i] ? src[i] : dst[i];
  }
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
