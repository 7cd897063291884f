#include "claims/claims.h"

#include <filesystem>

namespace e2e::audit {
namespace {

ItemResult not_produced(ItemResult item, std::string why) {
  item.produced = false;
  item.status = "not produced: " + why;
  item.rule = "missing evidence: no conclusion";
  return item;
}

ItemResult judged(ItemResult item, Signal signal, std::string status, Kind kind) {
  const Rule& r = rule(kind, signal);
  item.produced = true;
  item.status = std::move(status);
  item.signal = signal;
  item.contribution = r.verdict;
  item.rule = std::string(r.why) + " -> " +
              (r.verdict ? std::string(claim_verdict_name(*r.verdict)) : std::string("no bearing"));
  return item;
}

Signal check_signal(bool passed, Bears bears) {
  return passed == (bears == Bears::kSupports) ? Signal::kProtected : Signal::kBroken;
}

Signal attack_signal(attacks::Verdict v) {
  switch (v) {
    case attacks::Verdict::kBreaks: return Signal::kBroken;
    case attacks::Verdict::kNoticed: return Signal::kNoticed;
    case attacks::Verdict::kBlocked: return Signal::kProtected;
    case attacks::Verdict::kDocumented: return Signal::kDocumented;
    case attacks::Verdict::kNotApplicable: return Signal::kNotApplicable;
  }
  return Signal::kNotApplicable;
}

ItemResult eval_attack(ItemResult item, Kind kind, const AuditInputs& in) {
  const EvidenceRef& ref = item.ref;
  if (!in.attacks) return not_produced(std::move(item), "attacks were skipped");
  for (const AttackError& e : in.attacks->errors) {
    if (e.attack == ref.target && e.preset == ref.preset) {
      return not_produced(std::move(item), "harness error: " + e.message);
    }
  }
  for (const attacks::Cell& c : in.attacks->cells) {
    if (c.attack == ref.target && c.preset == ref.preset) {
      return judged(std::move(item), attack_signal(c.verdict), std::string(attacks::verdict_name(c.verdict)), kind);
    }
  }
  bool built = false;
  for (const AttackInfo& a : in.attacks->attacks) built = built || a.id == ref.target;
  if (!built) return not_produced(std::move(item), "attack " + ref.target + " is not implemented yet");
  return not_produced(std::move(item), "preset " + ref.preset + " was not in this run");
}

ItemResult eval_property(ItemResult item, Kind kind, const AuditInputs& in) {
  const EvidenceRef& ref = item.ref;
  if (!in.properties) return not_produced(std::move(item), "properties were skipped");
  for (const properties::PropertyResult& p : in.properties->results) {
    if (p.id != ref.target || p.preset != ref.preset) continue;
    std::string status = p.passed ? "passed (" + std::to_string(p.cases) + " cases)"
                                  : "failed: " + p.failure;
    return judged(std::move(item), check_signal(p.passed, ref.bears), std::move(status), kind);
  }
  if (!in.properties->errors.empty()) {
    return not_produced(std::move(item), "harness error: " + in.properties->errors.front());
  }
  return not_produced(std::move(item), "property did not run on " + ref.preset);
}

ItemResult eval_wycheproof(ItemResult item, Kind kind, const AuditInputs& in) {
  const EvidenceRef& ref = item.ref;
  if (!in.wycheproof) return not_produced(std::move(item), "Wycheproof was skipped");
  for (const wycheproof::FileError& e : in.wycheproof->errors) {
    if (std::filesystem::path(e.file).filename() == ref.target) {
      return not_produced(std::move(item), "file could not be run: " + e.to_string());
    }
  }
  for (const wycheproof::FileReport& f : in.wycheproof->files) {
    if (f.file != ref.target) continue;
    const bool passed = f.failed == 0;
    std::string status = passed ? "passed (" + std::to_string(f.tests) + " tests)"
                                : std::to_string(f.failed) + " of " + std::to_string(f.tests) + " tests failed";
    return judged(std::move(item), check_signal(passed, ref.bears), std::move(status), kind);
  }
  return not_produced(std::move(item), "file was not in this run");
}

ItemResult eval_vectors(ItemResult item, Kind kind, const AuditInputs& in) {
  const EvidenceRef& ref = item.ref;
  if (!in.vectors) return not_produced(std::move(item), "vectors were skipped");
  for (const VectorFileError& e : in.vectors->errors) {
    if (e.family == ref.target) return not_produced(std::move(item), "file could not be run: " + e.message);
  }
  size_t files = 0, tests = 0, failed = 0;
  for (const vectors::FileResult& f : in.vectors->files) {
    if (f.family != ref.target) continue;
    ++files;
    tests += f.tests;
    failed += f.failed;
  }
  if (files == 0) return not_produced(std::move(item), "no file of the family was in this run");
  const bool passed = failed == 0;
  std::string status = passed ? "passed (" + std::to_string(tests) + " tests)"
                              : std::to_string(failed) + " of " + std::to_string(tests) + " tests failed";
  return judged(std::move(item), check_signal(passed, ref.bears), std::move(status), kind);
}

std::string reason_for(ClaimVerdict v, const Claim& claim, const std::vector<ItemResult>& items) {
  auto first = [&](auto pred) -> const ItemResult* {
    for (const ItemResult& i : items) {
      if (pred(i)) return &i;
    }
    return nullptr;
  };
  auto contributes = [](ClaimVerdict want) {
    return [want](const ItemResult& i) { return i.contribution == want; };
  };
  switch (v) {
    case ClaimVerdict::kRefuted:
    case ClaimVerdict::kDocumentedLimit: {
      const ItemResult* i = first(contributes(v));
      return evidence_label(i->ref) + ": " + i->status;
    }
    case ClaimVerdict::kHolds:
    case ClaimVerdict::kHoldsWithConditions: {
      size_t n = 0;
      for (const ItemResult& i : items) n += i.contribution.has_value() ? 1 : 0;
      std::string s = "all " + std::to_string(n) + " applicable evidence item(s) agree";
      if (v == ClaimVerdict::kHoldsWithConditions) {
        const ItemResult* i = first(contributes(v));
        s += "; condition: " + evidence_label(i->ref) + " " + i->status;
      }
      return s;
    }
    case ClaimVerdict::kNotTestable: break;
  }
  if (claim.evidence.empty()) return "no evidence yet: " + claim.would_test;
  if (const ItemResult* i = first([](const ItemResult& x) { return !x.produced; })) {
    std::string s = "evidence missing: " + evidence_label(i->ref) + " " + i->status;
    if (!claim.would_test.empty()) s += "; also: " + claim.would_test;
    return s;
  }
  return "every evidence item was N/A for its preset" +
         (claim.would_test.empty() ? std::string() : "; would test it: " + claim.would_test);
}

}  // namespace

ItemResult evaluate(const EvidenceRef& ref, Kind kind, const AuditInputs& inputs) {
  ItemResult item;
  item.ref = ref;
  switch (ref.type) {
    case EvidenceType::kAttack: return eval_attack(std::move(item), kind, inputs);
    case EvidenceType::kProperty: return eval_property(std::move(item), kind, inputs);
    case EvidenceType::kWycheproof: return eval_wycheproof(std::move(item), kind, inputs);
    case EvidenceType::kVectors: return eval_vectors(std::move(item), kind, inputs);
  }
  return item;
}

std::vector<ClaimResult> compute_claims(const Registry& registry, const AuditInputs& inputs) {
  std::vector<ClaimResult> out;
  out.reserve(registry.claims.size());
  for (const Claim& claim : registry.claims) {
    ClaimResult r;
    r.claim = &claim;
    Gathered g;
    for (const EvidenceRef& ref : claim.evidence) {
      ItemResult item = evaluate(ref, claim.kind, inputs);
      if (!item.produced) {
        ++g.missing;
      } else if (item.contribution) {
        g.contributions.push_back(*item.contribution);
      } else {
        ++g.not_applicable;
      }
      r.items.push_back(std::move(item));
    }
    r.verdict = combine(g);
    r.reason = reason_for(r.verdict, claim, r.items);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace e2e::audit
