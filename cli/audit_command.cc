#include "cli/audit_command.h"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "claims/claims.h"
#include "claims/command_line.h"
#include "items/interop_matrix.h"
#include "claims/inputs.h"
#include "claims/registry.h"
#include "claims/report.h"
#include "attacks/attack_spec.h"
#include "claims/summary.h"
#include "plan/plan.h"
#include "common/clock.h"
#include "driver/driver.h"
#include "protocol/preset.h"
#include "verify/vectors.h"
// The property suite's library needs RapidCheck and is built only with tests
// (E2E_BUILD_TESTS); a release build audits without it and says so.
#include "properties/suite.h"

#ifndef E2E_VERSION
#define E2E_VERSION "unknown"
#endif

namespace e2e::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string impl;
  std::string out = "reports/latest";
  std::string claims = plan::shipped_claims_dir();
  size_t cases = 100;
  uint64_t seed = 20261123;
  std::vector<std::string> presets;
  std::vector<std::string> skip;
};

const std::vector<std::string> kAreas = {"wycheproof", "vectors", "properties", "attacks", "interop"};

bool skipped(const Options& o, const std::string& area) {
  return std::find(o.skip.begin(), o.skip.end(), area) != o.skip.end();
}

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::string secs(double s) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(1) << s << " s";
  return o.str();
}

void progress(const std::string& line) { std::cerr << "audit: " << line << std::endl; }

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// shell_quote: one argv word as the reproduce line prints it.
std::string shell_quote(const std::string& s) {
  if (!s.empty() && s.find_first_of(" \t'\"\\$`!*?[]{}()<>|&;#~") == std::string::npos) return s;
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

// reproduce: the options that change results; --out and --claims do not.
std::string reproduce(const Options& o) {
  std::string c = "e2eproof audit --seed " + std::to_string(o.seed) + " --cases " + std::to_string(o.cases) +
                  " --presets " + join(o.presets, ",");
  if (!o.impl.empty()) c += " --impl " + shell_quote(o.impl);
  if (!o.skip.empty()) c += " --skip " + join(o.skip, ",");
  return c;
}

properties::SuiteOptions suite_options(const Options& o) {
  properties::SuiteOptions so;
  so.cases = o.cases;
  so.seed = o.seed;
  so.presets = o.presets;
  return so;
}

// The claims that cite each attack, from the registry (never typed beside the attack).
void fill_attack_claims(audit::AttacksRun& run, const audit::Registry& registry) {
  for (audit::AttackInfo& a : run.attacks) a.claims = plan::claims_citing(registry, a.id);
}

int run_audit(Options o) {
  const auto t0 = Clock::now();
  audit::AuditInputs in;
  in.run.started_at = utc_now();
  in.run.version = E2E_VERSION;
  in.run.seed = o.seed;
  in.run.cases = o.cases;

  for (const std::string& a : o.skip) {
    if (std::find(kAreas.begin(), kAreas.end(), a) == kAreas.end()) {
      std::cerr << "e2eproof audit: --skip: unknown area '" << a << "' (wycheproof, vectors, properties, attacks, interop)\n";
      return 2;
    }
  }
  if (o.presets.empty()) o.presets = proto::preset_names();
  for (const std::string& p : o.presets) {
    if (!proto::find_preset(p).ok()) {
      std::cerr << "e2eproof audit: --presets: unknown preset '" << p << "' (" << join(proto::preset_names(), ", ")
                << ")\n";
      return 2;
    }
  }
  in.run.presets = o.presets;

  driver::DriverFactory factory = driver::in_process_factory();
  in.run.implementation = "reference (in-process)";
  if (!o.impl.empty()) {
    auto ao = audit::adapter_options(o.impl, "adapter: ");
    if (!ao.ok()) {
      std::cerr << "e2eproof audit: --impl: " << ao.error().detail << "\n";
      return 2;
    }
    factory = driver::adapter_factory(std::move(ao).value());
    in.run.implementation = "adapter: " + o.impl;
  }

  auto registry = plan::load_registry(o.claims);
  if (!registry.ok()) {
    std::cerr << "e2eproof audit: claims registry: " << registry.error().detail << "\n";
    return 2;
  }
  progress("registry: " + std::to_string(registry->claims.size()) + " claims from " +
           std::to_string(registry->files.size()) + " files in " + o.claims);

  if (!skipped(o, "wycheproof")) {
    const auto t = Clock::now();
    in.wycheproof = plan::run_wycheproof();
    const auto total = in.wycheproof->total();
    progress("wycheproof: " + std::to_string(in.wycheproof->files.size()) + " files, " + std::to_string(total.tests) +
             " tests, " + std::to_string(total.failed) + " failed, " + std::to_string(in.wycheproof->errors.size()) +
             " unrunnable (" + secs(since(t)) + ")");
  }
  if (!skipped(o, "vectors")) {
    const auto t = Clock::now();
    // Our vectors always run through the reference here; another
    // implementation's vector operations are conformance items.
    auto verified = plan::run_vectors(vectors::reference_implementation(), {});
    if (verified.ok()) {
      in.vectors = std::move(verified).value();
    } else {
      in.vectors = audit::VectorsRun{};
      in.vectors->errors.push_back({"", "", verified.error().to_string()});
    }
    size_t tests = 0, failed = 0;
    for (const auto& f : in.vectors->files) {
      tests += f.tests;
      failed += f.failed;
    }
    progress("vectors: " + std::to_string(in.vectors->files.size()) + " files, " + std::to_string(tests) +
             " tests, " + std::to_string(failed) + " failed, " + std::to_string(in.vectors->errors.size()) +
             " unrunnable (" + secs(since(t)) + ")");
  }
  if (!skipped(o, "properties")) {
    const auto t = Clock::now();
    in.properties = plan::run_properties(factory, suite_options(o));
    for (auto& p : in.properties->results) p.claims = plan::claims_citing(*registry, p.id, p.preset);
    size_t failed = 0;
    for (const auto& p : in.properties->results) failed += p.passed ? 0 : 1;
    progress("properties: " + std::to_string(in.properties->results.size()) + " run, " + std::to_string(failed) +
             " failed, " + std::to_string(in.properties->errors.size()) + " harness errors (" + secs(since(t)) + ")");
  }
  if (!skipped(o, "attacks")) {
    const auto t = Clock::now();
    in.attacks = plan::run_attacks(factory, o.presets, o.seed, progress);
    fill_attack_claims(*in.attacks, *registry);
    if (!in.attacks->errors.empty() && in.attacks->cells.empty()) {
      progress("attacks: harness error: " + in.attacks->errors.front().message);
    }
    progress("attacks: " + std::to_string(in.attacks->cells.size()) + " cells, " +
             std::to_string(in.attacks->errors.size()) + " harness errors (" + secs(since(t)) + ")");
  }

  // With another implementation: the interop matrix of it and the reference.
  if (!o.impl.empty() && !skipped(o, "interop")) {
    const auto t = Clock::now();
    auto peer = items::adapter_peer("implementation", o.impl, o.seed);
    if (peer.ok()) {
      in.interop = items::run_interop_matrix({items::reference_peer(), std::move(peer).value()}, o.presets, o.seed,
                                             nullptr);
    } else {
      // A dead adapter is a harness error of the run, reported like the others.
      in.interop = audit::InteropRun{{{"implementation", "reference", "", "", "error", peer.error().to_string()}}};
    }
    size_t passed = 0;
    for (const auto& c : in.interop->cells) passed += c.status == "pass";
    progress("interop: " + std::to_string(passed) + " of " + std::to_string(in.interop->cells.size()) +
             " cells passed (" + secs(since(t)) + ")");
  }
  in.run.command = reproduce(o);
  in.run.duration_seconds = since(t0);
  const auto claims = audit::compute_claims(*registry, in);
  const audit::Summary summary = audit::summarize(in, claims);
  auto written = audit::write_reports(o.out, *registry, in, claims);
  if (!written.ok()) {
    std::cerr << "e2eproof audit: " << written.error().detail << "\n";
    return 2;
  }
  std::string verdicts;
  for (const auto& [v, n] : summary.claims_by_verdict) verdicts += (verdicts.empty() ? "" : ", ") + v + " " + std::to_string(n);
  progress("claims: " + verdicts);
  progress("wrote " + (fs::path(o.out) / "REPORT.md").string() + ", results.json, junit.xml (" +
           secs(since(t0)) + " in all)");
  if (summary.failed()) {
    std::cerr << "e2eproof audit: some checks failed or could not run; see REPORT.md\n";
    return 1;
  }
  return 0;
}

}  // namespace

