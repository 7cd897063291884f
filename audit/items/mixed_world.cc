#include "items/mixed_world.h"

#include <algorithm>
#include <variant>

#include "attacks/canary.h"
#include "protocol/frame.h"

namespace e2e::items {

driver::DriverFactory mixed_factory(driver::DriverFactory impl, driver::DriverFactory reference,
                                    std::set<Id> impl_devices) {
  return [impl = std::move(impl), reference = std::move(reference),
          devices = std::move(impl_devices)](const driver::DeviceSpec& spec) {
    return devices.count(spec.device) ? impl(spec) : reference(spec);
  };
}

FrameLog::FrameLog(world::World& w, std::set<Id> watched) {
  w.set_client_tap([this, watched = std::move(watched)](const Id& from, const proto::ClientFrame& frame) {
    if (watched.count(from)) frames_.push_back(proto::serialize(frame));
    return std::vector<proto::ClientFrame>{frame};
  });
}

std::string Findings::summary() const {
  std::string s;
  const size_t shown = std::min<size_t>(problems.size(), 3);
  for (size_t i = 0; i < shown; ++i) s += (i ? "; " : "") + problems[i];
  if (problems.size() > shown) s += "; and " + std::to_string(problems.size() - shown) + " more";
  return s;
}

namespace {

// One run. An operation that failed while every driver is alive is the
// implementation's (or the scenario's) failure, recorded as a problem; a dead
// driver is a harness error.
Result<Findings> run_once(const proto::Preset& preset, const EngineOptions& options, const ScenarioOptions& so,
                          const driver::DriverFactory& factory, bool control, const Scenario& scenario) {
  world::World w(preset, options.seed, world::WorldOptions{so.policy, factory, {}});
  Run run{w, so.impl_devices, control};
  Findings f;
  if (auto r = scenario(run, f); !r.ok()) {
    E2E_TRY(w.health());
    f.problems.push_back("an operation failed: " + r.error().to_string());
  }
  E2E_TRY(w.health());
  return f;
}

nlohmann::json problems_json(const Findings& f) { return f.problems; }

}  // namespace

Result<ItemResult> run_mixed(const std::string& id, const proto::Preset& preset, const Implementation& impl,
                             const EngineOptions& options, const ScenarioOptions& so, const Scenario& scenario) {
  const driver::DriverFactory reference = driver::in_process_factory();
  E2E_ASSIGN_OR_RETURN(Findings control, run_once(preset, options, so, reference, true, scenario));
  if (!control.ok()) {
    return make_error(Errc::kInternal, id + ": the reference-only control run found problems, so the scenario "
                                            "is wrong, not the implementation: " + control.summary());
  }
  const driver::DriverFactory& peer = impl.peer ? impl.peer : reference;
  E2E_ASSIGN_OR_RETURN(Findings mixed, run_once(preset, options, so,
                                                mixed_factory(impl.drivers, peer, so.impl_devices),
                                                false, scenario));
  ItemResult r;
  r.id = id;
  r.status = mixed.ok() ? "pass" : "fail";
  std::string on;
  for (const auto& d : so.impl_devices) on += (on.empty() ? "" : ", ") + d;
  r.message = mixed.ok() ? "the same as the reference-only control (implementation devices: " + on + ")"
                         : mixed.summary();
  r.evidence = {{"implementation_devices", so.impl_devices}, {"problems", problems_json(mixed)}};
  return r;
}

size_t times_shown(const world::World& w, const Id& who, const Id& chat, const Id& sender, const std::string& text) {
  size_t n = 0;
  for (const auto& m : w.messages(who, chat)) n += m.sender == sender && m.text == text;
  return n;
}

void expect_shown_once(Findings& f, const world::World& w, const Id& who, const Id& chat, const Id& sender,
                       const std::string& text) {
  const size_t n = times_shown(w, who, chat, sender, text);
  f.expect(n == 1, who + " showed " + sender + "'s \"" + text + "\" in " + chat + " " + std::to_string(n) +
                       " times, not once");
}

void expect_not_shown(Findings& f, const world::World& w, const Id& who, const Id& chat, const std::string& text) {
  size_t n = 0;
  for (const auto& m : w.messages(who, chat)) n += m.text == text;
  f.expect(n == 0, who + " showed \"" + text + "\" in " + chat + ", which it must not");
}

std::string describe(const client::Event& e) {
  std::string s(client::event_name(e));
  std::visit(
      [&](const auto& ev) {
        using T = std::decay_t<decltype(ev)>;
        if constexpr (std::is_same_v<T, client::RejectedEvent>) {
          s += " chat=" + ev.chat + " from=" + ev.from + " reason=" + ev.reason;
        } else if constexpr (std::is_same_v<T, client::RosterRejectedEvent>) {
          s += " chat=" + ev.chat + " from=" + ev.from + " reason=" + ev.reason;
        } else if constexpr (std::is_same_v<T, client::MessageEvent>) {
          s += " chat=" + ev.chat + " sender=" + ev.sender;
        } else if constexpr (std::is_same_v<T, client::RequestFailedEvent>) {
          s += " code=" + ev.code;
        } else if constexpr (std::is_same_v<T, client::GapEvent>) {
          s += " chat=" + ev.chat + " sender=" + ev.sender + " expected=" + std::to_string(ev.expected) +
               " got=" + std::to_string(ev.got);
        }
      },
      e);
  return s;
}

Result<void> expect_mailboxes_drained(Findings& f, world::World& w) {
  for (const Id& d : w.devices()) {
    E2E_ASSIGN_OR_RETURN(size_t left, w.store().mailbox_size(d));
    f.expect(left == 0, d + " left " + std::to_string(left) +
                            " item(s) unacknowledged in its relay mailbox (PROTO-CLIENT-01: ack every processed item)");
  }
  return ok_result();
}

std::map<std::pair<Id, uint64_t>, SecretBytes> keys_by_epoch(world::World& w, const std::vector<Id>& chats) {
  std::map<std::pair<Id, uint64_t>, SecretBytes> out;
  auto copy = [](const SecretBytes& k) { return k.clone(); };
  for (const Id& d : w.devices()) {
    const client::Client* c = w.device(d).in_process();
    if (c == nullptr) continue;
    for (const Id& chat : chats) {
      auto it = c->state().chats.find(chat);
      if (it == c->state().chats.end()) continue;
      std::visit(
          [&](const auto& s) {
            using T = std::decay_t<decltype(s)>;
            if constexpr (std::is_same_v<T, client::EpochKeyChat>) {
              for (const auto& [epoch, key] : s.epoch_keys) out.emplace(std::make_pair(chat, epoch), copy(key));
            } else if (s.key) {
              out.emplace(std::make_pair(chat, uint64_t{0}), copy(*s.key));
            }
          },
          it->second.scheme);
    }
  }
  return out;
}

ScenarioRun on_devices(std::set<Id> impl_devices, Scenario scenario) {
  return [impl_devices = std::move(impl_devices), scenario = std::move(scenario)](
             const std::string& id, const proto::Preset& preset, const Implementation& impl,
             const EngineOptions& options) {
    return run_mixed(id, preset, impl, options, ScenarioOptions{impl_devices, {}}, scenario);
  };
}

Result<void> add_cast(world::World& w) {
  for (const auto& [id, name] : {std::pair{"alice", "Alice"}, {"bob", "Bob"}, {"carol", "Carol"}}) {
    E2E_TRY(w.add_device(id, name));
  }
  return ok_result();
}

void expect_absent(Findings& f, const FrameLog& log, ByteView secret, const std::string& what) {
  const std::string_view canary(reinterpret_cast<const char*>(secret.data()), secret.size());
  for (size_t i = 0; i < log.frames().size(); ++i) {
    const auto hits = attacks::find_canary(to_bytes(log.frames()[i]), canary);
    if (!hits.empty()) {
      f.problems.push_back(what + " reached the relay (spelled " + hits.front().encoding +
                           ", in the implementation's frame #" + std::to_string(i + 1) + ")");
      return;
    }
  }
}

void expect_no_leaks(Findings& f, world::World& w, const FrameLog& log, const std::vector<std::string>& texts,
                     const std::vector<Id>& chats) {
  for (const auto& t : texts) expect_absent(f, log, to_bytes(t), "plaintext \"" + t + "\"");
  for (const auto& [where, key] : keys_by_epoch(w, chats)) {
    expect_absent(f, log, key.reveal(), "a content key of " + where.first);
  }
}

ScenarioRun on_devices_with_reason(std::set<Id> impl_devices, ReasonScenario scenario) {
  return [impl_devices = std::move(impl_devices), scenario = std::move(scenario)](
             const std::string& id, const proto::Preset& preset, const Implementation& impl,
             const EngineOptions& options) {
    auto expected = std::make_shared<std::optional<std::string>>();
    return run_mixed(id, preset, impl, options, ScenarioOptions{impl_devices, {}},
                     [&scenario, expected](Run& r, Findings& f) { return scenario(r, f, expected); });
  };
}

void expect_control_reason(const Run& run, Findings& f, const ControlReason& expected,
                           const std::optional<std::string>& got, const std::string& what, const std::string& why) {
  if (run.control) {
    *expected = got;
  } else if (*expected && got != *expected) {
    f.problems.push_back(what + " with " + got.value_or("no rejected event") + ", the reference with rejected " +
                         **expected + why);
  }
}

std::optional<std::string> first_rejected(const world::World& w, const Id& who, size_t from) {
  const auto rejected = events_of<client::RejectedEvent>(w, who, from);
  if (rejected.empty()) return std::nullopt;
  return rejected.front().reason;
}

std::vector<std::string> presets_where(const std::function<bool(const proto::Preset&)>& pred) {
  std::vector<std::string> out;
  for (const auto& name : proto::preset_names()) {
    auto p = proto::find_preset(name);
    if (p.ok() && pred(*p)) out.push_back(name);
  }
  return out;
}

}  // namespace e2e::items
