// REPORT.md: the audit for people. Sections: header (what, when, how to
// reproduce), summary, attack × preset matrix, claims per document, how the
// verdicts are computed, attack details, Wycheproof, our vectors, properties,
// assumptions. Every table row is in a fixed order, so two runs of one seed
// differ only in the header's date and duration lines.
#include <algorithm>
#include <cctype>
#include <iomanip>
#include <map>
#include <sstream>

#include "claims/report.h"
#include "claims/summary.h"
#include "protocol/preset.h"

namespace e2e::audit {
namespace {

// cell text: one line, '|' escaped, so it cannot break a table.
std::string md(std::string_view s) {
  std::string out;
  for (char c : detail::utf8_clean(s)) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r' || c == '\t') {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string anchor(const std::string& attack, const std::string& preset) {
  std::string a = "cell-" + attack + "-" + preset;
  std::transform(a.begin(), a.end(), a.begin(), [](unsigned char c) {
    return std::isalnum(c) ? static_cast<char>(std::tolower(c)) : '-';
  });
  return a;
}

std::string claim_anchor(const std::string& id) {
  std::string a = "claim-" + id;
  std::transform(a.begin(), a.end(), a.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return a;
}

std::string seconds(double s) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(1) << s;
  return o.str();
}

void header(std::ostream& out, const AuditInputs& in) {
  const RunInfo& r = in.run;
  out << "# e2eproof audit report\n\n";
  out << "- Implementation: " << md(r.implementation) << "\n";
  out << "- e2eproof version: " << md(r.version) << "\n";
  out << "- Date: " << md(r.started_at) << "\n";
  out << "- Duration: " << seconds(r.duration_seconds) << " s\n";
  out << "- Reproduce: `" << detail::utf8_clean(r.command) << "`\n";
  out << "- Formats: results.json `" << kResultsSchema << "`, claims registry `" << kRegistrySchema << "`\n";
  out << "- Seed: " << r.seed << "; property cases: " << r.cases << "; presets: ";
  for (size_t i = 0; i < r.presets.size(); ++i) out << (i ? ", " : "") << r.presets[i];
  out << "\n";
  std::vector<std::string> skipped;
  if (!in.wycheproof) skipped.push_back("wycheproof");
  if (!in.vectors) skipped.push_back("vectors");
  if (!in.properties) skipped.push_back("properties");
  if (!in.attacks) skipped.push_back("attacks");
  if (!skipped.empty()) {
    out << "- Skipped areas: ";
    for (size_t i = 0; i < skipped.size(); ++i) out << (i ? ", " : "") << skipped[i];
    out << "\n";
  }
  out << "\n";
}

void summary(std::ostream& out, const Summary& s, const AuditInputs& in) {
  out << "## Summary\n\n";
  out << "| area | result |\n|---|---|\n";
  auto counts = [](const std::map<std::string, size_t>& m) {
    std::string t;
    for (const auto& [k, v] : m) t += (t.empty() ? "" : ", ") + k + " " + std::to_string(v);
    return t.empty() ? std::string("none") : t;
  };
  if (in.attacks) {
    out << "| attack cells | " << s.cells << " (" << counts(s.cells_by_verdict) << ")"
        << (s.attack_errors ? "; harness errors " + std::to_string(s.attack_errors) : "") << " |\n";
  }
  out << "| claims | " << counts(s.claims_by_verdict) << " |\n";
  if (in.wycheproof) {
    out << "| Wycheproof | " << s.wycheproof_files << " files, " << s.wycheproof_tests << " tests, "
        << s.wycheproof_failed << " failed, " << s.wycheproof_errors << " unrunnable |\n";
  }
  if (in.vectors) {
    out << "| our vectors | " << s.vector_files << " files, " << s.vector_tests << " tests, " << s.vector_failed
        << " failed, " << s.vector_errors << " unrunnable |\n";
  }
  if (in.properties) {
    out << "| properties | " << s.properties << " run, " << s.properties_failed << " failed, "
        << s.property_errors << " harness errors |\n";
  }
  out << "\n" << (s.failed() ? "**Some checks failed or could not run** (see below); the audit exits 1.\n\n"
                             : "Every check that should pass passed. Attack verdicts and refuted claims are "
                               "findings about the designs, not failures of the run.\n\n");
}

void matrix(std::ostream& out, const AuditInputs& in) {
  out << "## Attack × preset matrix\n\n";
  if (!in.attacks) {
    out << "Attacks were skipped in this run.\n\n";
    return;
  }
  const auto presets = detail::matrix_presets(in);
  out << "Verdicts (design/attacks.md §0.2): BREAKS = succeeds unseen; NOTICED = succeeds, a client shows it; "
         "BLOCKED = refused; DOCUMENTED = succeeds as the design admits; N/A = feature absent.\n\n";
  out << "| attack | title |";
  for (const std::string& p : presets) out << " " << p << " |";
  out << "\n|---|---|";
  for (size_t i = 0; i < presets.size(); ++i) out << "---|";
  out << "\n";
  for (const std::string& a : detail::matrix_attacks(in)) {
    out << "| " << md(a) << " | " << md(detail::attack_title(in, a)) << " |";
    for (const std::string& p : presets) {
      if (detail::find_error(in, a, p) != nullptr) {
        out << " [ERROR](#" << anchor(a, p) << ") |";
      } else if (const attacks::Cell* c = detail::find_cell(in, a, p)) {
        out << " [" << attacks::verdict_name(c->verdict) << "](#" << anchor(a, p) << ") |";
      } else {
        out << " – |";
      }
    }
    out << "\n";
  }
  out << "\n";
}

// The attack/check column of an evidence row, linked to the cell's details.
std::string evidence_source(const ItemResult& i) {
  const EvidenceRef& r = i.ref;
  switch (r.type) {
    case EvidenceType::kObservation:
    case EvidenceType::kCompleteness: return "[" + r.target + "](#" + anchor(r.target, r.preset) + ")";
    case EvidenceType::kProperty: return "property " + md(r.target);
    case EvidenceType::kWycheproof: return "wycheproof " + md(r.target);
    case EvidenceType::kVectors: return "vectors " + md(r.target);
  }
  return md(r.target);
}

std::string observed_text(const ItemResult& i, bool with_detail) {
  std::string s;
  for (const attacks::Observation& o : i.observations) {
    if (!s.empty()) s += "; ";
    s += attacks::observation_key(o) + " = " + std::to_string(o.count);
    if (with_detail && !o.detail.empty()) s += " (" + o.detail + ")";
  }
  return s;
}

// evidence_row: one reference and what decided it (EVIDENCE.md §3).
void evidence_row(std::ostream& out, const ClaimResult& r, const ItemResult& i) {
  const EvidenceRef& ref = i.ref;
  std::string observation = "–", count = "–", detail;
  if (ref.type == EvidenceType::kObservation) {
    observation = "`" + attacks::observation_key(ref.observation, ref.qualifier) + "`";
    if (!i.observations.empty()) {
      count = std::to_string(i.observations.front().count);
      detail = i.observations.front().detail;
      for (size_t k = 1; k < i.observations.size(); ++k) {
        detail += (detail.empty() ? "" : "; ") + attacks::observation_key(i.observations[k]) + " = " +
                  std::to_string(i.observations[k].count);
      }
    } else {
      detail = i.status;
    }
  } else if (ref.type == EvidenceType::kCompleteness) {
    std::string list;
    for (const std::string& c : ref.complete) list += (list.empty() ? "" : ", ") + c;
    observation = "complete [" + list + "]";
    detail = i.status;
    const std::string seen = observed_text(i, false);
    if (!seen.empty()) detail += "; recorded: " + seen;
  } else {
    detail = i.status;
  }
  std::string reduced(reduction_name(i.reduction));
  if (i.noticed) reduced += " (noticed)";
  if (!ref.condition.empty()) detail += (detail.empty() ? "" : "; ") + std::string("condition: ") + ref.condition;
  out << "| [" << r.claim->id << "](#" << claim_anchor(r.claim->id) << ") | " << evidence_source(i) << " | "
      << md(ref.preset.empty() ? "–" : ref.preset) << " | " << md(ref.variant.empty() ? "–" : ref.variant) << " | "
      << md(observation) << " | " << count << " | " << md(detail) << " | "
      << (ref.type == EvidenceType::kCompleteness ? "–" : bears_name(ref.bears)) << " | " << reduced << " | "
      << (i.contribution ? verdict_label(i.contribution->verdict, i.contribution->noticed) : std::string("–"))
      << " |\n";
}

void claims(std::ostream& out, const Registry& reg, const std::vector<ClaimResult>& results) {
  out << "## Claims\n\n";
  out << "Statements are this project's paraphrases; the document and section say where to read the "
         "original. Verdicts are computed from the observations and checks each claim names, by the rules in "
         "the next section; no claim reads a matrix cell's verdict.\n\n";
  for (const RegistryFile& f : reg.files) {
    out << "### " << md(f.title) << "\n\nRegistry: `" << std::filesystem::path(f.file).filename().string()
        << "`\n\n";
    out << "| id | kind | statement | verdict | why |\n|---|---|---|---|---|\n";
    for (const ClaimResult& r : results) {
      if (r.claim->registry_file != f.file) continue;
      out << "| <a id=\"" << claim_anchor(r.claim->id) << "\"></a>" << r.claim->id << " | "
          << kind_name(r.claim->kind) << " | " << md(r.claim->statement) << " (" << md(r.claim->document)
          << ", " << md(r.claim->section) << ") | **" << r.label() << "** | " << md(r.reason) << " |\n";
    }
    out << "\nWhat decided them, one row per evidence reference:\n\n";
    out << "| claim | attack or check | preset | variant | observation | count | detail | bears | reduced to | "
           "contributed |\n|---|---|---|---|---|---|---|---|---|---|\n";
    bool any = false;
    for (const ClaimResult& r : results) {
      if (r.claim->registry_file != f.file) continue;
      for (const ItemResult& i : r.items) {
        evidence_row(out, r, i);
        any = true;
      }
    }
    if (!any) out << "| – | – | – | – | – | – | no claim of this document names evidence yet | – | – | – |\n";
    out << "\n";
  }
}

void rules(std::ostream& out) {
  out << "## How claim verdicts are computed\n\n";
  out << "Each evidence reference is first reduced to one of: **contradicts**, **supports**, **no-bearing** "
         "(the variant is N/A for the preset) or **missing** (not recorded: the attack or variant is not "
         "built, the area was skipped, a harness error, a metadata category no sweep looked for). An "
         "observation names a variant of an attack: `bears: refutes` means the observation present (count > 0) "
         "contradicts the claim and recorded as 0 supports it; `bears: supports` the other way round. A "
         "completeness check contradicts when the sweep found a category the list lacks, and is missing while "
         "any category went unlooked. A check (property, vector family, Wycheproof file) supports when it "
         "passed, or, with `bears: refutes`, passing demonstrates the weakness. A contradicting observation is "
         "*noticed* when an honest client raised a warning (`client.warned{*}` > 0) in the same variant. "
         "What each reference argues for, by the claim's kind:\n\n";
  out << rules_markdown() << "\n";
  out << "A claim with no evidence yet is not-testable and says what would test it.\n\n";
}

void details(std::ostream& out, const AuditInputs& in) {
  if (!in.attacks) return;
  out << "## Attack details\n\n";
  const auto presets = detail::matrix_presets(in);
  for (const std::string& a : detail::matrix_attacks(in)) {
    for (const std::string& p : presets) {
      const AttackError* e = detail::find_error(in, a, p);
      const attacks::Cell* c = detail::find_cell(in, a, p);
      if (e == nullptr && c == nullptr) continue;
      out << "### <a id=\"" << anchor(a, p) << "\"></a>" << a << " on " << p << ": "
          << (e ? std::string("ERROR") : std::string(attacks::verdict_name(c->verdict))) << "\n\n";
      out << md(detail::attack_title(in, a)) << ".";
      for (const AttackInfo& info : in.attacks->attacks) {
        if (info.id != a || info.claims.empty()) continue;
        out << " Evidence for:";
        for (const std::string& id : info.claims) out << " [" << id << "](#" << claim_anchor(id) << ")";
        out << ".";
      }
      out << "\n\n";
      if (e) {
        out << "Harness error, no verdict: " << md(e->message) << "\n\n";
        continue;
      }
      for (const attacks::Outcome& o : c->variants) {
        out << "- `" << (o.variant.empty() ? std::string("(single form)") : md(o.variant)) << "` **"
            << attacks::verdict_name(o.verdict) << "**: " << md(o.summary) << "\n";
        if (!o.observations.empty()) {
          std::string obs;
          for (const attacks::Observation& x : o.observations) {
            obs += (obs.empty() ? "" : ", ") + attacks::observation_key(x) + " = " + std::to_string(x.count);
          }
          out << "  - observations: " << md(obs) << "\n";
        }
        if (!o.evidence.empty()) {
          std::string j = o.evidence.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
          // The full evidence is in results.json; the report keeps it readable.
          constexpr size_t kMax = 600;
          if (j.size() > kMax) j = j.substr(0, kMax) + " … (full evidence in results.json)";
          // A backtick inside would end the code span; a double-backtick fence does not.
          const char* fence = j.find('`') == std::string::npos ? "`" : "`` ";
          const char* close = j.find('`') == std::string::npos ? "`" : " ``";
          out << "  - evidence: " << fence << detail::utf8_clean(j) << close << "\n";
        }
      }
      out << "\n";
    }
  }
}

void wycheproof_section(std::ostream& out, const AuditInputs& in) {
  out << "## Wycheproof\n\n";
  if (!in.wycheproof) {
    out << "Skipped in this run.\n\n";
    return;
  }
  out << "| file | algorithm | tests | passed | failed | acceptable accepted / rejected |\n|---|---|---|---|---|---|\n";
  for (const wycheproof::FileReport& f : in.wycheproof->files) {
    out << "| " << md(f.file) << " | " << md(f.algorithm) << " | " << f.tests << " | " << f.passed << " | "
        << f.failed << " | " << f.acceptable_accepted << " / " << f.acceptable_rejected << " |\n";
  }
  out << "\n";
  for (const wycheproof::FileError& e : in.wycheproof->errors) out << "- could not run: " << md(e.to_string()) << "\n";
  if (!in.wycheproof->errors.empty()) out << "\n";
}

void vectors_section(std::ostream& out, const AuditInputs& in) {
  out << "## Our vectors\n\n";
  if (!in.vectors) {
    out << "Skipped in this run.\n\n";
    return;
  }
  out << "| family | file | tests | passed | failed |\n|---|---|---|---|---|\n";
  for (const vectors::FileResult& f : in.vectors->files) {
    out << "| " << md(f.family) << " | " << md(std::filesystem::path(f.path).filename().string()) << " | "
        << f.tests << " | " << f.passed << " | " << f.failed << " |\n";
  }
  out << "\n";
  for (const VectorFileError& e : in.vectors->errors) out << "- could not run: " << md(e.message) << "\n";
  if (!in.vectors->errors.empty()) out << "\n";
}

// property_result: a weakness property (PropertyResult::weakness) reads as
// the weakness being present or absent, never as a failure.
std::string property_result(const properties::PropertyResult& p) {
  if (p.weakness) {
    return p.passed ? std::string("documented weakness present")
                    : "documented weakness absent, **stronger than the document**: " + md(p.failure);
  }
  return p.passed ? std::string("passed") : "**failed**: " + md(p.failure);
}

void interop_section(std::ostream& out, const AuditInputs& in) {
  if (!in.interop) return;
  out << "## Interop matrix\n\n"
      << "Each interop scenario (a chat over create, join, send, add, remove, restart) with the first "
         "implementation on the scenario's implementation devices and the second on the others. A cell "
         "counts scenarios passed.\n\n";
  write_interop_table(out, *in.interop);
}

void properties_section(std::ostream& out, const AuditInputs& in) {
  out << "## Properties\n\n";
  if (!in.properties) {
    out << "Skipped in this run.\n\n";
    return;
  }
  out << "| property | preset | cases | result | claims |\n|---|---|---|---|---|\n";
  for (const properties::PropertyResult& p : in.properties->results) {
    std::string claims;
    for (const std::string& c : p.claims) claims += (claims.empty() ? "" : ", ") + c;
    out << "| " << md(p.id) << " | " << md(p.preset) << " | " << p.cases << " | "
        << property_result(p) << " | " << md(claims) << " |\n";
  }
  out << "\n";
  for (const std::string& e : in.properties->errors) out << "- harness error: " << md(e) << "\n";
  if (!in.properties->errors.empty()) out << "\n";
}

void assumptions(std::ostream& out, const Registry& reg) {
  out << "## Assumptions\n\n";
  out << "Where a document is silent, each preset makes a choice (`e2eproof presets` lists them):\n\n";
  std::vector<std::string> presets;
  for (const Claim& c : reg.claims) {
    if (std::find(presets.begin(), presets.end(), c.preset) == presets.end()) presets.push_back(c.preset);
  }
  for (const std::string& name : presets) {
    Result<proto::Preset> p = proto::find_preset(name);
    if (!p.ok()) continue;
    out << "### " << name << " (reproduces " << md(p->source) << ")\n\n";
    for (const std::string& a : p->assumptions) out << "- " << md(a) << "\n";
    bool any = false;
    for (const Claim& c : reg.claims) {
      if (c.preset != name) continue;
      for (const Assumption& a : c.assumptions) {
        if (a.from_preset) continue;
        if (!any) out << "\nClaim-specific notes:\n\n";
        any = true;
        out << "- " << c.id << ": " << md(a.text) << "\n";
      }
    }
    out << "\n";
  }
}

}  // namespace

// write_interop_table: implementation x peer x preset, scenarios passed of
// run, then every cell that did not pass with its first problem.
void write_interop_table(std::ostream& out, const InteropRun& run) {
  std::vector<std::string> presets, pairs;
  std::map<std::pair<std::string, std::string>, std::pair<size_t, size_t>> counts;  // (pair, preset) -> pass, run
  for (const InteropCell& c : run.cells) {
    const std::string pair = c.implementation + " x " + c.peer;
    if (std::find(pairs.begin(), pairs.end(), pair) == pairs.end()) pairs.push_back(pair);
    if (std::find(presets.begin(), presets.end(), c.preset) == presets.end()) presets.push_back(c.preset);
    auto& n = counts[{pair, c.preset}];
    if (c.status == "not declared") continue;
    n.second += 1;
    n.first += c.status == "pass";
  }
  out << "| implementation x peer |";
  for (const auto& p : presets) out << " " << md(p) << " |";
  out << "\n|---|";
  for (size_t i = 0; i < presets.size(); ++i) out << "---|";
  out << "\n";
  for (const auto& pair : pairs) {
    out << "| " << md(pair) << " |";
    for (const auto& p : presets) {
      const auto n = counts[{pair, p}];
      out << (n.second == 0 ? std::string(" not declared |")
                            : " " + std::to_string(n.first) + "/" + std::to_string(n.second) + " |");
    }
    out << "\n";
  }
  out << "\n";
  for (const InteropCell& c : run.cells) {
    if (c.status == "pass" || c.status == "not declared") continue;
    out << "- " << md(c.implementation + " x " + c.peer + ", " + c.preset + "/" + c.scenario) << ": " << c.status
        << ": " << md(c.message) << "\n";
  }
  out << "\n";
}

void write_report_md(std::ostream& out, const Registry& registry, const AuditInputs& inputs,
                     const std::vector<ClaimResult>& results) {
  header(out, inputs);
  summary(out, summarize(inputs, results), inputs);
  matrix(out, inputs);
  claims(out, registry, results);
  rules(out);
  details(out, inputs);
  wycheproof_section(out, inputs);
  vectors_section(out, inputs);
  properties_section(out, inputs);
  interop_section(out, inputs);
  assumptions(out, registry);
}

}  // namespace e2e::audit
