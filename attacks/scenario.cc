#include "attacks/scenario.h"

#include "attacks/runs.h"

namespace e2e::attacks {
namespace {

// The attacker's preference, best first (see combine()). A documented success
// goes unseen by users, so it ranks above a success a client warns about.
int rank(Verdict v) {
  switch (v) {
    case Verdict::kBreaks: return 4;
    case Verdict::kDocumented: return 3;
    case Verdict::kNoticed: return 2;
    case Verdict::kBlocked: return 1;
    case Verdict::kNotApplicable: return 0;
  }
  return 0;
}

}  // namespace

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kBreaks: return "BREAKS";
    case Verdict::kNoticed: return "NOTICED";
    case Verdict::kBlocked: return "BLOCKED";
    case Verdict::kDocumented: return "DOCUMENTED";
    case Verdict::kNotApplicable: return "N/A";
  }
  return "N/A";
}

Verdict combine(const std::vector<Outcome>& variants) {
  Verdict best = Verdict::kNotApplicable;
  for (const auto& o : variants) {
    if (rank(o.verdict) > rank(best)) best = o.verdict;
  }
  return best;
}

const std::vector<Scenario>& scenarios() {
  static const std::vector<Scenario> kAll = {
      {"A01", "Ghost member added by the relay",
       {"ELEVEN-05", "ELEVEN-09", "ELEVEN-04", "PATTERNS-08"},
       &run_a01_ghost_member},
      {"A03", "Directory key substitution",
       {"ELEVEN-16", "ARTHAS-10", "ARTHAS-09", "PATTERNS-10", "PATTERNS-11"},
       &run_a03_key_substitution},
      {"B01", "Replay of a captured item",
       {"ARTHAS-07", "ARTHAS-08", "PATTERNS-04", "PATTERNS-15"},
       &run_b01_replay},
      {"G03", "Database theft and canary sweep",
       {"ELEVEN-13", "ELEVEN-06", "ELEVEN-10", "ELEVEN-11", "ELEVEN-17", "ARTHAS-05", "ARTHAS-15",
        "PATTERNS-13"},
       &run_g03_db_theft},
  };
  return kAll;
}

}  // namespace e2e::attacks
