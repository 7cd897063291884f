#include "attacks/canary.h"

#include <algorithm>
#include <functional>

#include "common/encoding.h"

namespace e2e::attacks {
namespace {

// The base64url characters of |canary| placed after |lead| filler bytes that
// depend on the canary's bytes only.
std::string aligned_base64url(std::string_view canary, size_t lead) {
  Bytes in(lead, 0);
  in.insert(in.end(), canary.begin(), canary.end());
  const std::string enc = base64url_encode(in);
  const size_t first_bit = 8 * lead;
  const size_t end_bit = 8 * (lead + canary.size());
  const size_t first = (first_bit + 5) / 6;
  if (end_bit < 6) return {};
  const size_t last = (end_bit - 6) / 6;  // inclusive
  if (last < first || last >= enc.size()) return {};
  return enc.substr(first, last - first + 1);
}

std::string to_standard_alphabet(std::string s) {
  for (char& c : s) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  return s;
}

void add(std::vector<Needle>& out, std::string encoding, std::string text) {
  if (text.size() < 4) return;
  for (const auto& n : out) {
    if (n.text == text) return;  // one spelling, reported under its first encoding
  }
  out.push_back(Needle{std::move(encoding), std::move(text)});
}

// count_hits: occurrences of |needle| in |haystack|, with the first offset.
CanaryHit count_hits(ByteView haystack, const std::string& encoding, const std::string& needle) {
  const auto* begin = reinterpret_cast<const char*>(haystack.data());
  const auto* end = begin + haystack.size();
  const std::boyer_moore_horspool_searcher searcher(needle.begin(), needle.end());
  CanaryHit hit{encoding, 0, 0};
  for (const char* at = begin;;) {
    auto found = std::search(at, end, searcher);
    if (found == end) break;
    if (hit.count == 0) hit.offset = static_cast<size_t>(found - begin);
    ++hit.count;
    at = found + 1;
  }
  return hit;
}

// big_endian: the low |width| bytes of |v|, most significant first.
std::string big_endian(uint64_t v, size_t width) {
  std::string s(width, '\0');
  for (size_t i = 0; i < width; ++i) s[width - 1 - i] = static_cast<char>((v >> (8 * i)) & 0xff);
  return s;
}

}  // namespace

std::vector<CanaryHit> find_integer(ByteView haystack, uint64_t value) {
  std::string le = big_endian(value, 8);
  std::reverse(le.begin(), le.end());
  std::vector<std::pair<std::string, std::string>> spellings = {
      {"decimal", std::to_string(value)}, {"be64", big_endian(value, 8)}, {"le64", le}};
  if (value < (uint64_t{1} << 47)) spellings.emplace_back("be48", big_endian(value, 6));
  std::vector<CanaryHit> hits;
  for (const auto& [encoding, needle] : spellings) {
    CanaryHit hit = count_hits(haystack, encoding, needle);
    if (hit.count > 0) hits.push_back(std::move(hit));
  }
  return hits;
}

std::vector<Needle> needles(std::string_view canary) {
  std::vector<Needle> out;
  add(out, "raw", std::string(canary));
  for (size_t lead = 0; lead < 3; ++lead) {
    const std::string url = aligned_base64url(canary, lead);
    const std::string standard = to_standard_alphabet(url);
    if (standard == url) {
      add(out, "base64", url);  // the same characters in both alphabets
    } else {
      add(out, "base64url", url);
      add(out, "base64", standard);
    }
  }
  const std::string hex = hex_encode(as_bytes(canary));
  add(out, "hex", hex);
  std::string upper = hex;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](char c) { return static_cast<char>(c >= 'a' && c <= 'f' ? c - 'a' + 'A' : c); });
  add(out, "HEX", upper);
  return out;
}

std::vector<CanaryHit> find_canary(ByteView haystack, std::string_view canary) {
  std::vector<CanaryHit> hits;
  for (const Needle& n : needles(canary)) {
    const CanaryHit hit = count_hits(haystack, n.encoding, n.text);
    if (hit.count > 0) {
      // Same encoding at two alignments: keep one entry, first offset, total count.
      auto same = std::find_if(hits.begin(), hits.end(), [&](const CanaryHit& h) { return h.encoding == hit.encoding; });
      if (same == hits.end()) {
        hits.push_back(hit);
      } else {
        same->offset = std::min(same->offset, hit.offset);
        same->count += hit.count;
      }
    }
  }
  return hits;
}

}  // namespace e2e::attacks
