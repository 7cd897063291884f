#include "claims/rules.h"

#include <cstdlib>

namespace e2e::audit {
namespace {

constexpr auto H = ClaimVerdict::kHolds;
constexpr auto R = ClaimVerdict::kRefuted;
constexpr auto C = ClaimVerdict::kHoldsWithConditions;
constexpr auto L = ClaimVerdict::kDocumentedLimit;

// Claims that assert something is true of the design (a protection, a format,
// an operational promise, a consistent statement) share one set of rows.
void add_assertion_rows(std::vector<Rule>& t, Kind k) {
  t.push_back({k, Signal::kProtected, H, "the attack was refused / the check passed"});
  t.push_back({k, Signal::kBroken, R, "the attack succeeded unseen / the check failed"});
  t.push_back({k, Signal::kNoticed, C, "the attack succeeded but an honest client showed it"});
  t.push_back({k, Signal::kDocumented, C, "the attack succeeded only as far as the design's own limits admit"});
  t.push_back({k, Signal::kNotApplicable, std::nullopt, "the preset lacks the feature"});
}

std::vector<Rule> build() {
  std::vector<Rule> t;
  add_assertion_rows(t, Kind::kProperty);
  // A limit claim is the design admitting an attack works: the attack working
  // confirms it; the attack failing means the stated limit did not show.
  t.push_back({Kind::kLimit, Signal::kProtected, R, "the admitted weakness did not materialise"});
  t.push_back({Kind::kLimit, Signal::kBroken, L, "the admitted weakness was exploited"});
  t.push_back({Kind::kLimit, Signal::kNoticed, L, "the admitted weakness was exploited, visibly"});
  t.push_back({Kind::kLimit, Signal::kDocumented, L, "the attack succeeded as the design's limits say"});
  t.push_back({Kind::kLimit, Signal::kNotApplicable, std::nullopt, "the preset lacks the feature"});
  // A metadata claim says what the server sees: seeing exactly the documented
  // fields (DOCUMENTED) or less (BLOCKED) agrees with it; seeing more refutes it.
  t.push_back({Kind::kMetadata, Signal::kProtected, H, "the server saw no more than stated"});
  t.push_back({Kind::kMetadata, Signal::kBroken, R, "the server saw something the document does not list"});
  t.push_back({Kind::kMetadata, Signal::kNoticed, C, "the server saw more, but a client showed it"});
  t.push_back({Kind::kMetadata, Signal::kDocumented, H, "the server saw exactly what the document lists"});
  t.push_back({Kind::kMetadata, Signal::kNotApplicable, std::nullopt, "the preset lacks the feature"});
  add_assertion_rows(t, Kind::kFormat);
  add_assertion_rows(t, Kind::kOperational);
  add_assertion_rows(t, Kind::kConsistency);
  return t;
}

}  // namespace

const std::vector<Rule>& rule_table() {
  static const std::vector<Rule> kTable = build();
  return kTable;
}

const Rule& rule(Kind kind, Signal signal) {
  for (const Rule& r : rule_table()) {
    if (r.kind == kind && r.signal == signal) return r;
  }
  std::abort();  // the table covers every pair; a test checks it
}

ClaimVerdict combine(const Gathered& g) {
  auto any = [&](ClaimVerdict v) {
    for (ClaimVerdict c : g.contributions) {
      if (c == v) return true;
    }
    return false;
  };
  if (any(R)) return R;
  if (any(L)) return L;
  if (g.missing > 0) return ClaimVerdict::kNotTestable;
  if (g.contributions.empty()) return ClaimVerdict::kNotTestable;
  if (any(C)) return C;
  return H;
}

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::kProperty: return "property";
    case Kind::kLimit: return "limit";
    case Kind::kMetadata: return "metadata";
    case Kind::kFormat: return "format";
    case Kind::kOperational: return "operational";
    case Kind::kConsistency: return "consistency";
  }
  return "?";
}

std::optional<Kind> kind_from_name(std::string_view s) {
  for (Kind k : {Kind::kProperty, Kind::kLimit, Kind::kMetadata, Kind::kFormat, Kind::kOperational,
                 Kind::kConsistency}) {
    if (kind_name(k) == s) return k;
  }
  return std::nullopt;
}

std::string_view claim_verdict_name(ClaimVerdict v) {
  switch (v) {
    case ClaimVerdict::kHolds: return "holds";
    case ClaimVerdict::kRefuted: return "refuted";
    case ClaimVerdict::kHoldsWithConditions: return "holds-with-conditions";
    case ClaimVerdict::kDocumentedLimit: return "documented-limit";
    case ClaimVerdict::kNotTestable: return "not-testable";
  }
  return "?";
}

std::string_view signal_name(Signal s) {
  switch (s) {
    case Signal::kProtected: return "protected";
    case Signal::kBroken: return "broken";
    case Signal::kNoticed: return "noticed";
    case Signal::kDocumented: return "documented";
    case Signal::kNotApplicable: return "not-applicable";
  }
  return "?";
}

}  // namespace e2e::audit
