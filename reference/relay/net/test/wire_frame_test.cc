// serialize_outbound must give exactly proto::serialize's bytes while sharing
// one buffer across a fan-out.
#include <gtest/gtest.h>

#include "net/wire_frame.h"

namespace e2e::net {
namespace {

proto::Deliver posting(uint64_t id, std::string text) {
  proto::Deliver d{};
  d.id = id;
  d.chat = "g";
  d.from = "alice";
  d.ts = 1'700'000'000'000;
  d.kind = proto::DeliverKind::kMsg;
  d.body = proto::Json{{"ct", std::move(text)}, {"id", 7}};
  return d;
}

TEST(WireFrame, FanOutSharesOneBufferAndKeepsTheBytes) {
  std::vector<relay::Outbound> outs;
  for (uint64_t i = 0; i < 50; ++i) outs.push_back({"d" + std::to_string(i), posting(95 + i, "abc")});
  outs.push_back({"alice", proto::Sent{3, "m1", {95, 96}}});
  const auto wire = serialize_outbound(outs);
  ASSERT_EQ(wire.size(), outs.size());
  for (size_t i = 0; i < outs.size(); ++i) {
    EXPECT_EQ(wire[i].to, outs[i].to);
    EXPECT_EQ(wire[i].frame.flatten(), proto::serialize(outs[i].frame)) << i;
  }
  for (size_t i = 1; i < 50; ++i) EXPECT_EQ(wire[i].frame.text.get(), wire[0].frame.text.get());
  EXPECT_NE(wire[50].frame.text.get(), wire[0].frame.text.get());
}

TEST(WireFrame, DifferentPostingsAreNotMerged) {
  std::vector<relay::Outbound> outs{{"a", posting(1, "x")}, {"b", posting(2, "y")},
                                    {"c", posting(3, "y")}};
  const auto wire = serialize_outbound(outs);
  ASSERT_EQ(wire.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(wire[i].frame.flatten(), proto::serialize(outs[i].frame));
  EXPECT_NE(wire[0].frame.text.get(), wire[1].frame.text.get());
  EXPECT_EQ(wire[1].frame.text.get(), wire[2].frame.text.get());
}

TEST(WireFrame, IdsOfDifferentLengthsAndCommonDigits) {
  std::vector<relay::Outbound> outs{{"a", posting(9, "1")}, {"b", posting(10, "1")},
                                    {"c", posting(1999, "1")}, {"d", posting(19, "1")}};
  const auto wire = serialize_outbound(outs);
  for (size_t i = 0; i < outs.size(); ++i)
    EXPECT_EQ(wire[i].frame.flatten(), proto::serialize(outs[i].frame));
}

}  // namespace
}  // namespace e2e::net
