// Shared helpers for the relay tests: a relay over a MemoryStore and a
// ManualClock, frame builders and accessors for the returned Outbound lists.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/clock.h"
#include "relay/memory_store.h"
#include "relay/relay.h"
#include "crypto/sha256.h"

namespace e2e::relay::test {

using Out = std::vector<Outbound>;
using proto::Id;

inline Bytes dh_key(uint8_t seed) {
  Bytes b(65, seed);
  b[0] = 0x04;
  return b;
}
inline Bytes sig_key(uint8_t seed) { return Bytes(32, static_cast<uint8_t>(seed ^ 0x5a)); }
inline Bytes cred(uint8_t seed) { return Bytes(32, seed); }
inline Bytes hash_of(const Bytes& b) { return crypto::sha256(b); }
inline proto::Json body(int n) { return proto::Json{{"n", n}}; }

// reply returns the last frame of |out| as T, or nullptr.
template <class T>
const T* reply(const Out& out) {
  if (out.empty()) return nullptr;
  return std::get_if<T>(&out.back().frame);
}

// error_code returns the code of the trailing error frame, or "" when none.
inline std::string error_code(const Out& out) {
  const auto* e = reply<proto::ErrorFrame>(out);
  return e ? e->code : std::string();
}

// delivers returns the `deliver` frames addressed to |to|, in order.
inline std::vector<proto::Deliver> delivers(const Out& out, const Id& to) {
  std::vector<proto::Deliver> d;
  for (const Outbound& o : out) {
    if (o.to != to) continue;
    if (const auto* x = std::get_if<proto::Deliver>(&o.frame)) d.push_back(*x);
  }
  return d;
}

// recipients returns the devices |out| sends a `deliver` to, in order.
inline std::vector<Id> deliver_targets(const Out& out) {
  std::vector<Id> v;
  for (const Outbound& o : out) {
    if (std::holds_alternative<proto::Deliver>(o.frame)) v.push_back(o.to);
  }
  return v;
}

struct World {
  explicit World(RelayPolicy policy = {}) : relay(store, clock, policy) {}

  Out h(const Id& dev, const proto::ClientFrame& f) { return relay.handle(dev, f); }

  uint64_t rid() { return next_rid++; }

  Out reg(const Id& dev, uint8_t seed = 1) {
    return h(dev, proto::Register{rid(), "name-" + dev, dh_key(seed), sig_key(seed)});
  }
  Out create_open(const Id& dev, const Id& chat) {
    return h(dev, proto::CreateChat{rid(), chat, std::nullopt});
  }
  Out create_admin(const Id& dev, const Id& chat, const Bytes& credential) {
    return h(dev, proto::CreateChat{rid(), chat, hash_of(credential)});
  }
  Out join(const Id& dev, const Id& chat) { return h(dev, proto::Join{rid(), chat}); }
  Out leave(const Id& dev, const Id& chat) { return h(dev, proto::Leave{rid(), chat}); }
  Out add(const Id& admin, const Id& chat, const Id& dev, std::optional<Bytes> credential,
          std::optional<Bytes> signed_op = std::nullopt) {
    return h(admin, proto::Member{rid(), chat, proto::RosterOp::kAdd, dev, std::move(credential),
                                  std::move(signed_op)});
  }
  Out remove(const Id& admin, const Id& chat, const Id& dev, std::optional<Bytes> credential,
             std::optional<Bytes> signed_op = std::nullopt) {
    return h(admin, proto::Member{rid(), chat, proto::RosterOp::kRemove, dev, std::move(credential),
                                  std::move(signed_op)});
  }
  Out send(const Id& dev, const Id& chat, const Id& cmid, int n = 0) {
    return h(dev, proto::Send{rid(), chat, cmid, body(n)});
  }
  Out direct(const Id& dev, const Id& chat, const Id& cmid, const Id& to, int n = 0) {
    return h(dev, proto::Direct{rid(), chat, cmid, to, body(n)});
  }
  Out ack(const Id& dev, std::vector<uint64_t> ids) { return h(dev, proto::Ack{rid(), std::move(ids)}); }
  Out fetch(const Id& dev) { return h(dev, proto::Fetch{rid()}); }

  size_t mailbox_size(const Id& dev) { return store.mailbox_size(dev).value(); }
  std::vector<uint64_t> mailbox_ids(const Id& dev) {
    std::vector<uint64_t> ids;
    const std::vector<proto::Deliver> items = store.mailbox(dev).value();  // not a temporary in for()
    for (const auto& d : items) ids.push_back(d.id);
    return ids;
  }
  std::vector<Id> members(const Id& chat) { return store.members(chat).value(); }

  // open_chat makes an open chat whose roster is |devs| (in order) and acks
  // the roster notices so mailboxes start empty.
  void open_chat(const Id& chat, const std::vector<Id>& devs) {
    for (const Id& d : devs) EXPECT_NE(reply<proto::Ok>(join(d, chat)), nullptr) << d;
    for (const Id& d : devs) ack(d, mailbox_ids(d));
  }

  ManualClock clock;
  MemoryStore store;
  Relay relay;
  uint64_t next_rid = 1;
};

}  // namespace e2e::relay::test
