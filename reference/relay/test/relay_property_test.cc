// Property: for random sequences of operations by five devices on one admin
// chat and two open chats, checked against a small independent model:
//   - every item pushed to a device is either acked later or still in its
//     mailbox (nothing lost), and fetch returns exactly those, in id order;
//   - no device outside a chat's roster ever receives that chat's items
//     (a removed device gets only the notice of its own removal);
//   - a message fans out to exactly the roster minus the sender, a retry not at all;
//   - every request gets exactly one reply, addressed to it, last.
//= type=test
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "relay/test/relay_fixture.h"

namespace e2e::relay::test {
namespace {

using proto::DeliverKind;
using proto::RosterOp;

constexpr int kDevices = 5;
const std::vector<Id> kChats = {"c0", "c1", "c2"};  // c0: admin chat of d0; c1, c2: open
Id dev_name(int i) { return "d" + std::to_string(i); }

struct Model {
  std::map<Id, std::vector<Id>> roster;             // join order; absent = no chat
  std::map<Id, std::set<uint64_t>> pushed, acked;   // per device
  std::map<std::pair<Id, Id>, std::vector<uint64_t>> sent;  // (sender, cmid) -> ids
  std::set<uint64_t> all_ids;

  bool member(const Id& chat, const Id& dev) const {
    auto it = roster.find(chat);
    return it != roster.end() && std::find(it->second.begin(), it->second.end(), dev) != it->second.end();
  }
  std::vector<Id> others(const Id& chat, const Id& dev) const {
    std::vector<Id> v;
    auto it = roster.find(chat);
    if (it == roster.end()) return v;
    for (const Id& m : it->second) {
      if (m != dev) v.push_back(m);
    }
    return v;
  }
  std::vector<uint64_t> unacked(const Id& dev) const {
    std::vector<uint64_t> v;
    auto p = pushed.find(dev);
    if (p == pushed.end()) return v;
    for (uint64_t id : p->second) {
      if (!acked.count(dev) || !acked.at(dev).count(id)) v.push_back(id);
    }
    return v;
  }
};

bool is_reply(const proto::RelayFrame& f) {
  return std::holds_alternative<proto::Ok>(f) || std::holds_alternative<proto::ErrorFrame>(f) ||
         std::holds_alternative<proto::Keys>(f) || std::holds_alternative<proto::Sent>(f);
}

void check_one_reply_last(const Out& out, const Id& dev) {
  RC_ASSERT(!out.empty());
  size_t replies = 0;
  for (const Outbound& o : out) replies += is_reply(o.frame);
  RC_ASSERT(replies == 1u);
  RC_ASSERT(is_reply(out.back().frame));
  RC_ASSERT(out.back().to == dev);
}

// check_pushes checks every fresh `deliver` in |out| against the roster after
// the request, records it, and returns the recipients in order.
std::vector<Id> check_pushes(Model& m, const Out& out, const Id& speaker) {
  std::vector<Id> to;
  for (const Outbound& o : out) {
    const auto* d = std::get_if<proto::Deliver>(&o.frame);
    if (!d) continue;
    RC_ASSERT(m.all_ids.insert(d->id).second);  // fresh, relay-wide unique
    RC_ASSERT(m.all_ids.empty() || d->id == *m.all_ids.rbegin());  // increasing
    RC_ASSERT(d->from == speaker);
    if (d->kind == DeliverKind::kRoster && d->op == RosterOp::kRemove) {
      RC_ASSERT(m.member(d->chat, o.to) || d->device == o.to);
    } else {
      RC_ASSERT(m.member(d->chat, o.to));
    }
    m.pushed[o.to].insert(d->id);
    to.push_back(o.to);
  }
  return to;
}

// run_model drives one random sequence. With |tight| bounds (tiny caps and a
// rate limit), any step may instead be refused with E2E_ERR_LIMIT or
// E2E_ERR_RATE_LIMITED; such a refusal must be the only frame and change
// nothing (no item, no id, no roster change), and the model then skips the step.
void run_model(const RelayPolicy& policy, bool tight) {
  const auto steps = *rc::gen::container<std::vector<std::tuple<int, int, int, int>>>(
      rc::gen::tuple(rc::gen::inRange(0, 11), rc::gen::inRange(0, kDevices), rc::gen::inRange(0, 3),
                     rc::gen::inRange(0, 8)));
  World w(policy);
  Model m;
  const Id admin = dev_name(0);
  {
    Out out = w.create_admin(admin, "c0", cred(1));
    RC_ASSERT(reply<proto::Ok>(out) != nullptr);
    m.roster["c0"] = {admin};
    check_pushes(m, out, admin);
  }
  size_t items_before = 0;
  uint64_t next_before = 0;
  // accepted checks the reply discipline and says whether the model applies.
  auto accepted = [&](const Out& out, const Id& dev) {
    check_one_reply_last(out, dev);
    const std::string code = error_code(out);
    if (tight && (code == "E2E_ERR_LIMIT" || code == "E2E_ERR_RATE_LIMITED")) {
      RC_ASSERT(out.size() == 1u);
      RC_ASSERT(w.store.total_items() == items_before);
      RC_ASSERT(w.store.next_item_id().value() == next_before);
      return false;
    }
    return true;
  };
  int invite_no = 0;
  for (const auto& [kind, di, ci, x] : steps) {
    items_before = w.store.total_items();
    next_before = w.store.next_item_id().value();
    const Id dev = dev_name(di);
    const Id& chat = kChats[static_cast<size_t>(ci)];
    const Id other = dev_name(x % kDevices);
    switch (kind) {
      case 0: {  // join
        Out out = w.join(dev, chat);
        if (!accepted(out, dev)) break;
        if (chat == "c0") {
          RC_ASSERT(error_code(out) == "E2E_ERR_STATE");
          break;
        }
        RC_ASSERT(reply<proto::Ok>(out) != nullptr);
        if (!m.member(chat, dev)) m.roster[chat].push_back(dev);
        check_pushes(m, out, dev);
        break;
      }
      case 1: {  // leave
        Out out = w.leave(dev, chat);
        if (!accepted(out, dev)) break;
        if (!m.member(chat, dev)) {
          RC_ASSERT(error_code(out) == "E2E_ERR_UNKNOWN_SENDER");
          break;
        }
        RC_ASSERT(reply<proto::Ok>(out) != nullptr);
        m.roster[chat] = m.others(chat, dev);
        if (chat != "c0" && m.roster[chat].empty()) m.roster.erase(chat);
        check_pushes(m, out, dev);
        break;
      }
      case 2:
      case 3: {  // member add / remove in the admin chat, by the credential holder |dev|
        const bool add = kind == 2;
        Out out = add ? w.add(dev, "c0", other, cred(1)) : w.remove(dev, "c0", other, cred(1));
        if (!accepted(out, dev)) break;
        RC_ASSERT(reply<proto::Ok>(out) != nullptr);
        if (add && !m.member("c0", other)) m.roster["c0"].push_back(other);
        if (!add) m.roster["c0"] = m.others("c0", other);
        check_pushes(m, out, dev);
        break;
      }
      case 4:
      case 5: {  // send / direct with a cmid from a small space, so retries happen
        const Id cmid = "m" + std::to_string(x);
        Out out = kind == 4 ? w.send(dev, chat, cmid) : w.direct(dev, chat, cmid, other);
        if (!accepted(out, dev)) break;
        if (!m.member(chat, dev)) {
          RC_ASSERT(error_code(out) == "E2E_ERR_UNKNOWN_SENDER");
          break;
        }
        auto prev = m.sent.find({dev, cmid});
        if (prev != m.sent.end()) {
          RC_ASSERT(out.size() == 1u);
          RC_ASSERT(reply<proto::Sent>(out) != nullptr);
          RC_ASSERT(reply<proto::Sent>(out)->ids == prev->second);
          break;
        }
        if (kind == 5 && !m.member(chat, other)) {
          RC_ASSERT(error_code(out) == "E2E_ERR_UNKNOWN_SENDER");
          break;
        }
        const auto* sent = reply<proto::Sent>(out);
        RC_ASSERT(sent != nullptr);
        const std::vector<Id> to = check_pushes(m, out, dev);
        RC_ASSERT(to == (kind == 4 ? m.others(chat, dev) : std::vector<Id>{other}));
        m.sent[{dev, cmid}] = sent->ids;
        break;
      }
      case 6: {  // ack every other unacked id, plus an unknown id and another device's id
        std::vector<uint64_t> ids;
        const auto pending = m.unacked(dev);
        for (size_t i = 0; i < pending.size(); i += 2) ids.push_back(pending[i]);
        const size_t own = ids.size();
        ids.push_back(1'000'000);
        const auto theirs = m.unacked(other);
        if (other != dev && !theirs.empty()) ids.push_back(theirs.back());
        Out out = w.ack(dev, ids);
        if (!accepted(out, dev)) break;
        RC_ASSERT(out.size() == 1u);
        for (size_t i = 0; i < own; ++i) m.acked[dev].insert(ids[i]);
        break;
      }
      case 7: {  // fetch returns exactly the unacked items, oldest first
        Out out = w.fetch(dev);
        if (!accepted(out, dev)) break;
        std::vector<uint64_t> got;
        for (const auto& d : delivers(out, dev)) got.push_back(d.id);
        RC_ASSERT(got == m.unacked(dev));
        RC_ASSERT(deliver_targets(out).size() + 1 == out.size());
        break;
      }
      case 8: {  // typing reaches the other members only, and is never stored
        const size_t before = w.store.total_items();
        Out out = w.h(dev, proto::Typing{chat, true});
        RC_ASSERT(w.store.total_items() == before);
        if (!m.member(chat, dev)) {
          RC_ASSERT(out.size() == 1u);
          RC_ASSERT(error_code(out) == "E2E_ERR_UNKNOWN_SENDER");
          break;
        }
        std::vector<Id> to;
        for (const Outbound& o : out) {
          RC_ASSERT(std::holds_alternative<proto::TypingNotice>(o.frame));
          to.push_back(o.to);
        }
        RC_ASSERT(to == m.others(chat, dev));
        break;
      }
      case 9: {  // invite, redeem by |dev|, a second redeem by |other| fails
        const Bytes h = hash_of(Bytes(32, static_cast<uint8_t>(invite_no++)));
        Out inv = w.h(admin, proto::Invite{w.rid(), "c0", h, cred(1)});
        RC_ASSERT(reply<proto::Ok>(inv) != nullptr);
        Out out = w.h(dev, proto::Redeem{w.rid(), "c0", h});
        if (!accepted(out, dev)) break;
        RC_ASSERT(reply<proto::Ok>(out) != nullptr);
        if (!m.member("c0", dev)) m.roster["c0"].push_back(dev);
        check_pushes(m, out, dev);
        RC_ASSERT(error_code(w.h(other, proto::Redeem{w.rid(), "c0", h})) == "E2E_ERR_AUTH_FAILED");
        break;
      }
      default:
        w.clock.advance_ms(1000 * x);
        break;
    }
    // The relay's rosters always equal the model's.
    for (const Id& c : kChats) {
      auto it = m.roster.find(c);
      RC_ASSERT(w.members(c) == (it == m.roster.end() ? std::vector<Id>{} : it->second));
    }
  }
  if (tight) {
    RC_CLASSIFY(w.relay.stats().errors.count("E2E_ERR_LIMIT") > 0, "a cap refused");
    RC_CLASSIFY(w.relay.stats().errors.count("E2E_ERR_RATE_LIMITED") > 0, "rate refused");
  }
  // Nothing lost: each mailbox holds exactly what was pushed and not acked.
  for (int i = 0; i < kDevices; ++i) {
    RC_ASSERT(w.mailbox_ids(dev_name(i)) == m.unacked(dev_name(i)));
  }
}

RC_GTEST_PROP(Relay, PROTO_RELAY_06_NothingLostAndNoLeakOutsideTheRoster, ()) {
  run_model(RelayPolicy{}, false);
}

// The same under tiny bounds: refusals by PROTO-RELAY-07/08/09 are atomic, and
// nothing already stored is lost because of them.
RC_GTEST_PROP(Relay, PROTO_RELAY_07_08_09_RefusalsAtTightBoundsChangeNothing, ()) {
  RelayPolicy p;
  p.max_mailbox_items = 5;
  p.max_chat_members = 3;
  p.rate_limit = RateLimit{1, 20000};
  run_model(p, true);
}

}  // namespace
}  // namespace e2e::relay::test
