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

}  // namespace

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
  const auto* begin = reinterpret_cast<const char*>(haystack.data());
  const auto* end = begin + haystack.size();
  for (const Needle& n : needles(canary)) {
    const std::boyer_moore_horspool_searcher searcher(n.text.begin(), n.text.end());
    CanaryHit hit{n.encoding, 0, 0};
    for (const char* at = begin;;) {
      auto found = std::search(at, end, searcher);
      if (found == end) break;
      if (hit.count == 0) hit.offset = static_cast<size_t>(found - begin);
      ++hit.count;
      at = found + 1;
    }
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
