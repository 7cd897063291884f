// Honest chat setup through the Driver interface, picking the join path from
// the preset's switches (never its name): a share code where the key travels
// out of band (KeySource::kShareCode), the admin's add otherwise. Every helper
// delivers everything before it returns, so each step starts from a settled
// world. The one way the attacks, the audit's sanity item and the delivery
// properties join a chat, so all of them send the same frames in the same
// order. Each helper returns the first failing operation's error unchanged,
// kInternal if the pool does not settle, or the world's health() error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "world/world.h"

namespace e2e::world {

// settle delivers the pool until it is empty; kInternal if it does not settle,
// else the world's health() (a driver that failed on the way).
Result<void> settle(World& w);
// run_op runs one operation's step and settles.
Result<void> run_op(World& w, const Id& who, Result<client::Step> step);

// start_chat: |admin| creates |chat| and each of |members| joins in order.
Result<void> start_chat(World& w, const Id& admin, const Id& chat, const std::vector<Id>& members);
// join_chat: |device| joins |chat| (share code from |admin|, or the admin adds it).
Result<void> join_chat(World& w, const Id& admin, const Id& chat, const Id& device);
// leave_chat: |device| leaves (open rosters) or the admin removes it.
Result<void> leave_chat(World& w, const Id& admin, const Id& chat, const Id& device);
// send: |who| sends |text| to |chat| and everything is delivered.
Result<void> send(World& w, const Id& who, const Id& chat, std::string_view text);

// has_share_codes: the preset distributes the content key out of band.
bool has_share_codes(const proto::Preset& p);

}  // namespace e2e::world
