#include "claims/rules.h"

#include <algorithm>
#include <cstdlib>

namespace e2e::audit {
namespace {

constexpr auto H = ClaimVerdict::kHolds;
constexpr auto R = ClaimVerdict::kRefuted;
constexpr auto C = ClaimVerdict::kHoldsWithConditions;
constexpr auto L = ClaimVerdict::kDocumentedLimit;
constexpr auto F = ClaimVerdict::kConsistencyFinding;

// A claim that a design does something (protects, has a format, works a way):
// a warning shown to a user does not make the broken promise hold, but the
// report says it was noticed.
constexpr std::string_view kBroken = "the promise was broken";
constexpr std::string_view kKept = "the promise was kept";

std::vector<Rule> build() {
  return {
      {Kind::kProperty, R, true, H, C, kBroken, kKept},
      // A limit is the document admitting a weakness: seeing it confirms the
      // document; not seeing it means the admitted weakness did not show.
      {Kind::kLimit, R, false, L, L, "the admitted weakness did not show", "the weakness shows as the document says"},
      // What the server sees: more than the document lists refutes it.
      {Kind::kMetadata, R, false, H, C, "the server saw more than the document says",
       "the server saw no more than the document says"},
      {Kind::kFormat, R, true, H, C, kBroken, kKept},
      {Kind::kOperational, R, true, H, C, kBroken, kKept},
      // Two statements of the document (or one and a computed figure) disagree.
      {Kind::kConsistency, F, false, H, C, "the document's statements contradict each other",
       "the statements agree"},
  };
}

}  // namespace

const std::vector<Kind>& kinds() {
  static const std::vector<Kind> kKinds = {Kind::kProperty, Kind::kLimit,       Kind::kMetadata,
                                           Kind::kFormat,   Kind::kOperational, Kind::kConsistency};
  return kKinds;
}

const std::vector<Rule>& rule_table() {
  static const std::vector<Rule> kTable = build();
  return kTable;
}

const Rule& rule(Kind kind) {
  for (const Rule& r : rule_table()) {
    if (r.kind == kind) return r;
  }
  std::abort();  // the table has every kind; a test checks it
}

std::optional<Contribution> contribution(Kind kind, Reduction red, bool noticed, bool has_condition) {
  const Rule& r = rule(kind);
  switch (red) {
    case Reduction::kContradicts: return Contribution{r.contradicts, noticed && r.shows_noticed};
    case Reduction::kSupports: return Contribution{has_condition ? r.supports_with_condition : r.supports, false};
    case Reduction::kNoBearing:
    case Reduction::kMissing: return std::nullopt;
  }
  return std::nullopt;
}

ClaimOutcome combine(const Gathered& g) {
  auto any = [&](ClaimVerdict v) {
    return std::any_of(g.contributions.begin(), g.contributions.end(),
                       [v](const Contribution& c) { return c.verdict == v; });
  };
  if (any(R)) {
    const bool all_noticed = std::all_of(g.contributions.begin(), g.contributions.end(),
                                         [](const Contribution& c) { return c.verdict != R || c.noticed; });
    return {R, all_noticed};
  }
  if (any(F)) return {F, false};
  if (any(L)) return {L, false};
  if (g.missing > 0) return {ClaimVerdict::kNotTestable, false};
  if (g.contributions.empty()) return {ClaimVerdict::kNotTestable, false};
  if (any(C)) return {C, false};
  return {H, false};
}

const std::vector<std::string_view>& combine_order() {
  static const std::vector<std::string_view> kOrder = {
      "any `refuted` → **refuted** (one counterexample is enough, even when other evidence is missing); "
      "**refuted (noticed)** only when every refuting reference was noticed",
      "any `consistency-finding` → **consistency-finding**",
      "any `documented-limit` → **documented-limit**",
      "any reference missing → **not-testable** (confirmation needs all of it)",
      "no reference with a bearing → **not-testable**",
      "any `holds-with-conditions` → **holds-with-conditions**; otherwise **holds**",
  };
  return kOrder;
}

std::string rules_markdown() {
  std::string t = "| kind | contradicts | supports | supports, with a `condition` |\n|---|---|---|---|\n";
  for (const Rule& r : rule_table()) {
    t += "| `" + std::string(kind_name(r.kind)) + "` | `" + std::string(claim_verdict_name(r.contradicts)) + "`";
    if (r.shows_noticed) t += " (`refuted (noticed)` when noticed)";
    t += ": " + std::string(r.why_contradicts) + " | `" + std::string(claim_verdict_name(r.supports)) +
         "`: " + std::string(r.why_supports) + " | `" + std::string(claim_verdict_name(r.supports_with_condition)) +
         "` |\n";
  }
  t += "\nThe contributions combine in this order, first match wins:\n\n";
  for (size_t i = 0; i < combine_order().size(); ++i) {
    t += std::to_string(i + 1) + ". " + std::string(combine_order()[i]) + ";\n";
  }
  t.replace(t.size() - 2, 1, ".");
  return t;
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
  for (Kind k : kinds()) {
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
    case ClaimVerdict::kConsistencyFinding: return "consistency-finding";
    case ClaimVerdict::kNotTestable: return "not-testable";
  }
  return "?";
}

std::string verdict_label(ClaimVerdict v, bool noticed) {
  std::string s(claim_verdict_name(v));
  if (v == ClaimVerdict::kRefuted && noticed) s += " (noticed)";
  return s;
}

std::string_view reduction_name(Reduction r) {
  switch (r) {
    case Reduction::kContradicts: return "contradicts";
    case Reduction::kSupports: return "supports";
    case Reduction::kNoBearing: return "no-bearing";
    case Reduction::kMissing: return "missing";
  }
  return "?";
}

}  // namespace e2e::audit
