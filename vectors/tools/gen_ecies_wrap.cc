// e2e_vectors_gen, family ecies_wrap: writes ecies_wrap/ecies_wrap-new.json (see gen_common.h).
#include <filesystem>
#include <string>

#include "common/encoding.h"
#include "crypto/p256.h"
#include "protocol/key_wrap_ecies.h"
#include "protocol/labels.h"
#include "verify/construct.h"
#include "gen_common.h"

namespace e2e::vectors::gen {

void gen_ecies_wrap(const std::filesystem::path& out) {
  DeterministicRng base(kSeed, "ecies_wrap");
  RecordingRng rng(base);
  Doc d("ecies_wrap",
        {{"Wrap", "A wrap computed by the construction of PROTOCOL.md 5 (PROTO-WRAP-01)."},
         {"Tampered", "One byte of ct or iv changed: E2E_ERR_AUTH_FAILED."},
         {"OtherEph", "eph replaced by another valid point: E2E_ERR_AUTH_FAILED."},
         {"InvalidPoint", "eph is not a valid uncompressed P-256 point: E2E_ERR_INVALID_KEY."},
         {"WrongContext", "The wrap is opened with another ctx: E2E_ERR_AUTH_FAILED."},
         {"WrongLabel", "The wrap was made under the other preset's label: E2E_ERR_AUTH_FAILED."},
         {"WrongRecipient", "Opened with another recipient key: E2E_ERR_AUTH_FAILED."}});
  for (const char* c : {"eleven", "hardened"}) {
    const bool hard = std::string(c) == "hardened";
    const std::string_view label = hard ? proto::labels::kHardenedWrap : proto::labels::kElevenWrap;
    const std::string_view other = hard ? proto::labels::kElevenWrap : proto::labels::kHardenedWrap;
    Json& g = d.group({{"construction", c}, {"label", label}});
    auto r = must(crypto::P256PrivateKey::generate(rng), "p256");
    (void)rng.take();
    const Bytes rs = sb(r.scalar());
    const Bytes ctx = hard ? hardened_wrap_ctx("chat-7", 3, "bob") : Bytes{};
    Json last;
    for (int i = 0; i < 2; ++i) {
      const Bytes key = rng.bytes(32);
      (void)rng.take();
      const Bytes c2 = hard && i == 1 ? hardened_wrap_ctx("c", 0, "d") : ctx;
      auto w = must(proto::ecies_wrap(rng, r.public_key(), key, label, c2), "wrap");
      const auto draws = rng.take();
      if (draws.size() != 2) std::exit(1);
      last = {{"recipientPrivate", hx(rs)}, {"ctx", hx(c2)}, {"eph", hx(w.eph)}, {"iv", hx(w.iv)}, {"ct", hx(w.ct)}};
      Json f = last;
      f["ephPrivate"] = hx(draws[0]);
      f["key"] = hx(key);
      d.add(g, std::string(c) + " wrap " + std::to_string(i), {"Wrap"}, "valid", f);
    }
    const auto bad = [&](std::string comment, const char* flag, Json f, const char* err) {
      d.add(g, std::move(comment), {flag}, "invalid", std::move(f), err);
    };
    Json f = last;
    f["ct"] = hx(flip(must(hex_decode(last["ct"].get<std::string>()), "hex"), 0));
    bad("ct byte 0 changed", "Tampered", f, "E2E_ERR_AUTH_FAILED");
    f = last;
    f["ct"] = hx(flip(must(hex_decode(last["ct"].get<std::string>()), "hex"), 47));
    bad("tag byte changed", "Tampered", f, "E2E_ERR_AUTH_FAILED");
    f = last;
    f["iv"] = hx(flip(must(hex_decode(last["iv"].get<std::string>()), "hex"), 11));
    bad("iv changed", "Tampered", f, "E2E_ERR_AUTH_FAILED");
    f = last;
    auto o = must(crypto::P256PrivateKey::generate(rng), "p256");
    f["eph"] = hx(o.public_key().to_uncompressed());
    bad("eph replaced by another point", "OtherEph", f, "E2E_ERR_AUTH_FAILED");
    f = last;
    Bytes eph = must(hex_decode(last["eph"].get<std::string>()), "hex");
    eph[64] ^= 0x01;
    f["eph"] = hx(eph);
    bad("eph y changed: off the curve", "InvalidPoint", f, "E2E_ERR_INVALID_KEY");
    f = last;
    eph = must(hex_decode(last["eph"].get<std::string>()), "hex");
    eph[0] = 0x02;
    eph.resize(33);
    f["eph"] = hx(eph);
    bad("eph in compressed form", "InvalidPoint", f, "E2E_ERR_INVALID_KEY");
    f = last;
    f["ctx"] = hx(hard ? hardened_wrap_ctx("c", 1, "d") : to_bytes("x"));
    bad(hard ? "ctx of another epoch" : "non-empty ctx", "WrongContext", f, "E2E_ERR_AUTH_FAILED");
    f = last;
    auto o2 = must(crypto::P256PrivateKey::generate(rng), "p256");
    f["recipientPrivate"] = hx(sb(o2.scalar()));
    bad("another recipient's private key", "WrongRecipient", f, "E2E_ERR_AUTH_FAILED");
    {
      const Bytes key = rng.bytes(32);
      auto w = must(proto::ecies_wrap(rng, r.public_key(), key, other, ctx), "wrap");
      bad("wrapped under the other preset's label", "WrongLabel",
          {{"recipientPrivate", hx(rs)}, {"ctx", hx(ctx)}, {"eph", hx(w.eph)}, {"iv", hx(w.iv)}, {"ct", hx(w.ct)}},
          "E2E_ERR_AUTH_FAILED");
    }
    (void)rng.take();
  }
  d.write(out, "ecies_wrap");
}

}  // namespace e2e::vectors::gen
