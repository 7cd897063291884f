// junit.xml: one <testsuite> per area. A testcase fails only when a check
// that should pass did not (a Wycheproof or vector case, a property) and
// errors when evidence could not be produced (an unrunnable file, a harness
// error). Attack cells and claims are findings, not failures: they pass and
// carry their verdict as a <property> and in <system-out>.
#include <sstream>

#include "claims/report.h"

namespace e2e::audit {
namespace {

std::string xml(std::string_view s) {
  const std::string clean = detail::utf8_clean(s);
  std::string out;
  out.reserve(clean.size());
  for (char c : clean) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

struct Case {
  std::string classname;
  std::string name;
  enum { kPass, kFailure, kError, kSkipped } state = kPass;
  std::string message;  // failure / error / skipped message
  std::string detail;   // failure body
  std::vector<std::pair<std::string, std::string>> properties;
  std::string system_out;
};

struct Suite {
  std::string name;
  std::vector<Case> cases;
};

Suite skipped_suite(const std::string& name, const std::string& why) {
  Case c{name, "skipped", Case::kSkipped, why, {}, {}, {}};
  return Suite{name, {c}};
}

// failure_lines: one line per failed case ("tcId 7: reason (comment)"), for
// Wycheproof and our vectors alike (both failure types carry these fields).
template <class Failures>
std::string failure_lines(const Failures& failures) {
  std::string out;
  for (const auto& x : failures) out += "tcId " + std::to_string(x.tc_id) + ": " + x.reason + " (" + x.comment + ")\n";
  return out;
}

Suite wycheproof_suite(const AuditInputs& in) {
  if (!in.wycheproof) return skipped_suite("wycheproof", "skipped with --skip wycheproof");
  Suite s{"wycheproof", {}};
  for (const wycheproof::FileReport& f : in.wycheproof->files) {
    Case c{"wycheproof", f.file, Case::kPass, {}, {}, {}, {}};
    c.properties = {{"tests", std::to_string(f.tests)}, {"algorithm", f.algorithm}};
    if (f.failed > 0) {
      c.state = Case::kFailure;
      c.message = std::to_string(f.failed) + " of " + std::to_string(f.tests) + " tests failed";
      c.detail = failure_lines(f.failures);
    }
    s.cases.push_back(std::move(c));
  }
  for (const wycheproof::FileError& e : in.wycheproof->errors) {
    s.cases.push_back(Case{"wycheproof", e.file, Case::kError, e.to_string(), {}, {}, {}});
  }
  return s;
}

Suite vectors_suite(const AuditInputs& in) {
  if (!in.vectors) return skipped_suite("vectors", "skipped with --skip vectors");
  Suite s{"vectors", {}};
  for (const vectors::FileResult& f : in.vectors->files) {
    Case c{"vectors." + f.family, f.path, Case::kPass, {}, {}, {}, {}};
    c.properties = {{"tests", std::to_string(f.tests)}};
    if (f.failed > 0) {
      c.state = Case::kFailure;
      c.message = std::to_string(f.failed) + " of " + std::to_string(f.tests) + " tests failed";
      c.detail = failure_lines(f.failures);
    }
    s.cases.push_back(std::move(c));
  }
  for (const VectorFileError& e : in.vectors->errors) {
    s.cases.push_back(Case{"vectors." + e.family, e.path, Case::kError, e.message, {}, {}, {}});
  }
  return s;
}

Suite properties_suite(const AuditInputs& in) {
  if (!in.properties) return skipped_suite("properties", "skipped with --skip properties");
  Suite s{"properties", {}};
  for (const properties::PropertyResult& p : in.properties->results) {
    Case c{"properties." + p.preset, p.id, Case::kPass, {}, {}, {}, {}};
    c.properties = {{"cases", std::to_string(p.cases)}, {"seed", std::to_string(p.seed)}};
    if (p.weakness) c.properties.push_back({"weakness_present", p.passed ? "true" : "false"});
    if (!p.passed && !p.weakness) {
      c.state = Case::kFailure;
      c.message = "property violated";
      c.detail = p.failure;
    }
    s.cases.push_back(std::move(c));
  }
  for (const std::string& e : in.properties->errors) {
    s.cases.push_back(Case{"properties", "harness", Case::kError, e, {}, {}, {}});
  }
  return s;
}

Suite attacks_suite(const AuditInputs& in) {
  if (!in.attacks) return skipped_suite("attacks", "skipped with --skip attacks");
  Suite s{"attacks", {}};
  const auto presets = detail::matrix_presets(in);
  for (const std::string& a : detail::matrix_attacks(in)) {
    for (const std::string& p : presets) {
      Case c{"attacks." + a, a + " on " + p, Case::kPass, {}, {}, {}, {}};
      if (const AttackError* e = detail::find_error(in, a, p)) {
        c.state = Case::kError;
        c.message = "harness error: " + e->message;
      } else if (const attacks::Cell* cell = detail::find_cell(in, a, p)) {
        c.properties = {{"verdict", std::string(attacks::verdict_name(cell->verdict))}};
        c.system_out = "verdict " + std::string(attacks::verdict_name(cell->verdict)) + "\n";
        for (const attacks::Outcome& o : cell->variants) {
          c.system_out += (o.variant.empty() ? std::string("-") : o.variant) + ": " +
                          std::string(attacks::verdict_name(o.verdict)) + ": " + o.summary + "\n";
        }
      } else {
        continue;
      }
      s.cases.push_back(std::move(c));
    }
  }
  return s;
}

Suite claims_suite(const std::vector<ClaimResult>& claims) {
  Suite s{"claims", {}};
  for (const ClaimResult& r : claims) {
    Case c{"claims." + r.claim->preset, r.claim->id, Case::kPass, {}, {}, {}, {}};
    c.properties = {{"verdict", r.label()}, {"kind", std::string(kind_name(r.claim->kind))}};
    c.system_out = r.label() + ": " + r.reason + "\n";
    for (const ItemResult& i : r.items) {
      c.system_out += "  " + evidence_label(i.ref) + ": " + i.status + " -> " +
                      std::string(reduction_name(i.reduction)) + "\n";
    }
    s.cases.push_back(std::move(c));
  }
  return s;
}

size_t count(const Suite& s, decltype(Case::kPass) state) {
  size_t n = 0;
  for (const Case& c : s.cases) n += c.state == state ? 1 : 0;
  return n;
}

void write_suite(std::ostream& out, const Suite& s) {
  out << "  <testsuite name=\"" << xml(s.name) << "\" tests=\"" << s.cases.size() << "\" failures=\""
      << count(s, Case::kFailure) << "\" errors=\"" << count(s, Case::kError) << "\" skipped=\""
      << count(s, Case::kSkipped) << "\">\n";
  for (const Case& c : s.cases) {
    out << "    <testcase classname=\"" << xml(c.classname) << "\" name=\"" << xml(c.name) << "\">\n";
    if (!c.properties.empty()) {
      out << "      <properties>\n";
      for (const auto& [k, v] : c.properties) {
        out << "        <property name=\"" << xml(k) << "\" value=\"" << xml(v) << "\"/>\n";
      }
      out << "      </properties>\n";
    }
    switch (c.state) {
      case Case::kPass: break;
      case Case::kFailure:
        out << "      <failure message=\"" << xml(c.message) << "\">" << xml(c.detail) << "</failure>\n";
        break;
      case Case::kError: out << "      <error message=\"" << xml(c.message) << "\"/>\n"; break;
      case Case::kSkipped: out << "      <skipped message=\"" << xml(c.message) << "\"/>\n"; break;
    }
    if (!c.system_out.empty()) out << "      <system-out>" << xml(c.system_out) << "</system-out>\n";
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n";
}

}  // namespace

void write_junit_xml(std::ostream& out, const AuditInputs& inputs, const std::vector<ClaimResult>& claims) {
  const std::vector<Suite> suites = {wycheproof_suite(inputs), vectors_suite(inputs), properties_suite(inputs),
                                     attacks_suite(inputs), claims_suite(claims)};
  size_t tests = 0, failures = 0, errors = 0;
  for (const Suite& s : suites) {
    tests += s.cases.size();
    failures += count(s, Case::kFailure);
    errors += count(s, Case::kError);
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"e2eproof audit\" tests=\"" << tests << "\" failures=\"" << failures
      << "\" errors=\"" << errors << "\">\n";
  for (const Suite& s : suites) write_suite(out, s);
  out << "</testsuites>\n";
}

}  // namespace e2e::audit
