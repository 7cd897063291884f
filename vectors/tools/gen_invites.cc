// e2e_vectors_gen, family invites: writes invites/invites-new.json (see gen_common.h).
#include <filesystem>
#include <string>

#include "common/encoding.h"
#include "protocol/invite_link.h"
#include "gen_common.h"

namespace e2e::vectors::gen {

void gen_invites(const std::filesystem::path& out) {
  DeterministicRng rng(kSeed, "invites");
  Doc d("invites", {{"Valid", "A well-formed eleven invite link; hash = SHA-256(secret) (PROTO-ELEVEN-03)."},
                    {"NonCanonical", "The secret is not the one canonical base64url spelling."},
                    {"WrongLength", "The secret is not 43 characters / 32 bytes."},
                    {"BadChat", "The chat part is not an identifier."},
                    {"Structure", "Not a bare {chat}#{secret}: no '#', two '#', an escaped '#' or a URL."}});
  Json& g = d.group(Json::object());
  const auto good = [&](std::string comment, const std::string& chat, const Bytes& s) {
    const SecretBytes secret{ByteView(s)};
    const std::string link = must(proto::format_invite_link(chat, secret), "fmt");
    d.add(g, std::move(comment), {"Valid"}, "valid",
          {{"link", link}, {"chat", chat}, {"secret", hx(s)}, {"hash", hx(proto::invite_hash(secret))}});
    return link;
  };
  const std::string l1 = good("chat chat-1", "chat-1", rng.bytes(32));
  good("64-character chat", std::string(64, 'q'), rng.bytes(32));
  good("1-character chat", "c", rng.bytes(32));
  good("chat with every identifier character class", "A-b_9", rng.bytes(32));
  const Bytes zero(32, 0);
  good("all-zero secret", "z", zero);
  good("all-0xff secret", "g", Bytes(32, 0xff));
  const std::string s = l1.substr(l1.find('#') + 1);
  const auto bad = [&](std::string comment, const char* flag, const std::string& link) {
    d.add(g, std::move(comment), {flag}, "invalid", {{"link", link}}, "E2E_ERR_DECODE");
  };
  bad("no '#'", "Structure", "chat-1" + s);
  bad("two '#'", "Structure", "chat-1#" + s + "#");
  bad("'#' twice in a row", "Structure", "chat-1##" + s);
  bad("'#' %-escaped as %23", "Structure", "chat-1%23" + s);  // a URL-decoder would accept it
  bad("URL form https://host/join/c1#...", "Structure", "https://host/join/c1#" + s);
  bad("empty chat", "BadChat", "#" + s);
  bad("chat with '.'", "BadChat", "chat.1#" + s);
  bad("chat of 65 characters", "BadChat", std::string(65, 'q') + "#" + s);
  bad("31-byte secret", "WrongLength", "chat-1#" + base64url_encode(Bytes(31, 7)));
  bad("33-byte secret", "WrongLength", "chat-1#" + base64url_encode(Bytes(33, 7)));
  bad("42 characters", "WrongLength", "chat-1#" + s.substr(0, 42));
  bad("empty secret", "WrongLength", "chat-1#");
  // The last of 43 characters carries 4 bits: 2 unused bits must be zero.
  std::string nc = base64url_encode(zero);
  nc.back() = 'B';
  bad("last character has non-zero unused bits", "NonCanonical", "z#" + nc);
  bad("padded with '='", "NonCanonical", "chat-1#" + s + "=");
  bad("standard base64 alphabet '+'", "NonCanonical", "chat-1#+" + s.substr(1));
  bad("standard base64 alphabet '/'", "NonCanonical", "chat-1#/" + s.substr(1));
  bad("trailing line break", "NonCanonical", "chat-1#" + s + "\n");
  bad("a space inside the secret", "NonCanonical", "chat-1#" + s.substr(0, 20) + " " + s.substr(21));
  {
    // URL-decoding would give back the valid link: the parser must not decode.
    char esc[4];
    std::snprintf(esc, sizeof esc, "%%%02X", static_cast<unsigned>(static_cast<unsigned char>(s[0])));
    bad("first secret character %-escaped", "NonCanonical", "chat-1#" + std::string(esc) + s.substr(1));
  }
  d.write(out, "invites");
}

}  // namespace e2e::vectors::gen
