#include "claims/claims.h"

#include <algorithm>
#include <filesystem>
#include <variant>

namespace e2e::audit {
namespace {

using attacks::Observation;

std::string count_text(const Observation& o) { return attacks::observation_key(o) + " = " + std::to_string(o.count); }

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

ItemResult missing(ItemResult item, std::string why) {
  item.reduction = Reduction::kMissing;
  item.status = "not recorded: " + why;
  item.rule = "missing evidence: no conclusion";
  return item;
}

// reduced applies the kind's rule to a reference that has a bearing or none.
ItemResult reduced(ItemResult item, Reduction red, std::string status, Kind kind) {
  item.reduction = red;
  item.status = std::move(status);
  if (red == Reduction::kNoBearing) {
    item.rule = "the variant is N/A for the preset: no bearing";
    return item;
  }
  const Rule& r = rule(kind);
  item.contribution = contribution(kind, red, item.noticed, !item.ref.condition.empty());
  item.rule = std::string(red == Reduction::kContradicts ? r.why_contradicts : r.why_supports) + " -> " +
              verdict_label(item.contribution->verdict, item.contribution->noticed);
  if (red == Reduction::kSupports && !item.ref.condition.empty()) item.rule += " (condition: " + item.ref.condition + ")";
  return item;
}

Reduction check_reduction(bool passed, Bears bears) {
  return passed == (bears == Bears::kSupports) ? Reduction::kSupports : Reduction::kContradicts;
}

// find_attack_variant: the variant a reference names, or why it is missing.
const attacks::Outcome* find_attack_variant(const EvidenceRef& ref, const AuditInputs& in, std::string& why) {
  if (!in.attacks) {
    why = "attacks were skipped";
    return nullptr;
  }
  for (const AttackError& e : in.attacks->errors) {
    if (e.attack == ref.target && e.preset == ref.preset) {
      why = "harness error: " + e.message;
      return nullptr;
    }
  }
  bool cell = false;
  for (const attacks::Cell& c : in.attacks->cells) cell = cell || (c.attack == ref.target && c.preset == ref.preset);
  if (cell) {
    if (const attacks::Outcome* o = find_variant(in, ref.target, ref.preset, ref.variant)) return o;
    why = "attack " + ref.target + " on " + ref.preset + " recorded no variant '" + ref.variant + "'";
    return nullptr;
  }
  bool built = false;
  for (const AttackInfo& a : in.attacks->attacks) built = built || a.id == ref.target;
  why = built ? "preset " + ref.preset + " was not in this run" : "attack " + ref.target + " is not implemented yet";
  return nullptr;
}

// variant_or_reduction: the variant |item| names, or the reduction that ends
// its evaluation (missing when the run did not record it, no bearing when
// the variant is N/A for the preset).
std::variant<const attacks::Outcome*, ItemResult> variant_or_reduction(ItemResult item, Kind kind,
                                                                      const AuditInputs& in) {
  std::string why;
  const attacks::Outcome* o = find_attack_variant(item.ref, in, why);
  if (o == nullptr) return missing(std::move(item), why);
  if (o->verdict == attacks::Verdict::kNotApplicable) {
    return reduced(std::move(item), Reduction::kNoBearing, "N/A: " + o->summary, kind);
  }
  return o;
}

ItemResult eval_observation(ItemResult item, Kind kind, const AuditInputs& in) {
  const EvidenceRef& ref = item.ref;
  auto variant = variant_or_reduction(item, kind, in);
  if (auto* done = std::get_if<ItemResult>(&variant)) return std::move(*done);
  const attacks::Outcome* o = std::get<const attacks::Outcome*>(variant);
  const std::optional<Observation> seen = attacks::find_observation(o->observations, ref.observation, ref.qualifier);
  if (!seen) {
    return missing(std::move(item), "variant " + ref.variant + " did not record " +
                                        attacks::observation_key(ref.observation, ref.qualifier));
  }
  item.observations.push_back(*seen);
  const Reduction red = seen->present() == (ref.bears == Bears::kRefutes) ? Reduction::kContradicts
                                                                          : Reduction::kSupports;
  if (red == Reduction::kContradicts) {
    // A warning shown in the same variant makes the contradiction noticed.
    for (const Observation& w : o->observations) {
      if (w.name != "client.warned" || !w.present()) continue;
      item.noticed = true;
      if (w.name != seen->name || w.qualifier != seen->qualifier) item.observations.push_back(w);
    }
  }
  return reduced(std::move(item), red, count_text(*seen), kind);
}

ItemResult eval_completeness(ItemResult item, Kind kind, const AuditInputs& in) {
  const EvidenceRef& ref = item.ref;
  auto variant = variant_or_reduction(item, kind, in);
  if (auto* done = std::get_if<ItemResult>(&variant)) return std::move(*done);
  const attacks::Outcome* o = std::get<const attacks::Outcome*>(variant);
  for (const Observation& x : o->observations) {
    if (x.name == "metadata" || x.name == "sweep.looked_for") item.observations.push_back(x);
  }
  std::vector<std::string> found_text;
  for (const attacks::MetadataCategory& m : attacks::metadata_categories()) {
    const std::string cat(m.name);
    const auto finding = attacks::find_observation(o->observations, "metadata", cat);
    const auto search = attacks::find_observation(o->observations, "sweep.looked_for", cat);
    const bool found = finding && finding->present();
    const bool looked = found || (search && search->present());
    const bool listed = std::find(ref.complete.begin(), ref.complete.end(), cat) != ref.complete.end();
    if (found && !listed) {
      item.unlisted.push_back(cat);
      found_text.push_back(count_text(*finding));
    }
    if (!looked) item.unlooked.push_back(cat);
  }
  // One category seen beyond the list is a counterexample, whatever else is unknown.
  if (!item.unlisted.empty()) {
    return reduced(std::move(item), Reduction::kContradicts, "found beyond the list: " + join(found_text), kind);
  }
  if (!item.unlooked.empty()) {
    return missing(std::move(item), "no sweep looked for " + join(item.unlooked));
  }
  return reduced(std::move(item), Reduction::kSupports,
                 "every category was looked for; none found beyond the list", kind);
}

ItemResult eval_property(ItemResult item, Kind kind, const AuditInputs& in) {
  const EvidenceRef& ref = item.ref;
  if (!in.properties) return missing(std::move(item), "properties were skipped");
  for (const properties::PropertyResult& p : in.properties->results) {
    if (p.id != ref.target || p.preset != ref.preset) continue;
    std::string status = p.passed ? "passed (" + std::to_string(p.cases) + " cases)" : "failed: " + p.failure;
    return reduced(std::move(item), check_reduction(p.passed, ref.bears), std::move(status), kind);
  }
  if (!in.properties->errors.empty()) {
    return missing(std::move(item), "harness error: " + in.properties->errors.front());
  }
  return missing(std::move(item), "property did not run on " + ref.preset);
}

ItemResult eval_wycheproof(ItemResult item, Kind kind, const AuditInputs& in) {
  const EvidenceRef& ref = item.ref;
  if (!in.wycheproof) return missing(std::move(item), "Wycheproof was skipped");
  for (const wycheproof::FileError& e : in.wycheproof->errors) {
    if (std::filesystem::path(e.file).filename() == ref.target) {
      return missing(std::move(item), "file could not be run: " + e.to_string());
    }
  }
  for (const wycheproof::FileReport& f : in.wycheproof->files) {
    if (f.file != ref.target) continue;
    const bool passed = f.failed == 0;
    std::string status = passed ? "passed (" + std::to_string(f.tests) + " tests)"
                                : std::to_string(f.failed) + " of " + std::to_string(f.tests) + " tests failed";
    return reduced(std::move(item), check_reduction(passed, ref.bears), std::move(status), kind);
  }
  return missing(std::move(item), "file was not in this run");
}

ItemResult eval_vectors(ItemResult item, Kind kind, const AuditInputs& in) {
  const EvidenceRef& ref = item.ref;
  if (!in.vectors) return missing(std::move(item), "vectors were skipped");
  for (const VectorFileError& e : in.vectors->errors) {
    if (e.family == ref.target) return missing(std::move(item), "file could not be run: " + e.message);
  }
  size_t files = 0, tests = 0, failed = 0;
  for (const vectors::FileResult& f : in.vectors->files) {
    if (f.family != ref.target) continue;
    ++files;
    tests += f.tests;
    failed += f.failed;
  }
  if (files == 0) return missing(std::move(item), "no file of the family was in this run");
  const bool passed = failed == 0;
  std::string status = passed ? "passed (" + std::to_string(tests) + " tests)"
                              : std::to_string(failed) + " of " + std::to_string(tests) + " tests failed";
  return reduced(std::move(item), check_reduction(passed, ref.bears), std::move(status), kind);
}

std::string reason_for(const ClaimOutcome& out, const Claim& claim, const std::vector<ItemResult>& items) {
  auto first = [&](auto pred) -> const ItemResult* {
    for (const ItemResult& i : items) {
      if (pred(i)) return &i;
    }
    return nullptr;
  };
  auto contributes = [](ClaimVerdict want) {
    return [want](const ItemResult& i) { return i.contribution && i.contribution->verdict == want; };
  };
  switch (out.verdict) {
    case ClaimVerdict::kRefuted:
    case ClaimVerdict::kConsistencyFinding:
    case ClaimVerdict::kDocumentedLimit: {
      const ItemResult* i = first(contributes(out.verdict));
      std::string s = evidence_label(i->ref) + ": " + i->status;
      if (out.noticed) s += " (an honest client warned, but the promise was broken)";
      return s;
    }
    case ClaimVerdict::kHolds:
    case ClaimVerdict::kHoldsWithConditions: {
      size_t n = 0;
      for (const ItemResult& i : items) n += i.contribution.has_value() ? 1 : 0;
      std::string s = "all " + std::to_string(n) + " reference(s) with a bearing support it";
      if (out.verdict == ClaimVerdict::kHoldsWithConditions) {
        const ItemResult* i = first(contributes(out.verdict));
        s += "; condition: " + (i->ref.condition.empty() ? evidence_label(i->ref) : i->ref.condition);
      }
      return s;
    }
    case ClaimVerdict::kNotTestable: break;
  }
  if (claim.evidence.empty()) return "no evidence yet: " + claim.would_test;
  if (const ItemResult* i = first([](const ItemResult& x) { return x.reduction == Reduction::kMissing; })) {
    std::string s = "evidence missing: " + evidence_label(i->ref) + ": " + i->status;
    if (!claim.would_test.empty()) s += "; also: " + claim.would_test;
    return s;
  }
  return "every reference was N/A for its preset" +
         (claim.would_test.empty() ? std::string() : "; would test it: " + claim.would_test);
}

}  // namespace

const attacks::Outcome* find_variant(const AuditInputs& in, const std::string& attack, const std::string& preset,
                                     const std::string& variant) {
  if (!in.attacks) return nullptr;
  for (const attacks::Cell& c : in.attacks->cells) {
    if (c.attack != attack || c.preset != preset) continue;
    for (const attacks::Outcome& o : c.variants) {
      if (o.variant == variant) return &o;
    }
  }
  return nullptr;
}

ItemResult evaluate(const EvidenceRef& ref, Kind kind, const AuditInputs& inputs) {
  ItemResult item;
  item.ref = ref;
  switch (ref.type) {
    case EvidenceType::kObservation: return eval_observation(std::move(item), kind, inputs);
    case EvidenceType::kCompleteness: return eval_completeness(std::move(item), kind, inputs);
    case EvidenceType::kProperty: return eval_property(std::move(item), kind, inputs);
    case EvidenceType::kWycheproof: return eval_wycheproof(std::move(item), kind, inputs);
    case EvidenceType::kVectors: return eval_vectors(std::move(item), kind, inputs);
  }
  return missing(std::move(item), "unknown reference form");
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
      if (item.contribution) {
        g.contributions.push_back(*item.contribution);
      } else if (item.reduction == Reduction::kMissing) {
        ++g.missing;
      } else {
        ++g.no_bearing;
      }
      r.items.push_back(std::move(item));
    }
    r.outcome = combine(g);
    r.reason = reason_for(r.outcome, claim, r.items);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace e2e::audit
