#include "attacks/observation.h"

namespace e2e::attacks {

const std::vector<ObservationName>& observation_names() {
  static const std::vector<ObservationName> kNames = {
      {"attacker.decrypted", false, "honest messages the attacker decrypted with keys it obtained"},
      {"attacker.held_key", false, "content keys (chat, room or epoch keys) the attacker obtained"},
      {"attacker.read_content", false, "message-text canaries found in what the attacker stole"},
      {"attacker.got_secret", true, "secrets of the named kind that reached the attacker (invite, admin-credential, ...)"},
      {"client.accepted_forged", false, "forged or re-attributed items an honest client showed as genuine"},
      {"client.accepted_replay", false, "replayed items an honest client took again"},
      {"client.warned", true, "warnings of the named kind honest clients raised during the attack"},
      {"client.showed_roster_change", false, "ordinary roster lines naming the attacker (not a warning)"},
      {"client.wrapped_key_to_attacker", false, "content-key wraps honest clients addressed to the attacker"},
      {"metadata", true, "findings of the named metadata category in what the attacker holds"},
      {"sweep.looked_for", true, "the sweep searched for the named category (count 1)"},
  };
  return kNames;
}

const ObservationName* find_observation_name(std::string_view name) {
  for (const auto& n : observation_names()) {
    if (n.name == name) return &n;
  }
  return nullptr;
}

std::string observation_key(std::string_view name, std::string_view qualifier) {
  std::string k(name);
  if (!qualifier.empty()) k += "{" + std::string(qualifier) + "}";
  return k;
}

std::optional<Observation> find_observation(const std::vector<Observation>& list, std::string_view name,
                                            std::string_view qualifier) {
  for (const auto& o : list) {
    if (o.name == name && o.qualifier == qualifier) return o;
  }
  return std::nullopt;
}

const std::vector<std::string>& warning_kinds() {
  static const std::vector<std::string> kKinds = {"key_changed", "duplicate", "gap", "rejected",
                                                  "roster_rejected"};
  return kKinds;
}

const std::vector<MetadataCategory>& metadata_categories() {
  static const std::vector<MetadataCategory> kCategories = {
      {"member-id", "which devices or accounts exist and take part"},
      {"chat-id", "which chats exist, and so who shares one with whom"},
      {"display-name", "members' screen names"},
      {"timestamp", "when each message was sent or stored"},
      {"size", "how long each message is"},
      {"typing", "who is typing, and when"},
      {"online-state", "who is connected, and when"},
      {"ip-address", "the network address each device connects from"},
  };
  return kCategories;
}

nlohmann::json to_json(const Observation& o) {
  nlohmann::json j{{"name", o.name}, {"count", o.count}};
  if (!o.qualifier.empty()) j["qualifier"] = o.qualifier;
  if (!o.detail.empty()) j["detail"] = o.detail;
  j["key"] = observation_key(o);
  return j;
}

}  // namespace e2e::attacks
