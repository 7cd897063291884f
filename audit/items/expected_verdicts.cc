#include "items/expected_verdicts.h"

#include <array>

namespace e2e::items {
namespace {

using attacks::Verdict;

struct Bar {
  std::string_view attack;
  std::string_view preset;
  Verdict verdict;
};

// The reference's cell verdicts (attacks/README.md has the evidence). Kept as
// data; expected_verdicts_test fails when the reference stops matching it.
constexpr std::array kBars = {
    Bar{"A01", "arthas", Verdict::kNotApplicable}, Bar{"A01", "eleven", Verdict::kNoticed},
    Bar{"A01", "hardened", Verdict::kBlocked},
    Bar{"A03", "arthas", Verdict::kBreaks},        Bar{"A03", "eleven", Verdict::kDocumented},
    Bar{"A03", "hardened", Verdict::kBreaks},
    Bar{"B01", "arthas", Verdict::kBreaks},        Bar{"B01", "eleven", Verdict::kBreaks},
    Bar{"B01", "hardened", Verdict::kBlocked},
    Bar{"G03", "arthas", Verdict::kDocumented},    Bar{"G03", "eleven", Verdict::kDocumented},
    Bar{"G03", "hardened", Verdict::kBreaks},
};

int rank(Verdict v) {
  switch (v) {
    case Verdict::kBreaks: return 0;
    case Verdict::kDocumented: return 1;
    case Verdict::kNoticed: return 2;
    case Verdict::kBlocked: return 3;
    case Verdict::kNotApplicable: return -1;
  }
  return -1;
}

}  // namespace

std::optional<Verdict> expected_verdict(std::string_view attack, std::string_view preset) {
  for (const auto& b : kBars) {
    if (b.attack == attack && b.preset == preset) return b.verdict;
  }
  return std::nullopt;
}

bool at_least_as_good(Verdict got, Verdict expected) {
  // The design has no such feature: whatever another implementation shows is
  // more than the bar. The other way round, an attack that could not run
  // where the design has the feature proves nothing.
  if (expected == Verdict::kNotApplicable) return true;
  if (got == Verdict::kNotApplicable) return false;
  return rank(got) >= rank(expected);
}

}  // namespace e2e::items