void add_audit_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "audit",
      "Audit an implementation: Wycheproof, our vectors, the delivery properties and the attack matrix, "
      "then each documented claim's verdict, computed from that evidence. Writes REPORT.md, results.json "
      "and junit.xml.");
  cmd->add_option("--impl", o->impl,
                  "Adapter command line for another implementation (docs/ADAPTER.md), one string split on "
                  "spaces; '...' is literal, \"...\" allows \\\" and \\\\, a backslash outside quotes escapes "
                  "the next character. Default: the reference in this process.");
  cmd->add_option("--out", o->out, "Output directory (created if needed).")->capture_default_str();
  cmd->add_option("--cases", o->cases, "Generated schedules per property.")->capture_default_str();
  cmd->add_option("--seed", o->seed, "Seed for properties and attacks; the same seed reproduces the run.")
      ->capture_default_str();
  cmd->add_option("--presets", o->presets, "Comma-separated presets to cover (default: all).")->delimiter(',');
  cmd->add_option("--skip", o->skip, "Comma-separated areas to skip: wycheproof, vectors, properties, attacks, interop (run only with --impl).")
      ->delimiter(',');
  cmd->add_option("--claims", o->claims, "Claims registry directory.")->capture_default_str();
  cmd->footer(
      "Exit codes: 0 everything ran and every check passed (findings such as BREAKS or a refuted claim are "
      "results, not failures); 1 a Wycheproof, vector or property check failed, or a harness error kept "
      "evidence from being produced; 2 usage error, bad claims registry, or unwritable output.");
  cmd->callback([o, &exit_code] { exit_code = run_audit(*o); });
}

}  // namespace e2e::cli
