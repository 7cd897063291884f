// Canary search for the database-theft test (G03): a unique string is looked
// for in stolen bytes raw, base64, base64url and hex. A base64 encoding of a
// string embedded in a longer value depends on where it starts modulo 3, so
// each of the three alignments gets its own needle (the characters that only
// the canary's bytes determine).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"

namespace e2e::attacks {

struct Needle {
  std::string encoding;  // "raw", "base64", "base64url", "hex", "HEX"
  std::string text;
};

// needles: every spelling of |canary| searched for (at least 4 characters
// each, so a short needle cannot match by chance in a test-sized file).
std::vector<Needle> needles(std::string_view canary);

struct CanaryHit {
  std::string encoding;
  size_t offset = 0;  // the first occurrence's byte offset
  size_t count = 0;   // occurrences of this spelling
};

// find_canary: every spelling of |canary| found in |haystack|.
std::vector<CanaryHit> find_canary(ByteView haystack, std::string_view canary);

// find_integer: every spelling of the integer |value| found in |haystack|:
// "decimal" text, 8-byte big- and little-endian ("be64", "le64") and the
// 6-byte big-endian form SQLite's record format uses for values that fit 48
// bits ("be48"; a millisecond timestamp is stored that way). Meant for values
// large enough (a timestamp) not to match by chance.
std::vector<CanaryHit> find_integer(ByteView haystack, uint64_t value);

}  // namespace e2e::attacks
