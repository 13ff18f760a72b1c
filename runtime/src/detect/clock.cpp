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

clock_snapshot *snapshot_new(const vclock &c) {
  static uint64_t next_id;
  auto *s = static_cast<clock_snapshot *>(internal_alloc(sizeof(clock_snapshot)));
  s->id = __atomic_add_fetch(&next_id, 1, __ATOMIC_RELAXED);
  s->refs = 1;
  new (&s->clock) vclock();
  s->clock.assign(c);
  return s;
}

void snapshot_ref(clock_snapshot *s) { __atomic_fetch_add(&s->refs, 1, __ATOMIC_RELAXED); }

void snapshot_unref(clock_snapshot *s) {
  if (__atomic_sub_fetch(&s->refs, 1, __ATOMIC_ACQ_REL) != 0) return;
  s->clock.reset();
  internal_free(s);
}

}  // namespace vigil::detect
