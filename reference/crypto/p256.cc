// P-256 over OpenSSL 3 EVP. Every import path ends in the same two builders
// (public point, private scalar), so validation happens once: the point goes
// through EVP_PKEY_fromdata (on-curve, coordinates < p) plus a full
// EVP_PKEY_public_check, and the scalar is range-checked before use.
#include "crypto/p256.h"

#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/obj_mac.h>

#include <algorithm>
#include <cstring>

#include "common/encoding.h"
#include "crypto/pkey_import.h"

namespace e2e::crypto {
namespace {

using internal::data_or_empty;

constexpr char kGroupName[] = SN_X9_62_prime256v1;  // "prime256v1"
constexpr size_t kFieldLen = 32;
constexpr int kFieldLenInt = 32;  // for OpenSSL's int lengths

const EC_GROUP* p256_group() {
  // EC_GROUP objects are immutable once built; one shared copy is enough.
  static const EC_GROUP* group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
  if (group == nullptr) internal::fatal("P-256 group unavailable");
  return group;
}

// fromdata builds an EC EVP_PKEY from |bld| for |selection|.
Result<ossl::Ptr<EVP_PKEY>> fromdata(OSSL_PARAM_BLD* bld, int selection, Errc code) {
  ossl::Ptr<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(bld));
  ossl::Ptr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  if (!params || !ctx) return ossl::fail(Errc::kInternal, "EC fromdata setup");
  E2E_TRY(ossl::check(EVP_PKEY_fromdata_init(ctx.get()), Errc::kInternal, "fromdata_init"));
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &raw, selection, params.get()) != 1) {
    return ossl::fail(code, "EC key rejected");
  }
  return ossl::Ptr<EVP_PKEY>(raw);
}

// public_from_point is the one place a P-256 public EVP_PKEY is made.
Result<ossl::Ptr<EVP_PKEY>> public_from_point(ByteView point) {
  // Only 04||x||y: fromdata alone would also take compressed points and the
  // one-byte 00 (infinity).
  if (point.size() != P256PublicKey::kUncompressedLen || point[0] != 0x04) {
    return make_error(Errc::kInvalidKey, "P-256 point must be 65 bytes 04||x||y");
  }
  ossl::Ptr<OSSL_PARAM_BLD> bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, kGroupName, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return ossl::fail(Errc::kInternal, "param build");
  }
  E2E_ASSIGN_OR_RETURN(auto pkey, fromdata(bld.get(), EVP_PKEY_PUBLIC_KEY, Errc::kInvalidKey));
  // Full SP 800-56A check (not infinity, on curve, n*Q = O); cheap insurance
  // should a provider's fromdata ever check less.
  ossl::Ptr<EVP_PKEY_CTX> check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
  if (!check) return ossl::fail(Errc::kInternal, "check ctx");
  E2E_TRY(ossl::check(EVP_PKEY_public_check(check.get()), Errc::kInvalidKey, "point rejected"));
  return pkey;
}

// is_named_p256: an EC key on prime256v1 whose parameters were (or would be)
// encoded as the named-curve OID, never as explicit parameters.
bool is_named_p256(EVP_PKEY* pkey) {
  if (EVP_PKEY_is_a(pkey, "EC") != 1) return false;
  char name[64] = {0};
  char enc[64] = {0};
  if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof(name),
                                     nullptr) != 1 ||
      EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_EC_ENCODING, enc, sizeof(enc),
                                     nullptr) != 1) {
    ERR_clear_error();
    return false;
  }
  return OBJ_sn2nid(name) == NID_X9_62_prime256v1 &&
         std::strcmp(enc, OSSL_PKEY_EC_ENCODING_GROUP) == 0;
}

// point_of reads the public point of any EC key as 04||x||y, whatever point
// form its container used.
Result<Bytes> point_of(EVP_PKEY* pkey) {
  BIGNUM* x_raw = nullptr;
  BIGNUM* y_raw = nullptr;
  int okx = EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_X, &x_raw);
  int oky = EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, &y_raw);
  ossl::Ptr<BIGNUM> x(x_raw), y(y_raw);
  if (okx != 1 || oky != 1) return ossl::fail(Errc::kInvalidKey, "no public point");
  Bytes out(P256PublicKey::kUncompressedLen);
  out[0] = 0x04;
  if (BN_bn2binpad(x.get(), out.data() + 1, kFieldLenInt) != kFieldLenInt ||
      BN_bn2binpad(y.get(), out.data() + 1 + kFieldLen, kFieldLenInt) != kFieldLenInt) {
    return ossl::fail(Errc::kInvalidKey, "coordinate too large");
  }
  return out;
}

