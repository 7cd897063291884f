// e2e_vectors_gen, family roster_op: writes roster_op/roster_op-new.json (see gen_common.h).
#include <filesystem>
#include <string>

#include "common/encoding.h"
#include "crypto/ed25519.h"
#include "crypto/p256.h"
#include "protocol/roster_op.h"
#include "gen_common.h"

namespace e2e::vectors::gen {

void gen_roster_op(const std::filesystem::path& out) {
  DeterministicRng rng(kSeed, "roster_op");
  Doc d("roster_op",
        {{"Signed", "A roster operation signed as in PROTOCOL.md 6: signed bytes, s, hash, encoding."},
         {"Tampered", "A field changed after signing: the signature fails, E2E_ERR_AUTH_FAILED."},
         {"OtherSigner", "Signed by another key than the expected signer's: E2E_ERR_AUTH_FAILED."},
         {"StrictEncoding", "Unknown, missing or wrongly sized field: E2E_ERR_DECODE."}});
  Json& g = d.group(Json::object());
  auto admin = must(crypto::Ed25519PrivateKey::generate(rng), "ed");
  const Bytes admin_seed = sb(admin.seed());
  const Bytes admin_pub = admin.public_key();
  Bytes prev(32, 0);
  proto::SignedRosterOp last;
  const struct { proto::RosterOp op; const char* name; const char* device; } steps[] = {
      {proto::RosterOp::kCreate, "create", "admin-1"},
      {proto::RosterOp::kAdd, "add", "bob"},
      {proto::RosterOp::kRemove, "remove", "bob"}};
  uint64_t seq = 0;
  for (const auto& st : steps) {
    proto::SignedRosterOp op;
    op.chat = "chat-9";
    op.seq = seq++;
    op.prev = prev;
    op.op = st.op;
    op.device = st.device;
    op.dh = must(crypto::P256PrivateKey::generate(rng), "p256").public_key().to_uncompressed();
    op.sig = must(crypto::Ed25519PrivateKey::generate(rng), "ed").public_key();
    if (st.op == proto::RosterOp::kCreate) op.sig = admin_pub;
    op.by = "admin-1";
    const Bytes signed_bytes = proto::roster_signed_bytes(op);
    if (!must_ok(proto::sign_roster_op(op, admin))) std::exit(1);
    const Bytes hash = proto::roster_op_hash(op);
    d.add(g, std::string(st.name) + " seq " + std::to_string(op.seq), {"Signed"}, "valid",
          {{"chat", op.chat}, {"seq", op.seq}, {"prev", hx(op.prev)}, {"op", st.name}, {"device", op.device},
           {"dh", hx(op.dh)}, {"sig", hx(op.sig)}, {"by", op.by}, {"signerSeed", hx(admin_seed)},
           {"signedBytes", hx(signed_bytes)}, {"s", hx(op.s)}, {"hash", hx(hash)},
           {"encoded", to_string(proto::encode_roster_op(op))}});
    prev = hash;
    last = op;
  }
  const auto bad = [&](std::string comment, const char* flag, const std::string& encoded, const char* err) {
    d.add(g, std::move(comment), {flag}, "invalid", {{"encoded", encoded}, {"signerPublic", hx(admin_pub)}}, err);
  };
  const auto tamper = [&](const char* field, Json value, std::string comment) {
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(to_string(proto::encode_roster_op(last)));
    j[field] = std::move(value);
    bad(std::move(comment), "Tampered", j.dump(), "E2E_ERR_AUTH_FAILED");
  };
  tamper("chat", "chat-8", "chat changed");
  tamper("seq", 3, "seq changed");
  tamper("prev", base64url_encode(Bytes(32, 0)), "prev changed");
  tamper("op", "add", "op changed");
  tamper("device", "carol", "device changed");
  tamper("dh", base64url_encode(must(crypto::P256PrivateKey::generate(rng), "p256").public_key().to_uncompressed()),
         "dh changed");
  tamper("sig", base64url_encode(must(crypto::Ed25519PrivateKey::generate(rng), "ed").public_key()), "sig changed");
  tamper("by", "bob", "by changed");
  {
    proto::SignedRosterOp op = last;
    auto other = must(crypto::Ed25519PrivateKey::generate(rng), "ed");
    if (!must_ok(proto::sign_roster_op(op, other))) std::exit(1);
    bad("signed by another key", "OtherSigner", to_string(proto::encode_roster_op(op)), "E2E_ERR_AUTH_FAILED");
  }
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(to_string(proto::encode_roster_op(last)));
  j["x"] = 1;
  bad("unknown field", "StrictEncoding", j.dump(), "E2E_ERR_DECODE");
  j = nlohmann::ordered_json::parse(to_string(proto::encode_roster_op(last)));
  j.erase("by");
  bad("by missing", "StrictEncoding", j.dump(), "E2E_ERR_DECODE");
  j = nlohmann::ordered_json::parse(to_string(proto::encode_roster_op(last)));
  j["prev"] = base64url_encode(Bytes(31, 0));
  bad("prev of 31 bytes", "StrictEncoding", j.dump(), "E2E_ERR_DECODE");
  j = nlohmann::ordered_json::parse(to_string(proto::encode_roster_op(last)));
  j["op"] = "promote";
  bad("unknown op", "StrictEncoding", j.dump(), "E2E_ERR_DECODE");
  d.write(out, "roster_op");
}

}  // namespace e2e::vectors::gen
