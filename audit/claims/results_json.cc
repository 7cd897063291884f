// results.json: the machine-readable audit (schema kResultsSchema,
// "e2eproof/audit-results@2"). Every matrix cell is an object with attack,
// preset, verdict and the variants' outcomes with their evidence and
// observations; every claim carries its verdict (and the noticed flag), the
// reason, and each evidence reference with what it reduced to, the
// observations that decided it and the rule that was applied.
#include "claims/report.h"
#include "claims/summary.h"

namespace e2e::audit {
namespace {

using nlohmann::json;

json run_json(const RunInfo& r) {
  return json{{"implementation", r.implementation}, {"version", r.version},
              {"started_at", r.started_at},         {"duration_seconds", r.duration_seconds},
              {"command", r.command},               {"seed", r.seed},
              {"cases", r.cases},                   {"presets", r.presets}};
}

json summary_json(const Summary& s) {
  return json{{"cells", s.cells},
              {"cells_by_verdict", s.cells_by_verdict},
              {"attack_errors", s.attack_errors},
              {"claims_by_verdict", s.claims_by_verdict},
              {"wycheproof", {{"files", s.wycheproof_files}, {"tests", s.wycheproof_tests},
                              {"failed", s.wycheproof_failed}, {"errors", s.wycheproof_errors}}},
              {"vectors", {{"files", s.vector_files}, {"tests", s.vector_tests},
                           {"failed", s.vector_failed}, {"errors", s.vector_errors}}},
              {"properties", {{"run", s.properties}, {"failed", s.properties_failed},
                              {"errors", s.property_errors}}},
              {"failed", s.failed()}};
}

json observations_json(const std::vector<attacks::Observation>& list) {
  json out = json::array();
  for (const attacks::Observation& o : list) out.push_back(attacks::to_json(o));
  return out;
}

json matrix_json(const AuditInputs& in) {
  if (!in.attacks) return nullptr;
  json cells = json::array();
  const auto presets = detail::matrix_presets(in);
  for (const std::string& a : detail::matrix_attacks(in)) {
    for (const std::string& p : presets) {
      if (const AttackError* e = detail::find_error(in, a, p)) {
        cells.push_back(json{{"attack", a}, {"preset", p}, {"verdict", "ERROR"}, {"error", e->message},
                             {"evidence", json::array()}});
        continue;
      }
      const attacks::Cell* c = detail::find_cell(in, a, p);
      if (c == nullptr) continue;
      json variants = json::array();
      for (const attacks::Outcome& o : c->variants) {
        variants.push_back(json{{"variant", o.variant}, {"verdict", attacks::verdict_name(o.verdict)},
                                {"summary", o.summary}, {"evidence", o.evidence},
                                {"observations", observations_json(o.observations)}});
      }
      cells.push_back(json{{"attack", a}, {"preset", p}, {"title", detail::attack_title(in, a)},
                           {"verdict", attacks::verdict_name(c->verdict)}, {"evidence", std::move(variants)}});
    }
  }
  json attacks = json::array();
  for (const AttackInfo& a : in.attacks->attacks) {
    attacks.push_back(json{{"id", a.id}, {"title", a.title}, {"claims", a.claims}});
  }
  return json{{"attacks", std::move(attacks)}, {"presets", presets}, {"cells", std::move(cells)}};
}

json evidence_ref_json(const EvidenceRef& r) {
  json j{{"type", evidence_type_name(r.type)}, {"label", evidence_label(r)}};
  switch (r.type) {
    case EvidenceType::kObservation:
    case EvidenceType::kCompleteness: j["attack"] = r.target; j["variant"] = r.variant; break;
    case EvidenceType::kProperty: j["property"] = r.target; break;
    case EvidenceType::kWycheproof: j["wycheproof"] = r.target; break;
    case EvidenceType::kVectors: j["vectors"] = r.target; break;
  }
  if (!r.preset.empty()) j["preset"] = r.preset;
  if (r.type == EvidenceType::kObservation) {
    j["observation"] = r.observation;
    if (!r.qualifier.empty()) j["qualifier"] = r.qualifier;
    j["key"] = attacks::observation_key(r.observation, r.qualifier);
  }
  if (r.type == EvidenceType::kCompleteness) {
    j["complete"] = r.complete;
  } else {
    j["bears"] = bears_name(r.bears);
  }
  if (!r.note.empty()) j["note"] = r.note;
  if (!r.condition.empty()) j["condition"] = r.condition;
  return j;
}

json claims_json(const std::vector<ClaimResult>& claims) {
  json out = json::array();
  for (const ClaimResult& r : claims) {
    const Claim& c = *r.claim;
    json assumptions = json::array();
    for (const Assumption& a : c.assumptions) {
      assumptions.push_back(json{{"text", a.text}, {"from_preset", a.from_preset}});
    }
    json items = json::array();
    for (const ItemResult& i : r.items) {
      json j = evidence_ref_json(i.ref);
      j["reduction"] = reduction_name(i.reduction);
      j["noticed"] = i.noticed;
      j["status"] = i.status;
      j["observations"] = observations_json(i.observations);
      if (i.ref.type == EvidenceType::kCompleteness) {
        j["unlooked"] = i.unlooked;
        j["unlisted"] = i.unlisted;
      }
      j["contribution"] =
          i.contribution ? json(verdict_label(i.contribution->verdict, i.contribution->noticed)) : json(nullptr);
      j["rule"] = i.rule;
      items.push_back(std::move(j));
    }
    out.push_back(json{{"id", c.id},
                       {"document", {{"file", c.document}, {"section", c.section}}},
                       {"registry", c.registry_file},
                       {"preset", c.preset},
                       {"kind", kind_name(c.kind)},
                       {"statement", c.statement},
                       {"assumptions", std::move(assumptions)},
                       {"verdict", claim_verdict_name(r.verdict())},
                       {"noticed", r.outcome.noticed},
                       {"verdict_label", r.label()},
                       {"reason", r.reason},
                       {"would_test", c.would_test},
                       {"evidence", std::move(items)}});
  }
  return out;
}

json wycheproof_json(const AuditInputs& in) {
  if (!in.wycheproof) return nullptr;
  json files = json::array();
  for (const wycheproof::FileReport& f : in.wycheproof->files) {
    json failures = json::array();
    for (const wycheproof::Failure& x : f.failures) {
      failures.push_back(json{{"tcId", x.tc_id}, {"comment", x.comment}, {"reason", x.reason}});
    }
    files.push_back(json{{"file", f.file}, {"algorithm", f.algorithm}, {"sha256", f.sha256},
                         {"tests", f.tests}, {"passed", f.passed}, {"failed", f.failed},
                         {"acceptable_accepted", f.acceptable_accepted},
                         {"acceptable_rejected", f.acceptable_rejected},
                         {"reclassified", f.reclassified_passed + f.reclassified_failed},
                         {"failures", std::move(failures)}});
  }
  json errors = json::array();
  for (const wycheproof::FileError& e : in.wycheproof->errors) errors.push_back(e.to_string());
  return json{{"files", std::move(files)}, {"errors", std::move(errors)}};
}

json vectors_json(const AuditInputs& in) {
  if (!in.vectors) return nullptr;
  json files = json::array();
  for (const vectors::FileResult& f : in.vectors->files) {
    json failures = json::array();
    for (const vectors::Failure& x : f.failures) {
      failures.push_back(json{{"tcId", x.tc_id}, {"comment", x.comment}, {"reason", x.reason}});
    }
    files.push_back(json{{"path", f.path}, {"family", f.family}, {"tests", f.tests}, {"passed", f.passed},
                         {"failed", f.failed}, {"failures", std::move(failures)}});
  }
  json errors = json::array();
  for (const VectorFileError& e : in.vectors->errors) {
    errors.push_back(json{{"path", e.path}, {"family", e.family}, {"message", e.message}});
  }
  return json{{"files", std::move(files)}, {"errors", std::move(errors)}};
}

json properties_json(const AuditInputs& in) {
  if (!in.properties) return nullptr;
  json results = json::array();
  for (const properties::PropertyResult& p : in.properties->results) {
    results.push_back(json{{"id", p.id}, {"preset", p.preset}, {"title", p.title}, {"claims", p.claims},
                           {"rules", p.rules}, {"cases", p.cases}, {"passed", p.passed}, {"failure", p.failure},
                           {"seed", p.seed}, {"weakness", p.weakness}});
  }
  return json{{"results", std::move(results)}, {"errors", in.properties->errors}};
}

}  // namespace

json results_json(const Registry& registry, const AuditInputs& in, const std::vector<ClaimResult>& claims) {
  json files = json::array();
  for (const RegistryFile& f : registry.files) files.push_back(json{{"file", f.file}, {"title", f.title}});
  return json{{"schema", kResultsSchema},
              {"run", run_json(in.run)},
              {"summary", summary_json(summarize(in, claims))},
              {"matrix", matrix_json(in)},
              {"registry", std::move(files)},
              {"claims", claims_json(claims)},
              {"wycheproof", wycheproof_json(in)},
              {"vectors", vectors_json(in)},
              {"properties", properties_json(in)}};
}

void write_results_json(std::ostream& out, const Registry& registry, const AuditInputs& inputs,
                        const std::vector<ClaimResult>& claims) {
  // Evidence may carry bytes from an adapter: replace invalid UTF-8 instead of throwing.
  out << results_json(registry, inputs, claims).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
      << "\n";
}

}  // namespace e2e::audit
