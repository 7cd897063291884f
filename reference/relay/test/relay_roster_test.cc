// Rosters: create_chat, join, leave (PROTO-RELAY-02), admin and open chats
// (PROTO-RELAY-03), invites (PROTO-RELAY-04), and the roster notices each
// change posts; each with an accepted and a refused case.
//= type=test
#include <gtest/gtest.h>

#include "relay/test/relay_fixture.h"

namespace e2e::relay::test {
namespace {

using proto::DeliverKind;
using proto::RosterOp;

TEST(Relay, PROTO_RELAY_02_LeaveNeedsMembership) {
  World w;
  w.open_chat("c", {"alice", "bob"});
  EXPECT_EQ(error_code(w.leave("eve", "c")), "E2E_ERR_UNKNOWN_SENDER");
  Out out = w.leave("bob", "c");
  ASSERT_NE(reply<proto::Ok>(out), nullptr);
  EXPECT_EQ(w.members("c"), std::vector<Id>{"alice"});
  // Notice to the remaining member and to the leaver, from the leaver.
  EXPECT_EQ(deliver_targets(out), (std::vector<Id>{"alice", "bob"}));
  for (const auto& d : delivers(out, "alice")) {
    EXPECT_EQ(d.op, RosterOp::kRemove);
    EXPECT_EQ(d.device, Id("bob"));
    EXPECT_EQ(d.from, "bob");
  }
  EXPECT_EQ(error_code(w.send("bob", "c", "late")), "E2E_ERR_UNKNOWN_SENDER");
}

TEST(Relay, PROTO_RELAY_02_EmptyOpenChatIsDeletedAdminChatStays) {
  World w;
  w.open_chat("open", {"alice"});
  w.leave("alice", "open");
  EXPECT_FALSE(w.store.chat("open").value().has_value());
  w.create_admin("alice", "adm", cred(1));
  w.leave("alice", "adm");
  ASSERT_TRUE(w.store.chat("adm").value().has_value());
  EXPECT_NE(reply<proto::Ok>(w.add("alice", "adm", "alice", cred(1))), nullptr);
}

// ---- roster notices and chat creation ----------------------------------------

TEST(Relay, CreateChatNotifiesTheCreatorAndRefusesAnExistingId) {
  World w;
  Out out = w.create_admin("alice", "c", cred(1));
  ASSERT_NE(reply<proto::Ok>(out), nullptr);
  auto d = delivers(out, "alice");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].kind, DeliverKind::kRoster);
  EXPECT_EQ(d[0].op, RosterOp::kCreate);
  EXPECT_EQ(d[0].device, Id("alice"));
  EXPECT_EQ(d[0].from, "alice");
  EXPECT_FALSE(d[0].body.has_value());
  EXPECT_EQ(error_code(w.create_open("bob", "c")), "E2E_ERR_STATE");
  EXPECT_EQ(w.members("c"), std::vector<Id>{"alice"});
}

TEST(Relay, JoinCreatesAbsentOpenChatAndNotifiesEveryMember) {
  World w;
  Out first = w.join("alice", "room");
  ASSERT_NE(reply<proto::Ok>(first), nullptr);
  EXPECT_EQ(delivers(first, "alice").at(0).op, RosterOp::kCreate);
  Out second = w.join("bob", "room");
  EXPECT_EQ(deliver_targets(second), (std::vector<Id>{"alice", "bob"}));
  for (const Outbound& o : second) {
    if (const auto* d = std::get_if<proto::Deliver>(&o.frame)) {
      EXPECT_EQ(d->op, RosterOp::kAdd);
      EXPECT_EQ(d->device, Id("bob"));
      EXPECT_EQ(d->from, "bob");
    }
  }
  // Joining again: ok, no notice.
  Out again = w.join("bob", "room");
  ASSERT_EQ(again.size(), 1u);
  EXPECT_NE(reply<proto::Ok>(again), nullptr);
}

// ---- PROTO-RELAY-03: admin and open chats -------------------------------------

