// ECDH P-256 (the four ecdh_*_schema_v1.json encodings) through crypto::P256*.
//
// One operation: import the private key, import the peer key, derive. A
// rejection at any stage is the test's rejection (named by the stage). The
// expected `shared` is compared only for valid and acceptable tests: invalid
// tests may carry a secret computed with the unmodified key.
#include "crypto/p256.h"
#include "wycheproof/adapters.h"

namespace e2e::wycheproof::ecdh {
namespace {

struct Case {
  Bytes private_scalar;        // BigInt normalised to 32 bytes (asn, ecpoint)
  std::string bigint_problem;  // set when the BigInt is not a usable scalar
  Bytes public_bytes;          // asn: DER SPKI; ecpoint: X9.62 point
  crypto::Jwk public_jwk, private_jwk;
  std::string public_pem, private_pem;
  Bytes shared;
};

std::string_view encoding_name(Encoding e) {
  switch (e) {
    case Encoding::kAsn: return "asn";
    case Encoding::kEcpoint: return "ecpoint";
    case Encoding::kWebcrypto: return "webcrypto";
    case Encoding::kPem: return "pem";
  }
  return "?";
}

// scalar_from_bigint converts a Wycheproof BigInt (two's complement,
// big-endian, possibly with a leading 00 sign byte, possibly short) into the
// 32-byte big-endian scalar from_scalar expects. Empty |why| means success.
Bytes scalar_from_bigint(ByteView big, std::string& why) {
  if (!big.empty() && (big[0] & 0x80) != 0) {
    why = "private BigInt is negative";
    return {};
  }
  size_t skip = 0;
  while (skip < big.size() && big[skip] == 0) ++skip;
  ByteView magnitude = big.subspan(skip);
  if (magnitude.size() > crypto::P256PrivateKey::kScalarLen) return Bytes(big.begin(), big.end());
  Bytes out(crypto::P256PrivateKey::kScalarLen - magnitude.size(), 0);
  out.insert(out.end(), magnitude.begin(), magnitude.end());
  return out;
}

Result<crypto::P256PrivateKey> import_private(Encoding e, const Case& c) {
  switch (e) {
    case Encoding::kAsn:
    case Encoding::kEcpoint:
      if (!c.bigint_problem.empty()) return make_error(Errc::kInvalidKey, c.bigint_problem);
      return crypto::P256PrivateKey::from_scalar(c.private_scalar);
    case Encoding::kWebcrypto: return crypto::P256PrivateKey::from_jwk(c.private_jwk);
    case Encoding::kPem: return crypto::P256PrivateKey::from_pem(c.private_pem);
  }
  return make_error(Errc::kInternal, "unknown encoding");
}

Result<crypto::P256PublicKey> import_public(Encoding e, const Case& c) {
  switch (e) {
    case Encoding::kAsn: return crypto::P256PublicKey::from_spki_der(c.public_bytes);
    case Encoding::kEcpoint: return crypto::P256PublicKey::from_uncompressed(c.public_bytes);
    case Encoding::kWebcrypto: return crypto::P256PublicKey::from_jwk(c.public_jwk);
    case Encoding::kPem: return crypto::P256PublicKey::from_pem(c.public_pem);
  }
  return make_error(Errc::kInternal, "unknown encoding");
}

std::vector<OpOutcome> run(Encoding e, const Case& c, Expected expected) {
  auto priv = import_private(e, c);
  if (!priv.ok()) return {OpOutcome::rejected("private key import", priv.error())};
  auto pub = import_public(e, c);
  if (!pub.ok()) return {OpOutcome::rejected("public key import", pub.error())};
  auto shared = crypto::ecdh_p256(*priv, *pub);
  if (!shared.ok()) return {OpOutcome::rejected("ecdh_p256", shared.error())};
  if (expected == Expected::kInvalid) return {OpOutcome::accepted_unchecked("ecdh_p256")};
  return {OpOutcome::produced("ecdh_p256", shared->reveal(), c.shared)};
}

}  // namespace

FileStatus check_group(Encoding encoding, const Fields& group) {
  E2E_ASSIGN_OR_RETURN(std::string curve, group.string("curve"));
  if (curve != "secp256r1" && curve != "P-256") {
    return group.error(Problem::kUnsupported, "curve",
                       "unsupported curve \"" + curve + "\" (only secp256r1 / P-256)");
  }
  E2E_ASSIGN_OR_RETURN(std::string enc, group.string("encoding"));
  if (enc != encoding_name(encoding)) {
    return group.error(Problem::kBadValue, "encoding",
                       "encoding \"" + enc + "\" does not match the schema (expected \"" +
                           std::string(encoding_name(encoding)) + "\")");
  }
  return {};
}

FileResult<CaseRunner> prepare(Encoding encoding, const Fields& test) {
  Case c;
  switch (encoding) {
    case Encoding::kAsn:
    case Encoding::kEcpoint: {
      // `public` is hex of a possibly invalid key encoding: the hex itself must
      // be well formed, the bytes are the crypto layer's to judge.
      E2E_ASSIGN_OR_RETURN(c.public_bytes, test.hex("public"));
      E2E_ASSIGN_OR_RETURN(Bytes big, test.hex("private"));
      c.private_scalar = scalar_from_bigint(big, c.bigint_problem);
      break;
    }
    case Encoding::kWebcrypto: {
      E2E_ASSIGN_OR_RETURN(c.public_jwk, test.jwk("public"));
      E2E_ASSIGN_OR_RETURN(c.private_jwk, test.jwk("private"));
      break;
    }
    case Encoding::kPem: {
      E2E_ASSIGN_OR_RETURN(c.public_pem, test.string("public"));
      E2E_ASSIGN_OR_RETURN(c.private_pem, test.string("private"));
      break;
    }
  }
  E2E_ASSIGN_OR_RETURN(c.shared, test.hex("shared"));
  return CaseRunner([encoding, c = std::move(c)](Expected e) { return run(encoding, c, e); });
}

}  // namespace e2e::wycheproof::ecdh
