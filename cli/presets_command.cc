#include "cli/presets_command.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "protocol/preset.h"

namespace e2e::cli {
namespace {

using nlohmann::json;

const char* key_source_name(proto::KeySource k) {
  switch (k) {
    case proto::KeySource::kShareCode: return "share_code";
    case proto::KeySource::kChatKey: return "chat_key";
    case proto::KeySource::kEpochKey: return "epoch_key";
  }
  return "?";
}

const char* roster_policy_name(proto::RosterPolicy p) {
  switch (p) {
    case proto::RosterPolicy::kOpen: return "open";
    case proto::RosterPolicy::kAdminCredential: return "admin_credential";
    case proto::RosterPolicy::kSignedOps: return "signed_ops";
  }
  return "?";
}

json switches(const proto::Preset& p) {
  return json{{"key_source", key_source_name(p.key_source)},
              {"roster_policy", roster_policy_name(p.roster_policy)},
              {"sign_messages", p.sign_messages},
              {"replay_window", p.replay_window},
              {"rotate_on_change", p.rotate_on_change},
              {"invites", p.invites},
              {"typing", p.typing == proto::TypingMode::kClear ? "clear" : "encrypted"}};
}

// relay_rules: the preset's relay rules; null where the design sets no limit.
json relay_rules(const proto::RelayRules& r) {
  json rate = nullptr;
  if (r.rate_limit) rate = json{{"max_messages", r.rate_limit->max_messages}, {"window_ms", r.rate_limit->window_ms}};
  return json{{"ttl_ms", r.ttl_ms ? json(*r.ttl_ms) : json(nullptr)},
              {"rate_limit", rate},
              {"keeps_until_ack", true}};
}

int run(bool as_json) {
  json all = json::array();
  for (const auto& name : proto::preset_names()) {
    const proto::Preset p = proto::find_preset(name).value();
    all.push_back(json{{"name", p.name},
                       {"source", p.source},
                       {"claims_prefix", p.claims_prefix},
                       {"switches", switches(p)},
                       {"relay", relay_rules(p.relay)},
                       {"assumptions", p.assumptions}});
  }
  if (as_json) {
    std::cout << all.dump(2) << "\n";
  } else {
    for (const auto& p : all) {
      std::cout << p["name"].get<std::string>() << "  (reproduces " << p["source"].get<std::string>()
                << "; claims " << p["claims_prefix"].get<std::string>() << "-*)\n";
      for (const auto& [k, v] : p["switches"].items()) {
        std::cout << "  " << k << ": " << (v.is_string() ? v.get<std::string>() : v.dump()) << "\n";
      }
      for (const auto& [k, v] : p["relay"].items()) {
        std::cout << "  relay." << k << ": " << (v.is_null() ? "none" : v.dump()) << "\n";
      }
      std::cout << "  assumptions:\n";
      for (const auto& a : p["assumptions"]) std::cout << "    - " << a.get<std::string>() << "\n";
      std::cout << "\n";
    }
  }
  return std::cout.good() ? 0 : 2;
}

}  // namespace

void add_presets_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "presets",
      "List the reference messenger's presets (one per documented design), their feature "
      "switches, their relay rules (TTL, rate limit; items are always kept until acknowledged) "
      "and the assumptions made where a design's document is silent "
      "(docs/PROTOCOL.md section 8).");
  auto as_json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *as_json, "Print the presets as a JSON array instead of text.");
  cmd->callback([&exit_code, as_json] { exit_code = run(*as_json); });
}

}  // namespace e2e::cli