TEST(Relay, PROTO_RELAY_03_AdminAddWithCredentialNotifiesAllIncludingNewMember) {
  World w;
  w.create_admin("alice", "c", cred(1));
  w.add("alice", "c", "bob", cred(1));
  const Bytes signed_op{1, 2, 3, 4};
  Out out = w.add("alice", "c", "carol", cred(1), signed_op);
  ASSERT_NE(reply<proto::Ok>(out), nullptr);
  EXPECT_EQ(deliver_targets(out), (std::vector<Id>{"alice", "bob", "carol"}));
  for (const auto& d : delivers(out, "carol")) {
    EXPECT_EQ(d.op, RosterOp::kAdd);
    EXPECT_EQ(d.device, Id("carol"));
    EXPECT_EQ(d.from, "alice");
    EXPECT_EQ(d.signed_op, signed_op);  // forwarded opaquely
  }
  EXPECT_EQ(w.members("c"), (std::vector<Id>{"alice", "bob", "carol"}));
}

TEST(Relay, PROTO_RELAY_03_WrongOrMissingCredentialIsAuthFailed) {
  World w;
  w.create_admin("alice", "c", cred(1));
  Out wrong = w.add("alice", "c", "mallory", cred(2));
  EXPECT_EQ(error_code(wrong), "E2E_ERR_AUTH_FAILED");
  EXPECT_EQ(wrong.size(), 1u);
  EXPECT_EQ(error_code(w.add("alice", "c", "mallory", std::nullopt)), "E2E_ERR_AUTH_FAILED");
  // The stored hash itself is not the credential.
  EXPECT_EQ(error_code(w.add("alice", "c", "mallory", hash_of(cred(1)))), "E2E_ERR_AUTH_FAILED");
  EXPECT_EQ(error_code(w.add("alice", "nochat", "mallory", cred(1))), "E2E_ERR_AUTH_FAILED");
  EXPECT_EQ(w.members("c"), std::vector<Id>{"alice"});
}

TEST(Relay, PROTO_RELAY_03_AnyHolderOfTheCredentialMayChangeTheRoster) {
  World w;
  w.create_admin("alice", "c", cred(1));
  EXPECT_NE(reply<proto::Ok>(w.add("bob", "c", "bob", cred(1))), nullptr);
  EXPECT_EQ(w.members("c"), (std::vector<Id>{"alice", "bob"}));
}

TEST(Relay, PROTO_RELAY_03_RemoveNotifiesRemainingMembersAndTheRemovedDevice) {
  World w;
  w.create_admin("alice", "c", cred(1));
  w.add("alice", "c", "bob", cred(1));
  w.add("alice", "c", "carol", cred(1));
  Out out = w.remove("alice", "c", "bob", cred(1), Bytes{9});
  ASSERT_NE(reply<proto::Ok>(out), nullptr);
  EXPECT_EQ(deliver_targets(out), (std::vector<Id>{"alice", "carol", "bob"}));
  auto d = delivers(out, "bob");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].op, RosterOp::kRemove);
  EXPECT_EQ(d[0].device, Id("bob"));
  EXPECT_EQ(d[0].from, "alice");
  EXPECT_EQ(d[0].signed_op, Bytes{9});
  EXPECT_EQ(w.members("c"), (std::vector<Id>{"alice", "carol"}));
  EXPECT_EQ(error_code(w.send("bob", "c", "x")), "E2E_ERR_UNKNOWN_SENDER");
  // Removing an absent device: ok, no notice.
  Out again = w.remove("alice", "c", "bob", cred(1));
  EXPECT_EQ(again.size(), 1u);
  EXPECT_NE(reply<proto::Ok>(again), nullptr);
}

TEST(Relay, PROTO_RELAY_03_OpenChatHasNoMemberOperation) {
  World w;
  w.open_chat("c", {"alice"});
  EXPECT_EQ(error_code(w.add("alice", "c", "bob", cred(1))), "E2E_ERR_STATE");
  EXPECT_EQ(error_code(w.add("alice", "c", "bob", std::nullopt)), "E2E_ERR_STATE");
  EXPECT_EQ(error_code(w.remove("alice", "c", "alice", std::nullopt)), "E2E_ERR_STATE");
  EXPECT_EQ(w.members("c"), std::vector<Id>{"alice"});
}

TEST(Relay, PROTO_RELAY_03_AdminChatCannotBeJoined) {
  World w;
  w.create_admin("alice", "c", cred(1));
  EXPECT_EQ(error_code(w.join("bob", "c")), "E2E_ERR_STATE");
  EXPECT_EQ(w.members("c"), std::vector<Id>{"alice"});
}