// jwk_field decodes a strict base64url JWK member of exactly |len| bytes.
Result<SecretBytes> jwk_field(const std::string& b64, size_t len) {
  auto raw = base64url_decode(b64);
  if (!raw.ok() || raw->size() != len) {
    if (raw.ok()) e2e::internal::wipe(raw->data(), raw->size());
    return make_error(Errc::kInvalidKey, "JWK member has the wrong encoding or length");
  }
  SecretBytes out{ByteView(*raw)};
  e2e::internal::wipe(raw->data(), raw->size());
  return out;
}

// verify_der checks a DER signature over SHA-256(msg); callers have already
// made sure |der| is canonical.
Result<void> verify_der(EVP_PKEY* pub, ByteView msg, ByteView der) {
  ossl::Ptr<EVP_MD_CTX> mctx(EVP_MD_CTX_new());
  if (!mctx) return ossl::fail(Errc::kInternal, "EVP_MD_CTX_new");
  if (EVP_DigestVerifyInit_ex(mctx.get(), nullptr, "SHA256", nullptr, nullptr, pub, nullptr) !=
      1) {
    return ossl::fail(Errc::kInternal, "DigestVerifyInit");
  }
  if (EVP_DigestVerify(mctx.get(), der.data(), der.size(), data_or_empty(msg), msg.size()) != 1) {
    return ossl::fail(Errc::kAuthFailed, "ECDSA signature does not verify");
  }
  return ok_result();
}

// der_of encodes |sig| as DER.
Result<Bytes> der_of(const ECDSA_SIG* sig) {
  int len = i2d_ECDSA_SIG(sig, nullptr);
  if (len <= 0) return ossl::fail(Errc::kAuthFailed, "signature does not encode");
  Bytes out(static_cast<size_t>(len));
  unsigned char* p = out.data();
  if (i2d_ECDSA_SIG(sig, &p) != len) return ossl::fail(Errc::kAuthFailed, "i2d_ECDSA_SIG");
  return out;
}

}  // namespace

// ---- public keys ----------------------------------------------------------

Result<P256PublicKey> P256PublicKey::from_uncompressed(ByteView point) {
  E2E_ASSIGN_OR_RETURN(auto pkey, public_from_point(point));
  return P256PublicKey(std::move(pkey));
}

Result<P256PublicKey> P256PublicKey::from_spki_der(ByteView der) {
  E2E_ASSIGN_OR_RETURN(auto decoded, internal::decode_spki(der));
  if (!is_named_p256(decoded.get())) {
    return make_error(Errc::kInvalidKey, "SPKI is not a named-curve P-256 key");
  }
  E2E_ASSIGN_OR_RETURN(Bytes point, point_of(decoded.get()));
  E2E_ASSIGN_OR_RETURN(P256PublicKey key, from_uncompressed(point));
  // One accepted spelling: the input must be exactly what we would encode,
  // which rules out BER variants, compressed points and explicit parameters.
  E2E_ASSIGN_OR_RETURN(Bytes canonical, internal::spki_der(key.pkey()));
  if (canonical.size() != der.size() || !std::equal(canonical.begin(), canonical.end(), der.begin())) {
    return make_error(Errc::kInvalidKey, "SPKI is not in canonical DER");
  }
  return key;
}

Result<P256PublicKey> P256PublicKey::from_pem(std::string_view pem) {
  E2E_ASSIGN_OR_RETURN(SecretBytes der, internal::pem_decode(pem, "PUBLIC KEY"));
  return from_spki_der(der.reveal());
}

Result<P256PublicKey> P256PublicKey::from_jwk(const Jwk& jwk) {
  if (jwk.kty != "EC" || jwk.crv != "P-256") {
    return make_error(Errc::kInvalidKey, "JWK is not an EC P-256 key");
  }
  E2E_ASSIGN_OR_RETURN(SecretBytes x, jwk_field(jwk.x, kFieldLen));
  E2E_ASSIGN_OR_RETURN(SecretBytes y, jwk_field(jwk.y, kFieldLen));
  const uint8_t prefix = 0x04;
  return from_uncompressed(concat({ByteView(&prefix, 1), x.reveal(), y.reveal()}));
}

Bytes P256PublicKey::to_uncompressed() const {
  Bytes out(kUncompressedLen);
  size_t len = 0;
  if (EVP_PKEY_get_octet_string_param(pkey_.get(), OSSL_PKEY_PARAM_PUB_KEY, out.data(), out.size(),
                                      &len) != 1 ||
      len != kUncompressedLen || out[0] != 0x04) {
    internal::fatal("P-256 public key lost its uncompressed form");
  }
  return out;
}

