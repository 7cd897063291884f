#include "common/encoding.h"

#include <array>

namespace e2e {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr char kB64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr std::array<int8_t, 256> make_b64_table() {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 64; ++i) t[static_cast<uint8_t>(kB64Url[i])] = static_cast<int8_t>(i);
  return t;
}
constexpr auto kB64Table = make_b64_table();

}  // namespace

std::string hex_encode(ByteView in) {
  std::string out;
  out.reserve(in.size() * 2);
  for (uint8_t b : in) {
    out.push_back(kHexDigits[b >> 4]);
    out.push_back(kHexDigits[b & 0xf]);
  }
  return out;
}

Result<Bytes> hex_decode(std::string_view in) {
  if (in.size() % 2 != 0) return make_error(Errc::kDecodeError, "hex: odd number of digits");
  Bytes out(in.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = hex_value(in[2 * i]);
    int lo = hex_value(in[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return make_error(Errc::kDecodeError,
                        "hex: invalid digit at offset " + std::to_string(hi < 0 ? 2 * i : 2 * i + 1));
    }
    out[i] = static_cast<uint8_t>((hi << 4) | lo);
  }
  return out;
}

std::string base64url_encode(ByteView in) {
  std::string out;
  out.reserve((in.size() * 4 + 2) / 3);
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    uint32_t v = (uint32_t{in[i]} << 16) | (uint32_t{in[i + 1]} << 8) | in[i + 2];
    out.push_back(kB64Url[(v >> 18) & 63]);
    out.push_back(kB64Url[(v >> 12) & 63]);
    out.push_back(kB64Url[(v >> 6) & 63]);
    out.push_back(kB64Url[v & 63]);
  }
  size_t rest = in.size() - i;
  if (rest == 1) {
    uint32_t v = uint32_t{in[i]} << 16;
    out.push_back(kB64Url[(v >> 18) & 63]);
    out.push_back(kB64Url[(v >> 12) & 63]);
  } else if (rest == 2) {
    uint32_t v = (uint32_t{in[i]} << 16) | (uint32_t{in[i + 1]} << 8);
    out.push_back(kB64Url[(v >> 18) & 63]);
    out.push_back(kB64Url[(v >> 12) & 63]);
    out.push_back(kB64Url[(v >> 6) & 63]);
  }
  return out;
}

Result<Bytes> base64url_decode(std::string_view in) {
  if (in.size() % 4 == 1) return make_error(Errc::kDecodeError, "base64url: impossible length");
  Bytes out;
  out.reserve(in.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    int8_t v = kB64Table[static_cast<uint8_t>(in[i])];
    if (v < 0) {
      return make_error(Errc::kDecodeError,
                        "base64url: invalid character at offset " + std::to_string(i));
    }
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<uint8_t>(acc >> bits));
      acc &= (1u << bits) - 1;
    }
  }
  // Leftover bits (2 or 4) must be zero, or two strings would decode alike.
  if (acc != 0) return make_error(Errc::kDecodeError, "base64url: non-canonical trailing bits");
  return out;
}

}  // namespace e2e