TEST(Relay, PROTO_RELAY_03_AdminHashMustBe32Bytes) {
  World w;
  Out out = w.h("alice", proto::CreateChat{w.rid(), "c", Bytes(31, 1)});
  EXPECT_EQ(error_code(out), "E2E_ERR_DECODE");
  EXPECT_FALSE(w.store.chat("c").value().has_value());
}

// ---- PROTO-RELAY-04: invites ---------------------------------------------------

TEST(Relay, PROTO_RELAY_04_InviteRedeemsOnce) {
  World w;
  w.create_admin("alice", "c", cred(1));
  const Bytes h = hash_of(Bytes(32, 0x77));
  ASSERT_NE(reply<proto::Ok>(w.h("alice", proto::Invite{w.rid(), "c", h, cred(1)})), nullptr);
  Out first = w.h("bob", proto::Redeem{w.rid(), "c", h});
  ASSERT_NE(reply<proto::Ok>(first), nullptr);
  EXPECT_EQ(deliver_targets(first), (std::vector<Id>{"alice", "bob"}));
  EXPECT_EQ(delivers(first, "alice").at(0).from, "bob");
  EXPECT_EQ(delivers(first, "alice").at(0).op, RosterOp::kAdd);
  Out second = w.h("carol", proto::Redeem{w.rid(), "c", h});
  EXPECT_EQ(error_code(second), "E2E_ERR_AUTH_FAILED");
  EXPECT_EQ(w.members("c"), (std::vector<Id>{"alice", "bob"}));
}

TEST(Relay, PROTO_RELAY_04_UnknownInviteIsAuthFailed) {
  World w;
  w.create_admin("alice", "c", cred(1));
  const Bytes h = hash_of(Bytes(32, 0x77));
  w.h("alice", proto::Invite{w.rid(), "c", h, cred(1)});
  Bytes near = h;
  near[31] ^= 1;
  EXPECT_EQ(error_code(w.h("bob", proto::Redeem{w.rid(), "c", near})), "E2E_ERR_AUTH_FAILED");
  EXPECT_EQ(error_code(w.h("bob", proto::Redeem{w.rid(), "other", h})), "E2E_ERR_AUTH_FAILED");
  EXPECT_EQ(w.store.invites("c").value().size(), 1u);
}

TEST(Relay, PROTO_RELAY_04_InviteNeedsTheAdminCredential) {
  World w;
  w.create_admin("alice", "c", cred(1));
  w.open_chat("o", {"alice"});
  const Bytes h = hash_of(Bytes(32, 0x77));
  EXPECT_EQ(error_code(w.h("alice", proto::Invite{w.rid(), "c", h, cred(2)})), "E2E_ERR_AUTH_FAILED");
  EXPECT_EQ(error_code(w.h("alice", proto::Invite{w.rid(), "o", h, cred(1)})), "E2E_ERR_STATE");
  EXPECT_EQ(error_code(w.h("bob", proto::Redeem{w.rid(), "c", h})), "E2E_ERR_AUTH_FAILED");
}

TEST(Relay, PROTO_RELAY_04_InvitesPerChatAreBounded) {
  RelayPolicy p;
  p.max_invites_per_chat = 2;
  World w(p);
  w.create_admin("alice", "c", cred(1));
  for (uint8_t i = 0; i < 2; ++i) {
    EXPECT_NE(reply<proto::Ok>(w.h("alice", proto::Invite{w.rid(), "c", Bytes(32, i), cred(1)})), nullptr);
  }
  EXPECT_EQ(error_code(w.h("alice", proto::Invite{w.rid(), "c", Bytes(32, 9), cred(1)})), "E2E_ERR_LIMIT");
  // Re-registering a present hash is not a new invite.
  EXPECT_NE(reply<proto::Ok>(w.h("alice", proto::Invite{w.rid(), "c", Bytes(32, 0), cred(1)})), nullptr);
  // Spending one frees a slot.
  w.h("bob", proto::Redeem{w.rid(), "c", Bytes(32, 0)});
  EXPECT_NE(reply<proto::Ok>(w.h("alice", proto::Invite{w.rid(), "c", Bytes(32, 9), cred(1)})), nullptr);
}

}  // namespace
}  // namespace e2e::relay::test
