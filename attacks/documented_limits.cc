#include "attacks/documented_limits.h"

namespace e2e::attacks {

const std::vector<DocumentedLimit>& documented_limits() {
  static const std::vector<DocumentedLimit> kTable = {
      // A03: a live relay hands out its own key when a conversation starts.
      {"A03", "first-contact-substitution", "ELEVEN", "ELEVEN-16",
       "keys come from the server unverified, so an active malicious server can swap a key for a new "
       "conversation"},
      // G03: what the server side is said to know.
      {"G03", "metadata:member-id", "ELEVEN", "ELEVEN-10", "the server knows who shares a chat with whom"},
      {"G03", "metadata:chat-id", "ELEVEN", "ELEVEN-10", "the server knows who shares a chat with whom"},
      {"G03", "metadata:display-name", "ELEVEN", "ELEVEN-11", "the server knows members' screen names"},
      {"G03", "metadata:member-id", "ARTHAS", "ARTHAS-15", "the server sees member ids"},
      {"G03", "metadata:chat-id", "ARTHAS", "ARTHAS-15", "the server sees room ids"},
      {"G03", "metadata:display-name", "ARTHAS", "ARTHAS-15", "the server sees nicknames"},
  };
  return kTable;
}

const DocumentedLimit* find_documented_limit(std::string_view attack, std::string_view finding,
                                             std::string_view claims_prefix) {
  for (const auto& d : documented_limits()) {
    if (d.attack == attack && d.finding == finding && d.claims_prefix == claims_prefix) return &d;
  }
  return nullptr;
}

}  // namespace e2e::attacks
