// Checks that SecretBytes leaves no secret behind in memory it gives back, on
// growth and on destruction. The global deallocation functions are replaced
// (as the standard allows) so the test can look at each block just before it
// is freed; a plain std::vector is the positive control proving the probe sees
// non-wiped frees.
#include <gtest/gtest.h>
#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "common/secret_bytes.h"

namespace {
std::atomic<bool> g_probe{false};
std::atomic<int> g_frees{0};
std::atomic<int> g_dirty_frees{0};

void inspect(void* p) {
  if (!g_probe.load() || p == nullptr) return;
  const size_t n = malloc_usable_size(p);
  const auto* b = static_cast<const unsigned char*>(p);
  // The data sits at the start of a block, so a block that still starts with
  // the marker held our bytes unwiped. Bytes further in are not evidence: the
  // slack past the requested size (malloc_usable_size rounds up) is never
  // ours to wipe and may hold a stale marker from an earlier plain vector
  // whose memory malloc reused, which made this probe fail now and then.
  constexpr size_t kHead = 8;
  bool dirty = n >= kHead;
  for (size_t i = 0; i < kHead && i < n; ++i) dirty = dirty && (b[i] == 0xC5);
  ++g_frees;
  if (dirty) ++g_dirty_frees;
}

struct Probe {
  Probe() { g_frees = 0; g_dirty_frees = 0; g_probe = true; }
  ~Probe() { g_probe = false; }
};
}  // namespace

void* operator new(size_t n) {
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  inspect(p);
  std::free(p);
}
void operator delete(void* p, size_t) noexcept {
  inspect(p);
  std::free(p);
}

namespace e2e {
namespace {

void grow_and_drop_secret() {
  SecretBytes s;
  const uint8_t marker = 0xC5;
  for (int i = 0; i < 3000; ++i) s.append(ByteView(&marker, 1));
}

void grow_and_drop_plain() {
  Bytes v;
  for (int i = 0; i < 3000; ++i) v.push_back(0xC5);
}

TEST(WipeOnFree, PlainVectorLeavesMarkerBehind) {
  Probe probe;
  grow_and_drop_plain();
  g_probe = false;
  EXPECT_GT(g_frees.load(), 1);
  EXPECT_GT(g_dirty_frees.load(), 0) << "the probe must see unwiped frees, or the next test proves nothing";
}

TEST(WipeOnFree, SecretBytesWipesOnGrowthAndDestruction) {
  Probe probe;
  grow_and_drop_secret();
  g_probe = false;
  EXPECT_GT(g_frees.load(), 1);  // several reallocations plus the final free
  EXPECT_EQ(g_dirty_frees.load(), 0);
}

TEST(WipeOnFree, ClearWipesImmediately) {
  SecretBytes s(64);
  std::fill(s.mutable_data(), s.mutable_data() + s.size(), uint8_t{0xC5});
  Probe probe;
  s.clear();
  g_probe = false;
  EXPECT_EQ(g_frees.load(), 1);
  EXPECT_EQ(g_dirty_frees.load(), 0);
}

}  // namespace
}  // namespace e2e
