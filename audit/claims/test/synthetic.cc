#include "synthetic.h"

#include <cstdlib>
#include <iostream>

namespace e2e::audit::test {

using nlohmann::json;

KnownEvidence known() {
  KnownEvidence k;
  k.attacks = {"A01", "A03", "B01", "G03"};
  k.properties = {"delivery/replay", "delivery/exactly-once"};
  k.wycheproof_files = {"aes_gcm_test.json"};
  k.vector_families = {"share_code", "envelope_arthas"};
  return k;
}

Registry parse_or_die(const std::string& text, const KnownEvidence& k) {
  Registry r;
  auto ok = parse_registry_file(json::parse(text), "synthetic.json", k, r);
  if (!ok.ok()) {
    std::cerr << "synthetic registry does not parse: " << ok.error() << "\n";
    std::abort();
  }
  return r;
}

Registry registry() {
  return parse_or_die(R"({
    "schema": "e2eproof-claims@2",
    "title": "Synthetic <doc> & co",
    "claims": [
      {"id": "ARTHAS-07", "document": {"file": "001.txt", "section": "Threats"}, "preset": "arthas",
       "kind": "property", "statement": "Replay is low risk | because of the IV",
       "assumptions": [{"preset": "no replay protection"}, {"note": "a note & more"}],
       "evidence": [{"attack": "B01", "variant": "v1-verbatim", "observation": "client.accepted_replay",
                     "bears": "refutes", "note": "shown again?"},
                    {"property": "delivery/replay", "bears": "refutes"}]},
      {"id": "ARTHAS-01", "document": {"file": "001.txt", "section": "Parameters"}, "preset": "arthas",
       "kind": "format", "statement": "AES-256-GCM parameters",
       "assumptions": [],
       "evidence": [{"wycheproof": "aes_gcm_test.json"}, {"vectors": "share_code"}]},
      {"id": "ARTHAS-12", "document": {"file": "001.txt", "section": "Limits"}, "preset": "arthas",
       "kind": "limit", "statement": "No forward secrecy", "assumptions": [], "evidence": [],
       "would_test": "F04 harvest-now-decrypt-later"}
    ]})");
}

attacks::Observation obs(const std::string& name, const std::string& qualifier, uint64_t count,
                         const std::string& detail) {
  return attacks::Observation{name, qualifier, count, detail};
}

void add_warnings(attacks::Outcome& o, const std::map<std::string, uint64_t>& counts) {
  for (const std::string& kind : attacks::warning_kinds()) {
    const auto it = counts.find(kind);
    o.observations.push_back(obs("client.warned", kind, it == counts.end() ? 0 : it->second));
  }
}

void add_sweep(attacks::Outcome& o, const std::vector<std::string>& looked,
               const std::map<std::string, uint64_t>& found) {
  for (const std::string& c : looked) {
    o.observations.push_back(obs("sweep.looked_for", c, 1));
    const auto it = found.find(c);
    o.observations.push_back(obs("metadata", c, it == found.end() ? 0 : it->second,
                                 it == found.end() ? "" : c + " canaries in the stolen database"));
  }
}

attacks::Outcome outcome(const std::string& attack, const std::string& variant, const std::string& preset,
                         attacks::Verdict v, const std::string& summary) {
  attacks::Outcome o;
  o.attack = attack;
  o.variant = variant;
  o.preset = preset;
  o.verdict = v;
  o.summary = summary;
  o.evidence = json{{"attacker", {{"decrypted", v == attacks::Verdict::kBreaks}}},
                    {"clients", {{"bob", json::array({"message <shown> & again"})}}}};
  return o;
}

AuditInputs inputs() {
  using attacks::Verdict;
  AuditInputs in;
  in.run.implementation = "reference (in-process)";
  in.run.version = "0.1.0";
  in.run.started_at = "2026-01-01T00:00:00Z";
  in.run.duration_seconds = 1.5;
  in.run.command = "e2eproof audit --seed 7";
  in.run.seed = 7;
  in.run.cases = 10;
  in.run.presets = {"arthas", "eleven", "hardened"};

  wycheproof::RunReport wp;
  wycheproof::FileReport f;
  f.file = "aes_gcm_test.json";
  f.algorithm = "AES-GCM";
  f.tests = f.passed = 316;
  wp.files.push_back(f);
  in.wycheproof = wp;

  VectorsRun vr;
  vectors::FileResult v;
  v.path = "vectors/share_code/share_code.json";
  v.family = "share_code";
  v.tests = v.passed = 20;
  vr.files.push_back(v);
  vectors::FileResult bad;
  bad.path = "vectors/envelope_arthas/envelope_arthas.json";
  bad.family = "envelope_arthas";
  bad.tests = 10;
  bad.passed = 9;
  bad.failed = 1;
  bad.failures.push_back({4, "iv changed", "accepted a \"changed\" <iv>"});
  vr.files.push_back(bad);
  in.vectors = vr;

  PropertiesRun pr;
  properties::PropertyResult p;
  p.id = "delivery/replay";
  p.preset = "arthas";
  p.title = "a replayed message is shown again";
  p.cases = 10;
  p.passed = true;
  p.seed = 7;
  pr.results.push_back(p);
  in.properties = pr;

  AttacksRun ar;
  ar.attacks = {{"B01", "Replay of a captured message", {"ARTHAS-07"}},
                {"A03", "Directory key substitution", {"ELEVEN-16"}}};
  attacks::Outcome b1 = outcome("B01", "v1-verbatim", "arthas", Verdict::kBreaks, "shown twice");
  b1.observations.push_back(obs("client.accepted_replay", "", 1, "bob showed the captured message twice"));
  add_warnings(b1);
  attacks::Outcome b3 = outcome("B01", "v3-restart", "arthas", Verdict::kBreaks, "shown again after restart");
  b3.observations.push_back(obs("client.accepted_replay", "", 1));
  add_warnings(b3);
  attacks::Outcome bh = outcome("B01", "v1-verbatim", "hardened", Verdict::kBlocked, "refused as replay");
  bh.observations.push_back(obs("client.accepted_replay", "", 0));
  add_warnings(bh, {{"duplicate", 1}});
  attacks::Outcome a3 = outcome("A03", "new-chat", "eleven", Verdict::kDocumented, "relay read new chat");
  a3.observations.push_back(obs("attacker.decrypted", "", 4));
  add_warnings(a3);
  attacks::Cell c1{"B01", "arthas", Verdict::kBreaks, {b1, b3}};
  attacks::Cell c2{"B01", "hardened", Verdict::kBlocked, {bh}};
  attacks::Cell c3{"A03", "eleven", Verdict::kDocumented, {a3}};
  attacks::Cell c4{"A03", "arthas", Verdict::kNotApplicable,
                   {outcome("A03", "new-chat", "arthas", Verdict::kNotApplicable, "arthas has no key directory")}};
  ar.cells = {c3, c1, c2, c4};  // out of order on purpose: writers sort
  ar.errors.push_back({"B01", "eleven", "driver died: <eof>"});
  in.attacks = ar;
  return in;
}

}  // namespace e2e::audit::test
