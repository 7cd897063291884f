// The attack catalog of design/attacks.md §1 as data: every id the claims
// registry may cite, built or not, with its one title (reports and the
// conformance items print this one).
#include "attacks/attack_spec.h"

namespace e2e::attacks {

const std::vector<CatalogEntry>& attack_catalog() {
  static const std::vector<CatalogEntry> kCatalog = {
      {"A01", "Ghost member injection (server-forged membership)"},
      {"A02", "Ghost device with a split-view device list"},
      {"A03", "Directory key substitution and identity misbinding"},
      {"A04", "Key-change policy: silent re-send, blocking for verified contacts"},
      {"A05", "Wrapped-key injection (server-chosen chat key)"},
      {"A06", "Wrapped-key swap across chats or epochs"},
      {"B01", "Replay of a captured message"},
      {"B02", "Reflection of a message back to its sender"},
      {"B03", "Unauthenticated envelope fields and forged control frames"},
      {"B04", "Reordering, withholding and selective delivery"},
      {"C01", "Invisible salamanders (one ciphertext, two keys)"},
      {"C02", "Offline guessing of password-derived keys"},
      {"C03", "GCM misuse: nonce reuse, short tags, odd IV lengths"},
      {"D01", "Cross-protocol key reuse"},
      {"D02", "Identifier confusion during verification"},
      {"D03", "Untrusted key shares and an unsigned backup key"},
      {"D04", "Invalid-curve, low-order and all-zero public keys"},
      {"E01", "One-time-prekey exhaustion; stale signed prekey"},
      {"E02", "Prekey-message replay"},
      {"E03", "Forced resets, plaintext fallback, encryption-off downgrade"},
      {"F01", "A removed member keeps reading"},
      {"F02", "An ex-member re-adds itself"},
      {"F03", "Rollback of group state or key epoch"},
      {"F04", "Harvest now, decrypt later"},
      {"G01", "Length and compression side channels"},
      {"G02", "Link previews and invite-secret leakage"},
      {"G03", "Database theft: metadata canary sweep and receipt probing"},
      {"H01", "Device-linking and provisioning hijack"},
      {"I01", "Equivocation and forged quotes by a member"},
      {"I02", "Bypassing message franking and abuse reports"},
  };
  return kCatalog;
}

std::string_view catalog_title(std::string_view id) {
  for (const CatalogEntry& e : attack_catalog()) {
    if (e.id == id) return e.title;
  }
  return {};
}

size_t catalog_index(std::string_view id) {
  const auto& c = attack_catalog();
  for (size_t i = 0; i < c.size(); ++i) {
    if (c[i].id == id) return i;
  }
  return c.size();
}

}  // namespace e2e::attacks