// ---- private keys ---------------------------------------------------------

namespace {

struct KeyPair {
  ossl::Ptr<EVP_PKEY> priv;
  ossl::Ptr<EVP_PKEY> pub;  // public half only
};

// keypair_from_scalar is the one place a P-256 private EVP_PKEY is made. |d|
// must already be in [1, n-1]. OpenSSL 3.0's fromdata does not derive the
// public point, so it is computed here and passed in.
Result<KeyPair> keypair_from_scalar(const BIGNUM* d) {
  const EC_GROUP* group = p256_group();
  ossl::Ptr<BN_CTX> bnctx(BN_CTX_secure_new());
  ossl::Ptr<EC_POINT> q(EC_POINT_new(group));
  Bytes point(P256PublicKey::kUncompressedLen);
  if (!bnctx || !q || EC_POINT_mul(group, q.get(), d, nullptr, nullptr, bnctx.get()) != 1 ||
      EC_POINT_point2oct(group, q.get(), POINT_CONVERSION_UNCOMPRESSED, point.data(), point.size(),
                         bnctx.get()) != point.size()) {
    return ossl::fail(Errc::kInternal, "public point");
  }
  ossl::Ptr<OSSL_PARAM_BLD> bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, kGroupName, 0) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return ossl::fail(Errc::kInternal, "param build");
  }
  E2E_ASSIGN_OR_RETURN(auto pkey, fromdata(bld.get(), EVP_PKEY_KEYPAIR, Errc::kInternal));
  E2E_ASSIGN_OR_RETURN(auto pub, public_from_point(point));
  return KeyPair{std::move(pkey), std::move(pub)};
}

// scalar_in_range: 1 <= d <= n-1.
bool scalar_in_range(const BIGNUM* d) {
  return !BN_is_zero(d) && !BN_is_negative(d) && BN_cmp(d, EC_GROUP_get0_order(p256_group())) < 0;
}

// secret_bn reads a big-endian scalar into a BIGNUM whose memory is wiped on
// free and which OSSL_PARAM_BLD copies into wiped (secure) storage.
Result<ossl::Ptr<BIGNUM>> secret_bn(ByteView be) {
  ossl::Ptr<BIGNUM> d(BN_secure_new());
  if (!d || BN_bin2bn(data_or_empty(be), static_cast<int>(be.size()), d.get()) == nullptr) {
    return ossl::fail(Errc::kInternal, "BN_bin2bn");
  }
  BN_set_flags(d.get(), BN_FLG_CONSTTIME);
  return d;
}

}  // namespace

Result<P256PrivateKey> P256PrivateKey::from_scalar(ByteView big_endian) {
  if (big_endian.size() > internal::kMaxKeyEncodingLen) {
    return make_error(Errc::kInvalidKey, "scalar too long");
  }
  E2E_ASSIGN_OR_RETURN(auto d, secret_bn(big_endian));
  if (!scalar_in_range(d.get())) return make_error(Errc::kInvalidKey, "scalar not in [1, n-1]");
  E2E_ASSIGN_OR_RETURN(KeyPair kp, keypair_from_scalar(d.get()));
  return P256PrivateKey(std::move(kp.priv), P256PublicKey(std::move(kp.pub)));
}

Result<P256PrivateKey> P256PrivateKey::generate(Rng& rng) {
  // Rejection sampling keeps the scalar uniform in [1, n-1]. A draw is out of
  // range with probability < 2^-32, so 64 failures in a row mean a broken Rng.
  for (int attempt = 0; attempt < 64; ++attempt) {
    SecretBytes candidate = rng.secret(kScalarLen);
    E2E_ASSIGN_OR_RETURN(auto d, secret_bn(candidate.reveal()));
    if (scalar_in_range(d.get())) return from_scalar(candidate.reveal());
  }
  return make_error(Errc::kInternal, "Rng produced no scalar in range");
}

