#include "net/tls_context.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>

#include "common/ossl.h"

namespace e2e::net {
namespace ssl = boost::asio::ssl;
namespace {

struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

Result<std::shared_ptr<ssl::context>> tls13_context(ssl::context::method method) {
  auto ctx = std::make_shared<ssl::context>(method);
  SSL_CTX* raw = ctx->native_handle();
  E2E_TRY(ossl::check(static_cast<int>(SSL_CTX_set_min_proto_version(raw, TLS1_3_VERSION)), Errc::kInternal,
                      "cannot require TLS 1.3"));
  SSL_CTX_set_options(raw, SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION);
  return ctx;
}

Result<void> add_san(X509* cert) {
  X509V3_CTX v3;
  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &v3, NID_subject_alt_name,
                                            "DNS:localhost,IP:127.0.0.1,IP:::1");
  if (ext == nullptr) return ossl::fail(Errc::kInternal, "cannot build subjectAltName");
  const int rc = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  return ossl::check(rc, Errc::kInternal, "cannot add subjectAltName");
}

}  // namespace

Result<std::shared_ptr<ssl::context>> server_tls(const std::string& cert_file,
                                                 const std::string& key_file) {
  E2E_ASSIGN_OR_RETURN(auto ctx, tls13_context(ssl::context::tls_server));
  SSL_CTX* raw = ctx->native_handle();
  if (SSL_CTX_use_certificate_chain_file(raw, cert_file.c_str()) != 1)
    return ossl::fail(Errc::kIo, "cannot load certificate " + cert_file);
  if (SSL_CTX_use_PrivateKey_file(raw, key_file.c_str(), SSL_FILETYPE_PEM) != 1)
    return ossl::fail(Errc::kIo, "cannot load private key " + key_file);
  if (SSL_CTX_check_private_key(raw) != 1)
    return ossl::fail(Errc::kInvalidArgument, "private key does not match the certificate");
  return ctx;
}

Result<std::shared_ptr<ssl::context>> self_signed_tls(std::string& fingerprint,
                                                      std::string& cert_pem) {
  ossl::Ptr<EVP_PKEY> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) return ossl::fail(Errc::kInternal, "cannot generate P-256 key");
  X509Ptr cert(X509_new());
  if (!cert) return ossl::fail(Errc::kInternal, "X509_new");
  E2E_TRY(ossl::check(X509_set_version(cert.get(), 2), Errc::kInternal, "X509_set_version"));
  unsigned char serial[16];
  E2E_TRY(ossl::check(RAND_bytes(serial, sizeof serial), Errc::kInternal, "RAND_bytes"));
  serial[0] &= 0x7f;  // a positive serial number
  ossl::Ptr<BIGNUM> bn(BN_bin2bn(serial, sizeof serial, nullptr));
  if (!bn || BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get())) == nullptr)
    return ossl::fail(Errc::kInternal, "serial number");
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 30L * 24 * 3600);
  X509_NAME* name = X509_get_subject_name(cert.get());
  E2E_TRY(ossl::check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                                 reinterpret_cast<const unsigned char*>("localhost"),
                                                 -1, -1, 0),
                      Errc::kInternal, "subject name"));
  E2E_TRY(ossl::check(X509_set_issuer_name(cert.get(), name), Errc::kInternal, "issuer name"));
  E2E_TRY(ossl::check(X509_set_pubkey(cert.get(), key.get()), Errc::kInternal, "X509_set_pubkey"));
  E2E_TRY(add_san(cert.get()));
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0)
    return ossl::fail(Errc::kInternal, "cannot sign the certificate");

  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  E2E_TRY(ossl::check(X509_digest(cert.get(), EVP_sha256(), md, &md_len), Errc::kInternal,
                      "certificate digest"));
  fingerprint.clear();
  for (unsigned int i = 0; i < md_len; ++i) {
    char hex[3];
    std::snprintf(hex, sizeof hex, "%02x", md[i]);
    fingerprint += hex;
  }
  ossl::Ptr<BIO> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert.get()) != 1)
    return ossl::fail(Errc::kInternal, "cannot encode the certificate");
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  cert_pem.assign(data, static_cast<size_t>(len));

  E2E_ASSIGN_OR_RETURN(auto ctx, tls13_context(ssl::context::tls_server));
  SSL_CTX* raw = ctx->native_handle();
  E2E_TRY(ossl::check(SSL_CTX_use_certificate(raw, cert.get()), Errc::kInternal, "use certificate"));
  E2E_TRY(ossl::check(SSL_CTX_use_PrivateKey(raw, key.get()), Errc::kInternal, "use private key"));
  return ctx;
}

Result<std::shared_ptr<ssl::context>> client_tls(const std::string& ca_file, bool insecure) {
  E2E_ASSIGN_OR_RETURN(auto ctx, tls13_context(ssl::context::tls_client));
  SSL_CTX* raw = ctx->native_handle();
  if (insecure) {
    SSL_CTX_set_verify(raw, SSL_VERIFY_NONE, nullptr);
    return ctx;
  }
  if (!ca_file.empty()) {
    if (SSL_CTX_load_verify_locations(raw, ca_file.c_str(), nullptr) != 1)
      return ossl::fail(Errc::kIo, "cannot load CA file " + ca_file);
  } else if (SSL_CTX_set_default_verify_paths(raw) != 1) {
    return ossl::fail(Errc::kIo, "cannot load the system CA store");
  }
  SSL_CTX_set_verify(raw, SSL_VERIFY_PEER, nullptr);
  return ctx;
}

}  // namespace e2e::net
