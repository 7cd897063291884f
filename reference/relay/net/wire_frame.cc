#include "net/wire_frame.h"

#include <optional>

namespace e2e::net {
namespace {

bool same_posting(const proto::Deliver& a, const proto::Deliver& b) {
  return a.chat == b.chat && a.from == b.from && a.ts == b.ts && a.kind == b.kind &&
         a.op == b.op && a.device == b.device && a.signed_op == b.signed_op && a.body == b.body;
}

const proto::Deliver* as_deliver(const relay::Outbound& o) {
  return std::get_if<proto::Deliver>(&o.frame);
}

WireFrame whole(std::string s) {
  auto text = std::make_shared<const std::string>(std::move(s));
  const size_t n = text->size();
  return WireFrame{std::move(text), n, {}};
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// locate finds the digit run where |a| and |b| (two serialisations of one
// posting with ids |ida| != |idb|) differ. Returns {begin, end_in_a, end_in_b}
// or nothing when the difference is not exactly the decimal ids, in which case
// the caller serialises every frame on its own (correct, just not shared).
std::optional<std::pair<size_t, size_t>> locate(const std::string& a, const std::string& b,
                                                 uint64_t ida, uint64_t idb) {
  size_t p = 0;
  while (p < a.size() && p < b.size() && a[p] == b[p]) ++p;
  while (p > 0 && is_digit(a[p - 1])) --p;
  size_t sa = a.size(), sb = b.size();
  while (sa > p && sb > p && a[sa - 1] == b[sb - 1]) --sa, --sb;
  while (sa < a.size() && is_digit(a[sa])) ++sa, ++sb;
  if (a.compare(p, sa - p, std::to_string(ida)) != 0) return std::nullopt;
  if (b.compare(p, sb - p, std::to_string(idb)) != 0) return std::nullopt;
  if (a.compare(sa, std::string::npos, b, sb, std::string::npos) != 0) return std::nullopt;
  return std::make_pair(p, sa);
}

}  // namespace

std::string WireFrame::flatten() const {
  std::string s;
  s.reserve(size());
  s.append(*text, 0, splice_at).append(splice).append(*text, splice_at);
  return s;
}

std::vector<Addressed> serialize_outbound(const std::vector<relay::Outbound>& outs) {
  std::vector<Addressed> result;
  result.reserve(outs.size());
  size_t i = 0;
  while (i < outs.size()) {
    const proto::Deliver* first = as_deliver(outs[i]);
    size_t run = 1;
    if (first != nullptr) {
      while (i + run < outs.size()) {
        const proto::Deliver* d = as_deliver(outs[i + run]);
        if (d == nullptr || d->id == first->id || !same_posting(*first, *d)) break;
        ++run;
      }
    }
    if (run < 2) {
      result.push_back({outs[i].to, whole(proto::serialize(outs[i].frame))});
      ++i;
      continue;
    }
    std::string a = proto::serialize(outs[i].frame);
    const std::string b = proto::serialize(outs[i + 1].frame);
    const uint64_t idb = as_deliver(outs[i + 1])->id;
    const auto where = locate(a, b, first->id, idb);
    if (!where) {
      for (size_t k = 0; k < run; ++k)
        result.push_back({outs[i + k].to, whole(proto::serialize(outs[i + k].frame))});
      i += run;
      continue;
    }
    const auto [begin, end] = *where;
    std::string shared = a.substr(0, begin) + a.substr(end);
    auto text = std::make_shared<const std::string>(std::move(shared));
    for (size_t k = 0; k < run; ++k) {
      result.push_back({outs[i + k].to,
                        WireFrame{text, begin, std::to_string(as_deliver(outs[i + k])->id)}});
    }
    i += run;
  }
  return result;
}

}  // namespace e2e::net