namespace {

// private_from_decoded turns a key OpenSSL decoded from a container into ours:
// named P-256 only, scalar range-checked, and any public key the container
// carried must be the one the scalar gives.
Result<P256PrivateKey> private_from_decoded(EVP_PKEY* decoded) {
  if (!is_named_p256(decoded)) {
    return make_error(Errc::kInvalidKey, "not a named-curve P-256 private key");
  }
  BIGNUM* d_raw = nullptr;
  if (EVP_PKEY_get_bn_param(decoded, OSSL_PKEY_PARAM_PRIV_KEY, &d_raw) != 1) {
    return ossl::fail(Errc::kInvalidKey, "no private scalar");
  }
  ossl::Ptr<BIGNUM> d(d_raw);
  SecretBytes be(P256PrivateKey::kScalarLen);
  if (BN_is_negative(d.get()) ||
      BN_bn2binpad(d.get(), be.mutable_data(), static_cast<int>(be.size())) < 0) {
    return ossl::fail(Errc::kInvalidKey, "private scalar out of range");
  }
  E2E_ASSIGN_OR_RETURN(P256PrivateKey key, P256PrivateKey::from_scalar(be.reveal()));
  E2E_ASSIGN_OR_RETURN(Bytes container_point, point_of(decoded));
  if (container_point != key.public_key().to_uncompressed()) {
    return make_error(Errc::kInvalidKey, "public key does not match the private scalar");
  }
  return key;
}

}  // namespace

Result<P256PrivateKey> P256PrivateKey::from_pkcs8_der(ByteView der) {
  E2E_ASSIGN_OR_RETURN(auto decoded,
                       internal::decode_private_der(der, EVP_PKEY_EC, internal::PrivateDer::kPkcs8));
  return private_from_decoded(decoded.get());
}

Result<P256PrivateKey> P256PrivateKey::from_pem(std::string_view pem) {
  // The label picks the container; the DER inside must then be that container.
  auto pkcs8 = internal::pem_decode(pem, "PRIVATE KEY");
  if (pkcs8.ok()) return from_pkcs8_der(pkcs8->reveal());
  E2E_ASSIGN_OR_RETURN(SecretBytes sec1, internal::pem_decode(pem, "EC PRIVATE KEY"));
  E2E_ASSIGN_OR_RETURN(auto decoded, internal::decode_private_der(sec1.reveal(), EVP_PKEY_EC,
                                                                  internal::PrivateDer::kSec1));
  return private_from_decoded(decoded.get());
}

Result<P256PrivateKey> P256PrivateKey::from_jwk(const Jwk& jwk) {
  // RFC 7518 §6.2.2.1: d is the full 32-byte octet string; x and y are
  // required too, and must belong to d.
  E2E_ASSIGN_OR_RETURN(P256PublicKey claimed, P256PublicKey::from_jwk(jwk));
  E2E_ASSIGN_OR_RETURN(SecretBytes d, jwk_field(jwk.d, kScalarLen));
  E2E_ASSIGN_OR_RETURN(P256PrivateKey key, from_scalar(d.reveal()));
  if (claimed.to_uncompressed() != key.public_key().to_uncompressed()) {
    return make_error(Errc::kInvalidKey, "JWK x/y do not match d");
  }
  return key;
}

P256PublicKey P256PrivateKey::public_key() const {
  // Share the immutable public-only key instead of rebuilding and revalidating it.
  if (EVP_PKEY_up_ref(pub_.pkey()) != 1) internal::fatal("EVP_PKEY_up_ref");
  return P256PublicKey(ossl::Ptr<EVP_PKEY>(pub_.pkey()));
}

SecretBytes P256PrivateKey::scalar() const {
  BIGNUM* d_raw = nullptr;
  if (EVP_PKEY_get_bn_param(pkey_.get(), OSSL_PKEY_PARAM_PRIV_KEY, &d_raw) != 1) {
    internal::fatal("P-256 key lost its scalar");
  }
  ossl::Ptr<BIGNUM> d(d_raw);
  SecretBytes out(kScalarLen);
  if (BN_bn2binpad(d.get(), out.mutable_data(), kFieldLenInt) != kFieldLenInt) {
    internal::fatal("P-256 scalar longer than 32 bytes");
  }
  return out;
}

// ---- ECDH -----------------------------------------------------------------

Result<SecretBytes> ecdh_p256(const P256PrivateKey& priv, const P256PublicKey& peer) {
  ossl::Ptr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, priv.pkey(), nullptr));
  if (!ctx) return ossl::fail(Errc::kInternal, "derive ctx");
  E2E_TRY(ossl::check(EVP_PKEY_derive_init(ctx.get()), Errc::kInternal, "derive_init"));
  // set_peer (not set_peer_ex(..., 0)) runs the public-key check on the peer
  // and refuses a peer on another group.
  E2E_TRY(ossl::check(EVP_PKEY_derive_set_peer(ctx.get(), peer.pkey()), Errc::kInvalidKey,
                      "peer key rejected"));
  size_t len = 0;
  if (EVP_PKEY_derive(ctx.get(), nullptr, &len) != 1 || len != kFieldLen) {
    return ossl::fail(Errc::kInternal, "derive size");
  }
  // The x-coordinate is always 32 bytes, leading zeros included (22 Wycheproof
  // secrets start with 00).
  SecretBytes out(kFieldLen);
  if (EVP_PKEY_derive(ctx.get(), out.mutable_data(), &len) != 1 || len != kFieldLen) {
    return ossl::fail(Errc::kInvalidKey, "ECDH failed");
  }
  return out;
}

