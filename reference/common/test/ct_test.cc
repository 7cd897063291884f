#include "common/ct.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstring>

namespace e2e {
namespace {

bool memcmp_equal(const Bytes& a, const Bytes& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}

TEST(CtEqual, EmptyInputsAreEqual) { EXPECT_TRUE(ct::equal({}, {})); }

TEST(CtEqual, LengthMismatchIsUnequal) {
  Bytes a{1, 2, 3};
  Bytes b{1, 2};
  EXPECT_FALSE(ct::equal(a, b));
}

TEST(CtEqual, DifferenceInLastByteIsSeen) {
  Bytes a(64, 0x5a);
  Bytes b = a;
  b.back() ^= 0x01;
  EXPECT_FALSE(ct::equal(a, b));
}

RC_GTEST_PROP(CtEqual, AgreesWithMemcmpOnRandomInputs, (const Bytes& a, const Bytes& b)) {
  RC_ASSERT(ct::equal(a, b) == memcmp_equal(a, b));
}

// Random inputs are almost never equal; this property exercises equal and
// near-equal buffers (same prefix, one byte changed) where a buggy loop would err.
RC_GTEST_PROP(CtEqual, AgreesWithMemcmpOnEqualPrefixes, (const Bytes& a)) {
  Bytes b = a;
  RC_ASSERT(ct::equal(a, b));
  if (!b.empty()) {
    const auto pos = *rc::gen::inRange<size_t>(0, b.size());
    const auto bit = *rc::gen::inRange(0, 8);
    b[pos] ^= static_cast<uint8_t>(1u << bit);
    RC_ASSERT(ct::equal(a, b) == memcmp_equal(a, b));
    RC_ASSERT(!ct::equal(a, b));
  }
}

}  // namespace
}  // namespace e2e
