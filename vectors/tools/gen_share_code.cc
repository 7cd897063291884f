// e2e_vectors_gen, family share_code: writes share_code/share_code-new.json (see gen_common.h).
#include <filesystem>
#include <string>

#include "common/encoding.h"
#include "protocol/share_code.h"
#include "gen_common.h"

namespace e2e::vectors::gen {

void gen_share_code(const std::filesystem::path& out) {
  DeterministicRng rng(kSeed, "share_code");
  Doc d("share_code", {{"Canonical", "A well-formed code (PROTO-ARTHAS-01)."},
                       {"NonCanonical", "The key part is not the one canonical base64url spelling."},
                       {"WrongLength", "The key part is not 43 characters / 32 bytes."},
                       {"BadRoom", "The room part is not an identifier."},
                       {"BadSeparator", "Not exactly one ':'."}});
  Json& g = d.group(Json::object());
  const auto good = [&](const std::string& room) {
    const Bytes k = rng.bytes(32);
    const std::string code = must(proto::format_share_code(room, SecretBytes(ByteView(k))), "fmt");
    d.add(g, "room " + room, {"Canonical"}, "valid", {{"code", code}, {"room", room}, {"key", hx(k)}});
    return code;
  };
  const std::string c1 = good("room1");
  good(std::string(64, 'z'));
  good("A-b_9");
  const Bytes zero(32, 0);
  d.add(g, "all-zero key", {"Canonical"}, "valid",
        {{"code", "r:" + base64url_encode(zero)}, {"room", "r"}, {"key", hx(zero)}});
  const std::string key = c1.substr(c1.find(':') + 1);
  const auto bad = [&](std::string comment, const char* flag, const std::string& code) {
    d.add(g, std::move(comment), {flag}, "invalid", {{"code", code}}, "E2E_ERR_DECODE");
  };
  // The last of 43 characters carries 4 bits: 2 unused bits must be zero.
  std::string nc = "r:" + base64url_encode(zero);
  nc.back() = 'B';
  bad("last character has non-zero unused bits", "NonCanonical", nc);
  bad("padded with '='", "NonCanonical", "room1:" + key + "=");
  bad("standard base64 alphabet '+'", "NonCanonical", "room1:+" + key.substr(1));
  bad("standard base64 alphabet '/'", "NonCanonical", "room1:/" + key.substr(1));
  bad("42 characters", "WrongLength", "room1:" + key.substr(0, 42));
  bad("44 characters (33 bytes)", "WrongLength", "room1:" + base64url_encode(Bytes(33, 7)));
  bad("31-byte key", "WrongLength", "room1:" + base64url_encode(Bytes(31, 7)));
  bad("empty key", "WrongLength", "room1:");
  bad("empty room", "BadRoom", ":" + key);
  bad("room with '.'", "BadRoom", "room.1:" + key);
  bad("room of 65 characters", "BadRoom", std::string(65, 'z') + ":" + key);
  bad("no ':'", "BadSeparator", "room1" + key);
  bad("two ':'", "BadSeparator", "room1:x:" + key);
  bad("whitespace after the key", "NonCanonical", "room1:" + key + " ");
  d.write(out, "share_code");
}

}  // namespace e2e::vectors::gen
