#include "attacks/attack_spec.h"

#include <algorithm>
#include <set>

#include "attacks/registration.h"

namespace e2e::attacks {
namespace {

// rank: how good a verdict is for the attacker (higher is better for it). A
// documented success goes unseen by users, so it ranks above one a client
// warns about. The one ordering of verdicts: combine() takes the maximum,
// at_least_as_good() asks for no more than the reference's.
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

// record_ok: |key| is "name" or "name{qualifier}" with a name of the
// vocabulary, qualified exactly when the name takes a qualifier.
bool record_ok(const std::string& key) {
  const size_t brace = key.find('{');
  const std::string name = key.substr(0, brace);
  const ObservationName* n = find_observation_name(name);
  if (n == nullptr) return false;
  if (brace == std::string::npos) return !n->qualified;
  return n->qualified && key.back() == '}' && key.size() > brace + 2;
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

bool at_least_as_good(Verdict got, Verdict expected) {
  if (expected == Verdict::kNotApplicable) return true;
  if (got == Verdict::kNotApplicable) return false;
  return rank(got) <= rank(expected);
}

std::optional<Verdict> expected_verdict(const AttackSpec& spec, std::string_view preset) {
  for (const auto& e : spec.expected) {
    if (e.preset == preset) return e.verdict;
  }
  return std::nullopt;
}

const DocumentedLimit* find_limit(const AttackSpec& spec, std::string_view finding, std::string_view claims_prefix) {
  if (claims_prefix.empty()) return nullptr;
  const std::string prefix = std::string(claims_prefix) + "-";
  for (const auto& l : spec.limits) {
    if (l.finding == finding && l.claim.rfind(prefix, 0) == 0) return &l;
  }
  return nullptr;
}

const std::vector<const AttackSpec*>& registered_attacks() {
  static const std::vector<const AttackSpec*> kAll = [] {
    std::vector<const AttackSpec*> all = generated_specs();
    std::stable_sort(all.begin(), all.end(), [](const AttackSpec* a, const AttackSpec* b) {
      const size_t ia = catalog_index(a->id), ib = catalog_index(b->id);
      return ia != ib ? ia < ib : a->id < b->id;
    });
    return all;
  }();
  return kAll;
}

const AttackSpec* find_attack(std::string_view id) {
  for (const AttackSpec* s : registered_attacks()) {
    if (s->id == id) return s;
  }
  return nullptr;
}

std::vector<std::string> registration_problems(const std::vector<const AttackSpec*>& specs) {
  std::vector<std::string> out;
  std::set<std::string> ids;
  for (const AttackSpec* s : specs) {
    const std::string at = s->id + ": ";
    if (catalog_title(s->id).empty()) out.push_back(at + "not an id of the attack catalog");
    if (!ids.insert(s->id).second) out.push_back(at + "registered twice");
    if (s->run == nullptr) out.push_back(at + "no run function");
    if (s->variants.empty()) out.push_back(at + "no variants");
    if (s->needs.empty()) out.push_back(at + "needs is empty");
    std::set<std::string> names;
    for (const auto& v : s->variants) {
      if (v.name.empty() || !names.insert(v.name).second) out.push_back(at + "variant name '" + v.name + "' repeated");
      if (v.what.empty()) out.push_back(at + v.name + " has no description");
      for (const auto& r : v.records) {
        if (!record_ok(r)) out.push_back(at + v.name + " records '" + r + "', not an observation of the vocabulary");
      }
    }
    for (const auto& p : proto::preset_names()) {
      const auto n = std::count_if(s->expected.begin(), s->expected.end(),
                                   [&](const ExpectedVerdict& e) { return e.preset == p; });
      if (n != 1) out.push_back(at + "expected verdicts name preset " + p + " " + std::to_string(n) + " times");
    }
    for (const auto& e : s->expected) {
      const auto& names_ = proto::preset_names();
      if (std::find(names_.begin(), names_.end(), e.preset) == names_.end()) {
        out.push_back(at + "expected verdict for unknown preset " + e.preset);
      }
    }
    for (const auto& l : s->limits) {
      const size_t dash = l.claim.rfind('-');
      if (l.finding.empty() || dash == std::string::npos || dash == 0 || dash + 1 == l.claim.size() ||
          l.admits.empty()) {
        out.push_back(at + "limit '" + l.finding + "' -> '" + l.claim + "' is incomplete");
      }
    }
  }
  return out;
}

}  // namespace e2e::attacks