// ---- ECDSA ----------------------------------------------------------------

Result<Bytes> ecdsa_p256_sign_der(const P256PrivateKey& priv, ByteView msg) {
  ossl::Ptr<EVP_MD_CTX> mctx(EVP_MD_CTX_new());
  if (!mctx) return ossl::fail(Errc::kInternal, "EVP_MD_CTX_new");
  if (EVP_DigestSignInit_ex(mctx.get(), nullptr, "SHA256", nullptr, nullptr, priv.pkey(),
                            nullptr) != 1) {
    return ossl::fail(Errc::kInternal, "DigestSignInit");
  }
  size_t len = 0;
  if (EVP_DigestSign(mctx.get(), nullptr, &len, data_or_empty(msg), msg.size()) != 1) {
    return ossl::fail(Errc::kInternal, "DigestSign size");
  }
  Bytes sig(len);
  if (EVP_DigestSign(mctx.get(), sig.data(), &len, data_or_empty(msg), msg.size()) != 1) {
    return ossl::fail(Errc::kInternal, "DigestSign");
  }
  sig.resize(len);
  return sig;
}

Result<Bytes> ecdsa_p256_sign_p1363(const P256PrivateKey& priv, ByteView msg) {
  E2E_ASSIGN_OR_RETURN(Bytes der, ecdsa_p256_sign_der(priv, msg));
  const unsigned char* p = der.data();
  ossl::Ptr<ECDSA_SIG> sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig) return ossl::fail(Errc::kInternal, "d2i_ECDSA_SIG");
  Bytes out(2 * kFieldLen);
  if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), out.data(), kFieldLenInt) != kFieldLenInt ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), out.data() + kFieldLen, kFieldLenInt) !=
          kFieldLenInt) {
    return ossl::fail(Errc::kInternal, "r or s longer than 32 bytes");
  }
  return out;
}

Result<void> ecdsa_p256_verify_der(const P256PublicKey& pub, ByteView msg, ByteView sig) {
  // Strict DER: it must parse to the end and re-encode to the same bytes, so
  // no BER spelling (long-form lengths, padded integers, ...) is accepted
  // whatever the verifier below would tolerate.
  if (sig.empty() || sig.size() > internal::kMaxKeyEncodingLen) {
    return make_error(Errc::kAuthFailed, "bad signature length");
  }
  const unsigned char* p = sig.data();
  ossl::Ptr<ECDSA_SIG> parsed(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size())));
  if (!parsed || p != sig.data() + sig.size()) {
    return ossl::fail(Errc::kAuthFailed, "signature is not one DER value");
  }
  E2E_ASSIGN_OR_RETURN(Bytes canonical, der_of(parsed.get()));
  if (canonical.size() != sig.size() || !std::equal(canonical.begin(), canonical.end(), sig.begin())) {
    return make_error(Errc::kAuthFailed, "signature is not canonical DER");
  }
  return verify_der(pub.pkey(), msg, sig);
}

Result<void> ecdsa_p256_verify_p1363(const P256PublicKey& pub, ByteView msg, ByteView sig) {
  if (sig.size() != 2 * kFieldLen) return make_error(Errc::kAuthFailed, "P1363 signature not 64 bytes");
  ossl::Ptr<BIGNUM> r(BN_bin2bn(sig.data(), kFieldLenInt, nullptr));
  ossl::Ptr<BIGNUM> s(BN_bin2bn(sig.data() + kFieldLen, kFieldLenInt, nullptr));
  ossl::Ptr<ECDSA_SIG> parsed(ECDSA_SIG_new());
  if (!r || !s || !parsed) return ossl::fail(Errc::kInternal, "ECDSA_SIG alloc");
  if (ECDSA_SIG_set0(parsed.get(), r.get(), s.get()) != 1) {
    return ossl::fail(Errc::kInternal, "ECDSA_SIG_set0");
  }
  (void)r.release();  // now owned by |parsed|
  (void)s.release();
  E2E_ASSIGN_OR_RETURN(Bytes der, der_of(parsed.get()));
  // r and s range checks ([1, n-1]) are the verifier's; zero, n and larger
  // values encode fine and are refused there.
  return verify_der(pub.pkey(), msg, der);
}

}  // namespace e2e::crypto
