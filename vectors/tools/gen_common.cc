// The helpers and the document builder of gen_common.h.
#include "gen_common.h"

#include <fstream>
#include <iostream>

#include "common/encoding.h"
#include "crypto/aes_gcm.h"

namespace e2e::vectors::gen {

bool must_ok(const Result<void>& r) {
  if (!r.ok()) std::fprintf(stderr, "e2e_vectors_gen: %s\n", r.error().to_string().c_str());
  return r.ok();
}

std::string hx(ByteView b) { return hex_encode(b); }
Bytes sb(const SecretBytes& s) { return Bytes(s.reveal().begin(), s.reveal().end()); }

Bytes flip(Bytes b, size_t i) {
  b.at(i) ^= 0x01;
  return b;
}

Json aead_body(ByteView key, ByteView iv, ByteView pt, bool tamper) {
  auto aead = must(crypto::AesGcm::create(key), "gcm");
  Bytes ct = must(aead.seal(iv, {}, pt), "seal");
  if (tamper) ct[0] ^= 0x01;
  Json b = Json::object();
  b["iv"] = base64url_encode(iv);
  b["ciphertext"] = base64url_encode(ct);
  return b;
}

Json& Doc::group(Json params) {
  params["tests"] = Json::array();
  groups_.push_back(std::move(params));
  return groups_.back();
}

void Doc::add(Json& group, std::string comment, std::vector<std::string> flags, const char* result,
              Json fields, std::string error) {
  Json t = Json::object();
  t["tcId"] = ++n_;
  t["comment"] = std::move(comment);
  t["flags"] = std::move(flags);
  t["result"] = result;
  for (auto it = fields.begin(); it != fields.end(); ++it) t[it.key()] = it.value();
  if (!error.empty()) t["error"] = error;
  group["tests"].push_back(std::move(t));
}

void Doc::write(const std::filesystem::path& out_dir, const std::string& name) const {
  Json doc = Json::object();
  doc["schema"] = "e2eproof-vectors/" + family_ + "@1";
  // gen.cc is the program's entry point; the text is part of every committed file.
  doc["generator"] = "vectors/tools/gen.cc (e2e_vectors_gen, seed " + std::to_string(kSeed) + ")";
  doc["source"] = "docs/PROTOCOL.md v1";
  doc["numberOfTests"] = n_;
  doc["notes"] = notes_;
  doc["testGroups"] = Json::array();
  for (const auto& g : groups_) doc["testGroups"].push_back(g);
  const auto dir = out_dir / family_;
  std::filesystem::create_directories(dir);
  const auto path = dir / (name + "-new.json");
  std::ofstream out(path, std::ios::binary);
  out << doc.dump(1) << '\n';
  if (!out) {
    std::fprintf(stderr, "e2e_vectors_gen: cannot write %s\n", path.string().c_str());
    std::exit(1);
  }
  std::cout << "wrote " << path.string() << " (" << n_ << " tests)\n";
}

}  // namespace e2e::vectors::gen
