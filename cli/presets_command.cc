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
              {"bind_context_aad", p.bind_context_aad},
              {"replay_window", p.replay_window},
              {"key_commitment", p.key_commitment},
              {"padding", p.padding},
              {"rotate_on_change", p.rotate_on_change},
              {"invites", p.invites},
              {"typing", p.typing == proto::TypingMode::kClear ? "clear" : "encrypted"},
              {"relay_keeps_after_delivery", p.relay_keeps_after_delivery}};
}

int run(bool as_json) {
  json all = json::array();
  for (const auto& name : proto::preset_names()) {
    const proto::Preset p = proto::find_preset(name).value();
    all.push_back(json{{"name", p.name},
                       {"source", p.source},
                       {"claims_prefix", p.claims_prefix},
                       {"switches", switches(p)},
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
      "switches and the assumptions made where a design's document is silent "
      "(docs/PROTOCOL.md section 8).");
  auto as_json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *as_json, "Print the presets as a JSON array instead of text.");
  cmd->callback([&exit_code, as_json] { exit_code = run(*as_json); });
}

}  // namespace e2e::cli
