// Public byte types: Bytes owns non-secret data, ByteView borrows any bytes.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace e2e {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

// to_bytes copies the characters of |s| as bytes (no encoding applied).
inline Bytes to_bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

// as_bytes views the characters of |s| as bytes without copying.
inline ByteView as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// to_string copies bytes into a std::string (for UTF-8 text already known to be text).
inline std::string to_string(ByteView b) { return std::string(b.begin(), b.end()); }

// concat appends every view in order into one new Bytes.
inline Bytes concat(std::initializer_list<ByteView> parts) {
  size_t total = 0;
  for (ByteView p : parts) total += p.size();
  Bytes out;
  out.reserve(total);
  for (ByteView p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

}  // namespace e2e
