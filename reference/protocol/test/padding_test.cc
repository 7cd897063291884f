// Bucketed padding (PROTO-HARD-06).
//= type=test
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <vector>

#include "protocol/padding.h"

namespace e2e::proto {
namespace {

Bytes reveal(const SecretBytes& s) { return Bytes(s.reveal().begin(), s.reveal().end()); }

TEST(Padding, PROTO_HARD_06_BucketChoiceAtEveryBound) {
  const std::vector<std::pair<size_t, size_t>> cases = {
      {0, 256},       {1, 256},       {254, 256},     {255, 256},     {256, 1024},
      {1023, 1024},   {1024, 4096},   {4095, 4096},   {4096, 16384},  {16383, 16384},
      {16384, 65536}, {65534, 65536}, {65535, 65536},
  };
  for (const auto& [len, bucket] : cases) {
    auto p = pad(Bytes(len, 0x61));
    ASSERT_TRUE(p.ok()) << len << ": " << p.error();
    EXPECT_EQ(p->size(), bucket) << len;
  }
}

TEST(Padding, PROTO_HARD_06_PayloadFillingLastBucketExactlyAcceptedOneMoreRefused) {
  // len + 1 == 65536: the marker is the bucket's last byte.
  auto fits = pad(Bytes(65535, 0x61));
  ASSERT_TRUE(fits.ok());
  EXPECT_EQ(fits->size(), 65536u);
  EXPECT_EQ(fits->reveal().back(), 0x80);
  auto back = unpad(fits->reveal());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->size(), 65535u);
  // One byte more does not fit any bucket.
  EXPECT_EQ(pad(Bytes(65536, 0x61)).code(), Errc::kLimitExceeded);
  EXPECT_EQ(pad(Bytes(100000, 0x61)).code(), Errc::kLimitExceeded);
}

TEST(Padding, PROTO_HARD_06_Layout) {
  const Bytes x = {1, 2, 3, 0x80, 0};
  auto p = pad(x);
  ASSERT_TRUE(p.ok());
  Bytes expected(256, 0);
  std::copy(x.begin(), x.end(), expected.begin());
  expected[x.size()] = 0x80;
  EXPECT_EQ(reveal(*p), expected);
}

TEST(Padding, PROTO_HARD_06_RoundTripsEdgeContents) {
  // Payloads that end in the marker or in zeros are recovered exactly: unpad
  // strips zeros and exactly one 0x80.
  for (const Bytes& x : {Bytes{}, Bytes{0x80}, Bytes{0x80, 0x80}, Bytes{0x00}, Bytes{0x80, 0x00},
                         Bytes(255, 0x00), Bytes(255, 0x80), Bytes(256, 0x00)}) {
    auto p = pad(x);
    ASSERT_TRUE(p.ok());
    auto back = unpad(p->reveal());
    ASSERT_TRUE(back.ok()) << x.size();
    EXPECT_EQ(reveal(*back), x);
  }
}

TEST(Padding, PROTO_HARD_06_UnpadRejectsNonBucketSizes) {
  for (size_t n : {size_t{0}, size_t{1}, size_t{255}, size_t{257}, size_t{512}, size_t{1025},
                   size_t{65535}, size_t{65537}, size_t{131072}}) {
    Bytes b(n, 0);
    if (n > 0) b[0] = 0x80;
    EXPECT_EQ(unpad(b).code(), Errc::kDecodeError) << n;
  }
}

TEST(Padding, PROTO_HARD_06_UnpadRejectsBadMarker) {
  Bytes zeros(256, 0);
  EXPECT_EQ(unpad(zeros).code(), Errc::kDecodeError) << "no marker at all";
  Bytes last_one(256, 0);
  last_one[10] = 0x01;
  EXPECT_EQ(unpad(last_one).code(), Errc::kDecodeError) << "last non-zero byte 0x01";
  Bytes after_marker(256, 0);
  after_marker[10] = 0x80;
  after_marker[200] = 0x01;
  EXPECT_EQ(unpad(after_marker).code(), Errc::kDecodeError) << "non-zero after the marker";
  Bytes ff(256, 0xff);
  EXPECT_EQ(unpad(ff).code(), Errc::kDecodeError) << "all 0xff";
  Bytes marker_first(256, 0);
  marker_first[0] = 0x80;
  auto empty = unpad(marker_first);
  ASSERT_TRUE(empty.ok()) << "the empty payload";
  EXPECT_TRUE(empty->empty());
}

RC_GTEST_PROP(PaddingProperty, PROTO_HARD_06_PadThenUnpadIsIdentity, (const Bytes& x)) {
  auto p = pad(x);
  RC_ASSERT(p.ok());
  RC_ASSERT(std::find(std::begin(kPaddingBuckets), std::end(kPaddingBuckets), p->size()) !=
            std::end(kPaddingBuckets));
  RC_ASSERT(p->size() > x.size());
  // Smallest bucket: the next smaller one would not hold x || 0x80.
  for (size_t b : kPaddingBuckets) {
    if (b < p->size()) RC_ASSERT(b < x.size() + 1);
  }
  auto back = unpad(p->reveal());
  RC_ASSERT(back.ok());
  RC_ASSERT(reveal(*back) == x);
}

RC_GTEST_PROP(PaddingProperty, PROTO_HARD_06_UnpadAcceptsOnlyWhatPadProduces, ()) {
  const size_t bucket = *rc::gen::element(size_t{256}, size_t{1024});
  // Mostly zeros, so the interesting tails (marker or not) come up often.
  Bytes b = *rc::gen::container<Bytes>(bucket, rc::gen::weightedOneOf<uint8_t>(
                                                   {{6, rc::gen::just<uint8_t>(0)},
                                                    {2, rc::gen::just<uint8_t>(0x80)},
                                                    {1, rc::gen::arbitrary<uint8_t>()}}));
  auto x = unpad(b);
  if (!x.ok()) {
    RC_ASSERT(x.code() == Errc::kDecodeError);
    return;
  }
  // Accepted means exactly x || 0x80 || 0x00*. (The spec's unpad does not
  // demand the smallest bucket: a sender may pad further, and the padding is
  // under the AEAD and the signature anyway.)
  const Bytes xs = reveal(*x);
  RC_ASSERT(xs.size() < b.size());
  RC_ASSERT(std::equal(xs.begin(), xs.end(), b.begin()));
  RC_ASSERT(b[xs.size()] == 0x80);
  RC_ASSERT(std::all_of(b.begin() + static_cast<std::ptrdiff_t>(xs.size()) + 1, b.end(),
                        [](uint8_t c) { return c == 0; }));
}

TEST(Padding, PROTO_HARD_06_UnpadAcceptsALargerBucketThanNeeded) {
  Bytes b(1024, 0);
  b[0] = 'x';
  b[1] = 0x80;
  auto x = unpad(b);
  ASSERT_TRUE(x.ok());
  EXPECT_EQ(reveal(*x), Bytes{'x'});
}

}  // namespace
}  // namespace e2e::proto
