// Every domain-separation label of protocol v1 (docs/PROTOCOL.md §5-§8), in one
// place so the spec, the code and the test vectors cannot drift apart.
#pragma once

#include <string_view>

namespace e2e::proto::labels {

inline constexpr std::string_view kElevenWrap = "e2eproof/v1/eleven/wrap";
inline constexpr std::string_view kHardenedWrap = "e2eproof/v1/hardened/wrap";
inline constexpr std::string_view kHardenedSender = "e2eproof/v1/hardened/sender";
inline constexpr std::string_view kHardenedEnc = "e2eproof/v1/hardened/enc";
inline constexpr std::string_view kHardenedCommit = "e2eproof/v1/hardened/commit";
inline constexpr std::string_view kHardenedMsg = "e2eproof/v1/hardened/msg";
inline constexpr std::string_view kRoster = "e2eproof/v1/roster";

}  // namespace e2e::proto::labels
