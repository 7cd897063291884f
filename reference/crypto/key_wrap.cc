// AES-KW (RFC 3394) and AES-KWP (RFC 5649) over EVP's wrap ciphers.
//
// Lengths are checked here, not left to EVP: its wrap ciphers report success
// with no output for empty input. EVP also takes int lengths, so inputs are
// capped at kMaxInput (far above any key a protocol wraps).
#include "crypto/key_wrap.h"

#include <climits>

#include "common/ossl.h"

namespace e2e::crypto {
namespace {

constexpr size_t kSemiblock = 8;
constexpr size_t kMaxInput = static_cast<size_t>(INT_MAX) - 2 * kSemiblock;

bool valid_kek(ByteView kek) { return kek.size() == 16 || kek.size() == 24 || kek.size() == 32; }

// wrap_cipher fetches each of the six wrap ciphers once per process.
const EVP_CIPHER* wrap_cipher(bool pad, size_t kek_len) {
  static const ossl::Ptr<EVP_CIPHER> kw[3] = {
      ossl::Ptr<EVP_CIPHER>(EVP_CIPHER_fetch(nullptr, "AES-128-WRAP", nullptr)),
      ossl::Ptr<EVP_CIPHER>(EVP_CIPHER_fetch(nullptr, "AES-192-WRAP", nullptr)),
      ossl::Ptr<EVP_CIPHER>(EVP_CIPHER_fetch(nullptr, "AES-256-WRAP", nullptr))};
  static const ossl::Ptr<EVP_CIPHER> kwp[3] = {
      ossl::Ptr<EVP_CIPHER>(EVP_CIPHER_fetch(nullptr, "AES-128-WRAP-PAD", nullptr)),
      ossl::Ptr<EVP_CIPHER>(EVP_CIPHER_fetch(nullptr, "AES-192-WRAP-PAD", nullptr)),
      ossl::Ptr<EVP_CIPHER>(EVP_CIPHER_fetch(nullptr, "AES-256-WRAP-PAD", nullptr))};
  const size_t i = (kek_len - 16) / 8;  // 16, 24, 32 -> 0, 1, 2
  return (pad ? kwp : kw)[i].get();
}

// run performs one whole wrap or unwrap into |out| (which must hold at least
// in.size() + 8 bytes: EVP tells the provider that much room exists) and
// returns the number of bytes written, or 0 on any failure.
size_t run(bool pad, ByteView kek, int enc, ByteView in, uint8_t* out) {
  const EVP_CIPHER* cipher = wrap_cipher(pad, kek.size());
  if (cipher == nullptr) return 0;
  ossl::Ptr<EVP_CIPHER_CTX> ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return 0;
  EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
  int len = 0;
  int final_len = 0;
  if (EVP_CipherInit_ex(ctx.get(), cipher, nullptr, kek.data(), nullptr, enc) != 1 ||
      EVP_CipherUpdate(ctx.get(), out, &len, in.data(), static_cast<int>(in.size())) != 1 ||
      len <= 0 || EVP_CipherFinal_ex(ctx.get(), out + len, &final_len) != 1 || final_len != 0) {
    return 0;
  }
  return static_cast<size_t>(len);
}

Result<Bytes> wrap(bool pad, ByteView kek, ByteView key_data) {
  if (!valid_kek(kek)) return make_error(Errc::kInvalidArgument, "KEK must be 16, 24 or 32 bytes");
  // The RFC 5649 output is the input padded to whole semiblocks, plus one.
  const size_t padded = (key_data.size() + kSemiblock - 1) / kSemiblock * kSemiblock;
  const size_t expected = padded + kSemiblock;
  Bytes out(key_data.size() + 2 * kSemiblock);
  const size_t n = run(pad, kek, 1, key_data, out.data());
  if (n != expected) return ossl::fail(Errc::kInternal, pad ? "AES-KWP wrap" : "AES-KW wrap");
  out.resize(n);
  return out;
}

// unwrap reports every failure, whatever its cause, as kAuthFailed, with the
// output wiped. |min_out| and |max_out| bound the plausible plaintext length.
Result<SecretBytes> unwrap(bool pad, ByteView kek, ByteView wrapped, size_t min_out,
                           size_t max_out) {
  SecretBytes out(wrapped.size() + kSemiblock);
  const size_t n = run(pad, kek, 0, wrapped, out.mutable_data());
  if (n < min_out || n > max_out) {
    out.clear();
    return ossl::fail(Errc::kAuthFailed, pad ? "AES-KWP unwrap" : "AES-KW unwrap");
  }
  // Shrinking keeps the buffer: wipe the bytes beyond the result first.
  internal::wipe(out.mutable_data() + n, out.size() - n);
  out.resize(n);
  return out;
}

bool whole_semiblocks(size_t n) { return n % kSemiblock == 0; }

}  // namespace

Result<Bytes> aes_kw_wrap(ByteView kek, ByteView key_data) {
  if (!whole_semiblocks(key_data.size()) || key_data.size() < 2 * kSemiblock ||
      key_data.size() > kMaxInput) {
    return make_error(Errc::kInvalidArgument, "AES-KW input must be n*8 bytes, n >= 2");
  }
  return wrap(false, kek, key_data);
}

Result<SecretBytes> aes_kw_unwrap(ByteView kek, ByteView wrapped) {
  if (!valid_kek(kek)) return make_error(Errc::kInvalidArgument, "KEK must be 16, 24 or 32 bytes");
  // RFC 3394 output is at least three semiblocks (two of key data + the IV).
  if (!whole_semiblocks(wrapped.size()) || wrapped.size() < 3 * kSemiblock ||
      wrapped.size() > kMaxInput) {
    return make_error(Errc::kAuthFailed);
  }
  const size_t n = wrapped.size() - kSemiblock;
  return unwrap(false, kek, wrapped, n, n);
}

Result<Bytes> aes_kwp_wrap(ByteView kek, ByteView key_data) {
  if (key_data.empty() || key_data.size() > kMaxInput) {
    return make_error(Errc::kInvalidArgument, "AES-KWP input must not be empty");
  }
  return wrap(true, kek, key_data);
}

Result<SecretBytes> aes_kwp_unwrap(ByteView kek, ByteView wrapped) {
  if (!valid_kek(kek)) return make_error(Errc::kInvalidArgument, "KEK must be 16, 24 or 32 bytes");
  // RFC 5649 output is at least two semiblocks; the plaintext fills the last
  // padded semiblock by at least one byte.
  if (!whole_semiblocks(wrapped.size()) || wrapped.size() < 2 * kSemiblock ||
      wrapped.size() > kMaxInput) {
    return make_error(Errc::kAuthFailed);
  }
  const size_t max_out = wrapped.size() - kSemiblock;
  return unwrap(true, kek, wrapped, max_out - kSemiblock + 1, max_out);
}

}  // namespace e2e::crypto
