// Internal: the strict reader the exported state document (state_codec.cc)
// and each scheme's chat fields share (docs/PROTOCOL.md §9).
#pragma once

#include <openssl/crypto.h>

#include <string>

#include "common/encoding.h"
#include "common/result.h"
#include "common/secret_bytes.h"
#include "protocol/frame.h"

namespace e2e::client {

// StateReader: small strict readers; any surprise in the document records a
// kDecodeError (the first one wins) and returns an empty value.
struct StateReader {
  Error err{Errc::kDecodeError, {}};
  bool failed = false;

  const proto::Json* field(const proto::Json& j, const char* name) {
    if (!j.is_object() || !j.contains(name)) return fail(std::string("missing ") + name), nullptr;
    return &j.at(name);
  }
  std::string str(const proto::Json& j, const char* name) {
    const proto::Json* f = field(j, name);
    if (!f || !f->is_string()) return fail(std::string("not a string: ") + name), std::string();
    return f->get<std::string>();
  }
  uint64_t u64(const proto::Json& j, const char* name) {
    const proto::Json* f = field(j, name);
    if (!f || !f->is_number_unsigned()) return fail(std::string("not an integer: ") + name), 0;
    return f->get<uint64_t>();
  }
  bool boolean(const proto::Json& j, const char* name) {
    const proto::Json* f = field(j, name);
    if (!f || !f->is_boolean()) return fail(std::string("not a bool: ") + name), false;
    return f->get<bool>();
  }
  Bytes bin(const proto::Json& j, const char* name) {
    auto r = base64url_decode(str(j, name));
    if (!r.ok()) return fail(std::string("bad base64url: ") + name), Bytes();
    return std::move(r).value();
  }
  SecretBytes secret(const proto::Json& j, const char* name) {
    Bytes b = bin(j, name);
    SecretBytes s{ByteView(b)};
    OPENSSL_cleanse(b.data(), b.size());
    return s;
  }
  // optional_secret: the secret |name| if the object has it.
  std::optional<SecretBytes> optional_secret(const proto::Json& j, const char* name) {
    if (!j.is_object() || !j.contains(name)) return std::nullopt;
    return secret(j, name);
  }
  const proto::Json& array(const proto::Json& j, const char* name) {
    static const proto::Json kEmpty = proto::Json::array();
    const proto::Json* f = field(j, name);
    if (!f || !f->is_array()) return fail(std::string("not an array: ") + name), kEmpty;
    return *f;
  }
  void fail(std::string what) {
    if (!failed) err.detail = "client state: " + std::move(what);
    failed = true;
  }
};

// b64 encodes bytes for the state document.
inline std::string b64(ByteView b) { return base64url_encode(b); }

}  // namespace e2e::client
