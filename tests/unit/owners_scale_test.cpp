// owners_scale_test.cpp — 100,000 live owners fit in 2 GiB of detector memory.
#include <gtest/gtest.h>

#include <vector>

#include "detect/owner.h"

using namespace vigil::detect;

TEST(OwnersScale, HundredThousandLiveOwnersFitInTwoGiB) {
  constexpr int kOwners = 100000;
  stack_depot_init();
  owner *root = owner_create(nullptr, 0);
  std::vector<owner *> live;
  live.reserve(kOwners);
  for (int i = 0; i < kOwners; i++) live.push_back(owner_create(root, 0, owner_kind::task));
  size_t bytes = owners_memory_bytes() + root->clock.memory_bytes();
  for (owner *o : live)
    bytes += sizeof(owner) + (size_t{1} << (64 - o->intern_shift)) * sizeof(owner::intern_cache_entry) +
             o->clock.memory_bytes() + o->capacity * (sizeof(uintptr_t) + sizeof(stack_id));
  std::printf("100000 live owners: %.1f MiB of detector memory (%.0f bytes each)\n", bytes / 1048576.0,
              static_cast<double>(bytes) / kOwners);
  EXPECT_LT(bytes, size_t{2} << 30);
  // Each owner starts after everything root did before creating it, and
  // distinct live owners hold distinct slots.
  EXPECT_GE(live[kOwners - 1]->clock.get(root->slot), static_cast<uint32_t>(kOwners));
  EXPECT_NE(live[0]->slot, live[kOwners - 1]->slot);
  for (owner *o : live) {
    owner_finish(o);
    owner_destroy(o);
  }
  owner_finish(root);
  owner_destroy(root);
}
