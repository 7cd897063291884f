// Shared by the e2e_vectors_gen sources (gen.cc, gen_<family>.cc): the seed,
// the document builder every family writes through, and small helpers.
// A generator stops the program (exit 1, message on stderr) when a
// construction fails: a vector file is never written from a failed run.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "common/secret_bytes.h"
#include "verify/vectors.h"

namespace e2e::vectors::gen {

// kSeed seeds every family's DeterministicRng (with the family name as label).
constexpr uint64_t kSeed = 20261123;

// must returns |r|'s value, or prints |what| and the error and exits 1.
template <class T>
T must(Result<T> r, const char* what) {
  if (!r.ok()) {
    std::fprintf(stderr, "e2e_vectors_gen: %s: %s\n", what, r.error().to_string().c_str());
    std::exit(1);
  }
  return std::move(r).value();
}

// must_ok prints a failed |r| and returns whether it succeeded.
bool must_ok(const Result<void>& r);

// hx: lowercase hex. sb: a copy of secret bytes (a vector file publishes them).
std::string hx(ByteView b);
Bytes sb(const SecretBytes& s);

// flip returns |b| with the low bit of byte |i| flipped.
Bytes flip(Bytes b, size_t i);

// aead_body: {"iv", "ciphertext"} of AES-GCM(key, iv, aad = "", pt), the
// ciphertext's first byte flipped when |tamper| (arthas and eleven bodies).
Json aead_body(ByteView key, ByteView iv, ByteView pt, bool tamper);

// Doc accumulates groups and numbers the tests.
class Doc {
 public:
  Doc(std::string family, Json notes) : family_(std::move(family)), notes_(std::move(notes)) {}
  // group starts a test group with |params| and returns it for add().
  Json& group(Json params);
  // add appends one case to |group|, numbered after the last one.
  void add(Json& group, std::string comment, std::vector<std::string> flags, const char* result,
           Json fields, std::string error = {});
  // write writes <out_dir>/<family>/<name>-new.json; exits 1 when it cannot.
  void write(const std::filesystem::path& out_dir, const std::string& name) const;

 private:
  std::string family_;
  Json notes_;
  std::deque<Json> groups_;  // references to groups stay valid as groups are added
  uint64_t n_ = 0;
};

// One generator per family (gen_<family>.cc): each writes
// <out>/<family>/<family>-new.json.
void gen_hkdf_labels(const std::filesystem::path& out);
void gen_padding(const std::filesystem::path& out);
void gen_share_code(const std::filesystem::path& out);
void gen_ecies_wrap(const std::filesystem::path& out);
void gen_envelope_hardened(const std::filesystem::path& out);
void gen_roster_op(const std::filesystem::path& out);
void gen_frames(const std::filesystem::path& out);
void gen_envelope_arthas(const std::filesystem::path& out);
void gen_envelope_eleven(const std::filesystem::path& out);
void gen_invites(const std::filesystem::path& out);

}  // namespace e2e::vectors::gen
