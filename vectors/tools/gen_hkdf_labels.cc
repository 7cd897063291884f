// e2e_vectors_gen, family hkdf_labels: writes hkdf_labels/hkdf_labels-new.json (see gen_common.h).
#include <filesystem>
#include <string>

#include "common/encoding.h"
#include "crypto/hkdf.h"
#include "crypto/p256.h"
#include "protocol/labels.h"
#include "protocol/wire_bytes.h"
#include "verify/construct.h"
#include "gen_common.h"

namespace e2e::vectors::gen {

void gen_hkdf_labels(const std::filesystem::path& out) {
  DeterministicRng rng(kSeed, "hkdf_labels");
  Doc d("hkdf_labels",
        {{"Schedule", "The hardened per-sender key schedule of PROTOCOL.md 8.3."},
         {"EciesKw", "The ECIES key-wrap key kw = HKDF(Z, E || R, label, 32) of PROTOCOL.md 5."},
         {"WrongLabel", "The okm was derived with another protocol label: the construction's okm differs."},
         {"NoLengthPrefix", "The info omits the lp() prefixes: an ambiguous encoding the spec rules out."},
         {"SaltOrder", "The ECIES salt is R || E instead of E || R."},
         {"ModifiedOutput", "One byte of the okm differs."}});
  using namespace proto::labels;
  struct Sch { std::string chat, sender; uint64_t epoch; };
  const Sch sch[] = {{"chat-1", "alice", 0}, {"team_X", "bob-phone", 7}, {"c", "d", (1ULL << 53) - 1}};
  Json& gs = d.group({{"construction", "hardened_sender"}, {"label", kHardenedSender}});
  Json& ge = d.group({{"construction", "hardened_enc"}, {"label", kHardenedEnc}});
  Json& gc = d.group({{"construction", "hardened_commit"}, {"label", kHardenedCommit}});
  for (const auto& s : sch) {
    const Bytes ek = rng.bytes(32);
    const Bytes info = sender_info(s.chat, s.sender, s.epoch);
    const HardenedKeys k = must(hardened_keys(ek, s.chat, s.sender, s.epoch), "keys");
    const Json base = {{"ikm", hx(ek)}, {"salt", ""}, {"chat", s.chat}, {"sender", s.sender}, {"epoch", s.epoch}, {"size", 32}};
    Json f = base;
    f["info"] = hx(info);
    f["okm"] = hx(k.sk);
    d.add(gs, "SK for " + s.sender + " in " + s.chat + " epoch " + std::to_string(s.epoch), {"Schedule"}, "valid", f);
    d.add(ge, "enc from the SK of " + s.sender, {"Schedule"}, "valid",
          {{"ikm", hx(k.sk)}, {"salt", ""}, {"info", hx(to_bytes(kHardenedEnc))}, {"size", 32}, {"okm", hx(k.enc)}});
    d.add(gc, "ck from the SK of " + s.sender, {"Schedule"}, "valid",
          {{"ikm", hx(k.sk)}, {"salt", ""}, {"info", hx(to_bytes(kHardenedCommit))}, {"size", 32}, {"okm", hx(k.ck)}});
  }
  {
    const Bytes ek = rng.bytes(32);
    // info without lp(): label || chat || sender || u64(epoch)
    Bytes bad;
    proto::append_raw(bad, kHardenedSender);
    proto::append_raw(bad, std::string_view("ab"));
    proto::append_raw(bad, std::string_view("c"));
    proto::append_u64(bad, 1);
    Json f = {{"ikm", hx(ek)}, {"salt", ""}, {"chat", "ab"}, {"sender", "c"}, {"epoch", 1}, {"size", 32},
              {"info", hx(bad)}, {"okm", hx(sb(must(crypto::hkdf_sha256(ek, {}, bad, 32), "hkdf")))}};
    d.add(gs, "info without length prefixes", {"NoLengthPrefix"}, "invalid", f);
    Bytes wrong = to_bytes(kHardenedEnc);
    Bytes tail = sender_info("ab", "c", 1);
    wrong.insert(wrong.end(), tail.begin() + static_cast<long>(kHardenedSender.size()), tail.end());
    f["info"] = hx(wrong);
    f["okm"] = hx(sb(must(crypto::hkdf_sha256(ek, {}, wrong, 32), "hkdf")));
    d.add(gs, "enc label in place of the sender label", {"WrongLabel"}, "invalid", f);
    const HardenedKeys k = must(hardened_keys(ek, "ab", "c", 1), "keys");
    d.add(ge, "okm is the commit key, not the enc key", {"WrongLabel"}, "invalid",
          {{"ikm", hx(k.sk)}, {"salt", ""}, {"info", hx(to_bytes(kHardenedEnc))}, {"size", 32}, {"okm", hx(k.ck)}});
    d.add(gc, "one byte of ck changed", {"ModifiedOutput"}, "invalid",
          {{"ikm", hx(k.sk)}, {"salt", ""}, {"info", hx(to_bytes(kHardenedCommit))}, {"size", 32}, {"okm", hx(flip(k.ck, 31))}});
  }
  for (std::string_view label : {kElevenWrap, kHardenedWrap}) {
    Json& g = d.group({{"construction", "ecies_kw"}, {"label", label}});
    for (int i = 0; i < 2; ++i) {
      auto e = must(crypto::P256PrivateKey::generate(rng), "p256");
      auto r = must(crypto::P256PrivateKey::generate(rng), "p256");
      const Bytes E = e.public_key().to_uncompressed();
      const Bytes R = r.public_key().to_uncompressed();
      const Bytes z = sb(must(crypto::ecdh_p256(e, r.public_key()), "ecdh"));
      const Bytes salt = concat({E, R});
      const Bytes kw = sb(must(crypto::hkdf_sha256(z, salt, as_bytes(label), 32), "hkdf"));
      Json f = {{"ikm", hx(z)}, {"eph", hx(E)}, {"recipient", hx(R)}, {"salt", hx(salt)},
                {"info", hx(as_bytes(label))}, {"size", 32}, {"okm", hx(kw)}};
      if (i == 0) {
        d.add(g, "kw for " + std::string(label), {"EciesKw"}, "valid", f);
      } else {
        const Bytes swapped = concat({R, E});
        f["salt"] = hx(swapped);
        f["okm"] = hx(sb(must(crypto::hkdf_sha256(z, swapped, as_bytes(label), 32), "hkdf")));
        d.add(g, "salt R || E", {"SaltOrder"}, "invalid", f);
        const std::string_view other = label == kElevenWrap ? kHardenedWrap : kElevenWrap;
        f["salt"] = hx(salt);
        f["info"] = hx(as_bytes(other));
        f["okm"] = hx(sb(must(crypto::hkdf_sha256(z, salt, as_bytes(other), 32), "hkdf")));
        d.add(g, "kw derived under the other preset's label", {"WrongLabel"}, "invalid", f);
      }
    }
  }
  d.write(out, "hkdf_labels");
}

}  // namespace e2e::vectors::gen
