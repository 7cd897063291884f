// TLS contexts for the relay and the chat client: TLS 1.3 only (nothing older
// is needed between our own programs, and 1.3 removes the legacy cipher and
// renegotiation surface).
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

#include "common/result.h"

namespace e2e::net {

// server_tls loads a PEM certificate chain and PEM private key.
Result<std::shared_ptr<boost::asio::ssl::context>> server_tls(const std::string& cert_file,
                                                               const std::string& key_file);

// self_signed_tls generates, in memory only, an EC P-256 key and a
// self-signed certificate for CN=localhost (SAN localhost, 127.0.0.1, ::1),
// valid for 30 days. |fingerprint| receives the certificate's SHA-256 in hex
// so a client can be told which certificate to expect; |cert_pem| its PEM
// (for `--ca` on a client). The key is never written anywhere.
Result<std::shared_ptr<boost::asio::ssl::context>> self_signed_tls(std::string& fingerprint,
                                                                    std::string& cert_pem);

// client_tls: verify the peer against |ca_file| (PEM), or the system store
// when empty; |insecure| skips verification (local testing against
// --self-signed only).
Result<std::shared_ptr<boost::asio::ssl::context>> client_tls(const std::string& ca_file,
                                                               bool insecure);

}  // namespace e2e::net
