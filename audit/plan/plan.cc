#include "plan/plan.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <sstream>

#include "wycheproof/runner.h"

#ifndef E2E_VECTORS_DIR
#error "E2E_VECTORS_DIR must point at the repository's vectors/ folder"
#endif
#ifndef E2E_REPORTS_DIR
#error "E2E_REPORTS_DIR must point at the repository's reports/ folder"
#endif

namespace e2e::plan {
namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

std::string seconds_since(SteadyClock::time_point t0) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(1) << std::chrono::duration<double>(SteadyClock::now() - t0).count() << " s";
  return o.str();
}

}  // namespace

Result<attacks::Cell> run_attack_cell(const attacks::AttackSpec& spec, const proto::Preset& preset,
                                      const driver::DriverFactory& factory, uint64_t seed) {
  E2E_ASSIGN_OR_RETURN(std::vector<attacks::Outcome> variants, spec.run(preset, factory, seed));
  const attacks::Verdict verdict = attacks::combine(variants);
  return attacks::Cell{spec.id, preset.name, verdict, std::move(variants)};
}

audit::AttacksRun run_attacks(const driver::DriverFactory& factory, const std::vector<std::string>& presets,
                              uint64_t seed, const Progress& progress) {
  audit::AttacksRun run;
  for (const attacks::AttackSpec* spec : attacks::registered_attacks()) {
    run.attacks.push_back({spec->id, std::string(attacks::catalog_title(spec->id)), {}});
    for (const std::string& name : presets) {
      const auto t0 = SteadyClock::now();
      auto preset = proto::find_preset(name);
      Result<attacks::Cell> cell = preset.ok() ? run_attack_cell(*spec, *preset, factory, seed)
                                               : Result<attacks::Cell>(preset.error());
      if (!cell.ok()) {
        run.errors.push_back({spec->id, name, cell.error().to_string()});
        if (progress) {
          progress("attack " + spec->id + " on " + name + ": harness error: " + cell.error().to_string() + " (" +
                   seconds_since(t0) + ")");
        }
        continue;
      }
      if (progress) {
        progress("attack " + spec->id + " on " + name + ": " + std::string(attacks::verdict_name(cell->verdict)) +
                 " (" + std::to_string(cell->variants.size()) + " variants, " + seconds_since(t0) + ")");
      }
      run.cells.push_back(std::move(cell).value());
    }
  }
  return run;
}

audit::PropertiesRun run_properties(const driver::DriverFactory& factory, const properties::SuiteOptions& options) {
  audit::PropertiesRun run;
  auto results = properties::run_suite(factory, options);
  if (results.ok()) {
    run.results = std::move(results).value();
  } else {
    run.errors.push_back(results.error().to_string());
  }
  return run;
}

std::vector<std::string> vector_families_with_files() {
  std::vector<std::string> out;
  for (const auto& f : vectors::default_files(E2E_VECTORS_DIR)) {
    const std::string fam = f.parent_path().filename().string();
    if (std::find(out.begin(), out.end(), fam) == out.end()) out.push_back(fam);
  }
  return out;
}

Result<audit::VectorsRun> run_vectors(const vectors::Implementation& impl, const std::vector<std::string>& families) {
  audit::VectorsRun run;
  for (const fs::path& p : vectors::default_files(E2E_VECTORS_DIR)) {
    const std::string family = p.parent_path().filename().string();
    if (!families.empty() && std::find(families.begin(), families.end(), family) == families.end()) continue;
    auto r = vectors::verify_file(p, impl);
    if (r.ok()) {
      run.files.push_back(std::move(r).value());
    } else if (r.code() == vectors::kHarnessFailed) {
      return make_error(Errc::kIo, p.filename().string() + ": " + r.error().detail);
    } else {  // malformed or unreadable: the file could not be run
      run.errors.push_back({p.string(), family, r.error().detail});
    }
  }
  return run;
}

wycheproof::RunReport run_wycheproof() {
  auto files = wycheproof::vendored_files(E2E_VECTORS_DIR);
  wycheproof::RunReport run;
  if (!files.ok()) {
    run.errors.push_back(files.error());
    return run;
  }
  return wycheproof::run_files(files.value());
}

std::vector<std::string> claims_citing(const audit::Registry& registry, const std::string& target,
                                       const std::string& preset) {
  std::vector<std::string> out;
  for (const audit::Claim& c : registry.claims) {
    const bool cites = std::any_of(c.evidence.begin(), c.evidence.end(), [&](const audit::EvidenceRef& ref) {
      return ref.target == target && (preset.empty() || ref.preset == preset);
    });
    if (cites) out.push_back(c.id);
  }
  return out;
}

std::string shipped_claims_dir() { return E2E_REPORTS_DIR "/claims"; }

Result<audit::Registry> load_registry(const std::string& dir) {
  E2E_ASSIGN_OR_RETURN(audit::KnownEvidence known, audit::known_evidence_defaults(E2E_VECTORS_DIR));
  for (const std::string& id : properties::property_ids()) known.properties.insert(id);
  return audit::load_registry(dir, known);
}

}  // namespace e2e::plan
