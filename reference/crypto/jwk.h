// Jwk: the members of a JSON Web Key (RFC 7517/7518/8037) that key import
// reads, as their base64url strings. Parsing the JSON is the caller's job, so
// the crypto layer does not depend on a JSON library. Absent members are empty.
#pragma once

#include <string>

namespace e2e::crypto {

struct Jwk {
  std::string kty;  // "EC" or "OKP"
  std::string crv;  // "P-256" or "X25519"
  std::string x;
  std::string y;    // EC only
  std::string d;    // private keys only
};

}  // namespace e2e::crypto
