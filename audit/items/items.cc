#include "items/items.h"

#include "items/scenario_items.h"

#include <algorithm>
#include <exception>
#include <filesystem>

#include "adapter/adapter.h"
#include "attacks/attack_spec.h"
#include "items/contract_items.h"
#include "plan/plan.h"
#include "properties/suite.h"
#include "protocol/preset.h"
#include "verify/vectors.h"
#include "world/chat_setup.h"
#include "world/world.h"

namespace e2e::items {
namespace {

constexpr std::string_view kSanityText = "conformance sanity";

std::vector<std::string> split_id(const std::string& id) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t slash = id.find('/', start);
    parts.push_back(id.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) return parts;
    start = slash + 1;
  }
}

ItemResult verdict_of(const std::string& id, bool ok, std::string message) {
  ItemResult r;
  r.id = id;
  r.status = ok ? "pass" : "fail";
  r.message = std::move(message);
  return r;
}

// sanity: alice starts a chat, bob joins it the preset's way, alice sends one
// message and bob shows it exactly once. Everything else assumes this works.
Result<ItemResult> run_sanity(const std::string& id, const proto::Preset& preset,
                              const driver::DriverFactory& factory, const EngineOptions& options) {
  world::World w(preset, options.seed, world::WorldOptions{{}, factory, {}});
  E2E_ASSIGN_OR_RETURN(driver::Driver& alice, w.add_device("alice", "Alice"));
  E2E_TRY(w.add_device("bob", "Bob"));
  if (auto s = world::start_chat(w, "alice", "sanity", {"bob"}); !s.ok()) {
    E2E_TRY(w.health());  // a driver failed: a harness error
    // start_chat stops with frames in flight only when the world did not settle.
    if (!w.pool().empty()) return verdict_of(id, false, "the world did not settle");
    return s.error();
  }
  E2E_TRY(w.run("alice", alice.send_text("sanity", kSanityText)));
  if (!w.quiesce()) return verdict_of(id, false, "the world did not settle");
  E2E_TRY(w.health());
  const auto shown = w.messages("bob", "sanity");
  const bool ok = shown.size() == 1 && shown[0].sender == "alice" && shown[0].text == kSanityText;
  return verdict_of(id, ok, ok ? "bob showed alice's message once"
                               : "bob showed " + std::to_string(shown.size()) +
                                     " messages instead of alice's one");
}

// The claims registry this source tree ships, loaded once: the items' claim
// lists come from it (which claims cite this attack or property on this
// preset), never from a list typed beside the attack.
Result<const audit::Registry*> registry() {
  static const Result<audit::Registry> kRegistry = plan::load_registry(plan::shipped_claims_dir());
  if (!kRegistry.ok()) return make_error(kRegistry.code(), "claims registry: " + kRegistry.error().detail);
  return &kRegistry.value();
}

Result<std::vector<std::string>> claims_for(const std::string& target, const std::string& preset) {
  E2E_ASSIGN_OR_RETURN(const audit::Registry* reg, registry());
  return plan::claims_citing(*reg, target, preset);
}

Result<ItemResult> run_property(const std::string& id, const std::string& property,
                                const std::string& preset, const driver::DriverFactory& factory,
                                const EngineOptions& options) {
  properties::SuiteOptions so;
  so.cases = options.cases;
  so.seed = options.seed;
  so.presets = {preset};
  so.properties = {property};
  audit::PropertiesRun run = plan::run_properties(factory, so);
  if (!run.errors.empty()) return make_error(Errc::kIo, run.errors.front());
  auto it = std::find_if(run.results.begin(), run.results.end(),
                         [&](const properties::PropertyResult& p) { return p.id == property; });
  if (it == run.results.end()) return make_error(Errc::kNotFound, "no such property on " + preset + ": " + property);
  // A property that records a documented weakness is evidence about the
  // implementation, not a requirement: protecting users more passes.
  ItemResult r = verdict_of(id, it->passed || it->weakness,
                            it->passed   ? std::to_string(it->cases) + " schedules, no violation"
                            : it->weakness ? "stronger than the document: the documented weakness is absent (" +
                                                 it->failure + ")"
                                           : it->failure);
  E2E_ASSIGN_OR_RETURN(r.claims, claims_for(property, preset));
  r.evidence = {{"cases", it->cases}, {"seed", it->seed}, {"weakness", it->weakness},
                {"weakness_present", it->weakness ? nlohmann::json(it->passed) : nlohmann::json(nullptr)}};
  return r;
}

Result<ItemResult> run_attack(const std::string& id, const attacks::AttackSpec& spec,
                              const proto::Preset& preset, const driver::DriverFactory& factory,
                              const EngineOptions& options) {
  E2E_ASSIGN_OR_RETURN(attacks::Cell cell, plan::run_attack_cell(spec, preset, factory, options.seed));
  ItemResult r;
  r.id = id;
  E2E_ASSIGN_OR_RETURN(r.claims, claims_for(spec.id, preset.name));
  r.verdict = std::string(attacks::verdict_name(cell.verdict));
  nlohmann::json variants = nlohmann::json::array();
  for (const auto& o : cell.variants) {
    nlohmann::json observations = nlohmann::json::array();
    for (const auto& ob : o.observations) observations.push_back(attacks::to_json(ob));
    variants.push_back({{"variant", o.variant},
                        {"verdict", attacks::verdict_name(o.verdict)},
                        {"summary", o.summary},
                        {"observations", std::move(observations)},
                        {"evidence", o.evidence}});
  }
  r.evidence = {{"variants", variants}};
  const auto expected = attacks::expected_verdict(spec, preset.name);
  if (!expected) {
    r.status = "pass";
    r.message = "verdict " + *r.verdict + " (no reference bar for this cell)";
    return r;
  }
  r.expected = std::string(attacks::verdict_name(*expected));
  const bool ok = attacks::at_least_as_good(cell.verdict, *expected);
  r.status = ok ? "pass" : "fail";
  r.message = "verdict " + *r.verdict + ", reference " + *r.expected +
              (ok ? "" : ": this implementation protects its users less than the design it follows");
  return r;
}

// vectors: every committed file of |family| against the implementation's
// vector operations; the verifier (vectors/verify) does the judging.
Result<ItemResult> run_vectors(const std::string& id, const std::string& family, const Implementation& impl) {
  const auto families = plan::vector_families_with_files();
  if (std::find(families.begin(), families.end(), family) == families.end()) {
    return make_error(Errc::kNotFound, "no such item: " + id + " (no committed vector files for " + family + ")");
  }
  E2E_ASSIGN_OR_RETURN(vectors::Implementation vi, impl.vectors());
  E2E_ASSIGN_OR_RETURN(audit::VectorsRun run, plan::run_vectors(vi, {family}));
  if (!run.errors.empty()) {
    return make_error(Errc::kInternal, "a committed vector file is malformed: " + run.errors.front().message);
  }
  ItemResult r;
  r.id = id;
  nlohmann::json per_file = nlohmann::json::array();
  size_t tests = 0, failed = 0;
  std::string first;
  for (const vectors::FileResult& fr : run.files) {
    const std::string name = std::filesystem::path(fr.path).filename().string();
    tests += fr.tests;
    failed += fr.failed;
    nlohmann::json failures = nlohmann::json::array();
    for (const auto& f : fr.failures) {
      if (first.empty()) first = name + " tcId " + std::to_string(f.tc_id) + ": " + f.reason;
      failures.push_back({{"tcId", f.tc_id}, {"comment", f.comment}, {"reason", f.reason}});
    }
    per_file.push_back({{"file", name}, {"tests", fr.tests}, {"passed", fr.passed},
                        {"failed", fr.failed}, {"failures", failures}});
  }
  r.status = failed == 0 ? "pass" : "fail";
  r.message = failed == 0 ? std::to_string(tests) + " cases passed"
                          : std::to_string(failed) + " of " + std::to_string(tests) + " cases failed; first: " + first;
  r.evidence = {{"files", per_file}};
  return r;
}

// Hooks (docs/ADAPTER.md §4) the property items need: they restart devices.
// Attacks and scenario items name their own (AttackSpec::hooks,
// ScenarioItem::hooks).
const std::vector<std::string> kRestartHooks = {"state_export", "state_import"};

// hook_skip: why an implementation declaring |declared| cannot run an item
// needing |needed|; empty when it can.
std::string hook_skip(const std::vector<std::string>& needed, const std::vector<std::string>& declared) {
  for (const auto& h : needed) {
    if (std::find(declared.begin(), declared.end(), h) == declared.end()) {
      return "needs hook " + h + ", not declared by the implementation";
    }
  }
  return "";
}

// running_executable: /proc/self/exe resolved, or empty.
std::string running_executable() {
  std::error_code ec;
  const auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.string();
}

}  // namespace

Implementation in_process_implementation() {
  Implementation impl{driver::in_process_factory(),
                      [] { return Result<vectors::Implementation>(vectors::reference_implementation()); }, {}, {}};
  if (const std::string self = running_executable(); !self.empty()) {
    driver::AdapterOptions o;
    o.argv = {self, "adapter"};
    impl.adapter = std::move(o);
  }
  return impl;
}

Declared reference_declared() {
  return {proto::preset_names(), vectors::op_families(), adapter::Adapter::hooks(), adapter::Adapter::methods()};
}

Result<std::vector<Item>> list_items(const Declared& declared) {
  std::vector<Item> out;
  auto skip_for = [&](const std::string& preset) -> std::string {
    if (std::find(declared.presets.begin(), declared.presets.end(), preset) != declared.presets.end()) return "";
    return "preset " + preset + " not declared by the implementation";
  };
  for (const auto& preset : proto::preset_names()) {
    out.push_back({"sanity/" + preset, "sanity", preset, "a two-device chat delivers one message", {},
                   skip_for(preset)});
  }
  for (const auto& info : properties::property_catalog()) {
    for (const auto& preset : info.presets) {
      E2E_ASSIGN_OR_RETURN(std::vector<std::string> claims, claims_for(info.id, preset));
      out.push_back({"property/" + info.id + "/" + preset, "property", preset, info.title, std::move(claims),
                     skip_for(preset), kRestartHooks});
    }
  }
  for (const attacks::AttackSpec* s : attacks::registered_attacks()) {
    for (const auto& preset : proto::preset_names()) {
      E2E_ASSIGN_OR_RETURN(std::vector<std::string> claims, claims_for(s->id, preset));
      out.push_back({"attack/" + s->id + "/" + preset, "attack", preset, std::string(attacks::catalog_title(s->id)),
                     std::move(claims), skip_for(preset), s->hooks});
    }
  }
  for (const ScenarioItem& s : scenario_items()) {
    for (const auto& preset : s.presets) {
      out.push_back({s.id(preset), s.kind, preset, s.title, {}, skip_for(preset), s.hooks});
    }
  }
  for (const auto& family : plan::vector_families_with_files()) {
    const auto& fams = declared.vector_families;
    const bool has = std::find(fams.begin(), fams.end(), family) != fams.end();
    out.push_back({"vectors/" + family, "vectors", "", "the " + family + " vectors through the implementation",
                   {}, has ? "" : "vector family " + family + " not declared by the implementation"});
  }
  for (const ContractCase& c : contract_cases()) {
    out.push_back({c.id, "contract", "", c.title, {}, ""});
  }
  // A preset or family skip says more than a hook skip; otherwise the hooks.
  for (Item& i : out) {
    if (i.skip.empty()) i.skip = hook_skip(i.hooks, declared.hooks);
  }
  return out;
}

namespace {

Result<ItemResult> dispatch(const std::string& id, const Implementation& impl, const EngineOptions& options) {
  const auto parts = split_id(id);
  auto bad = [&] { return make_error(Errc::kNotFound, "no such item: " + id + " (see `e2eproof conformance list`)"); };
  if (parts.size() < 2) return bad();
  if (parts[0] == "vectors" && parts.size() == 2) return run_vectors(id, parts[1], impl);
  for (const ScenarioItem& s : scenario_items()) {
    for (const auto& p : s.presets) {
      if (s.id(p) != id) continue;
      E2E_ASSIGN_OR_RETURN(proto::Preset preset, proto::find_preset(p));
      return s.run(id, preset, impl, options);
    }
  }
  if (parts[0] == "contract" && parts.size() == 2) {
    if (!is_contract_case(id)) return bad();
    if (!impl.adapter) return make_error(Errc::kUnsupported, id + ": no adapter command to run it against");
    return run_contract_case(id, *impl.adapter);
  }
  const driver::DriverFactory& factory = impl.drivers;
  const std::string& preset_name = parts.back();
  auto preset = proto::find_preset(preset_name);
  if (!preset.ok()) return bad();
  if (parts[0] == "sanity" && parts.size() == 2) return run_sanity(id, *preset, factory, options);
  if (parts[0] == "attack" && parts.size() == 3) {
    const attacks::AttackSpec* spec = attacks::find_attack(parts[1]);
    if (spec == nullptr) return bad();
    return run_attack(id, *spec, *preset, factory, options);
  }
  if (parts[0] == "property" && parts.size() >= 3) {
    // Property ids contain slashes ("delivery/exactly-once"): everything between.
    const std::string property = id.substr(parts[0].size() + 1,
                                           id.size() - parts[0].size() - 2 - preset_name.size());
    return run_property(id, property, preset_name, factory, options);
  }
  return bad();
}

}  // namespace

Result<ItemResult> run_item(const std::string& id, const Implementation& impl, const EngineOptions& options) {
  Result<ItemResult> r = make_error(Errc::kInternal, "not run");
  // Whatever an implementation writes must not take the engine down: an
  // exception from code reading its output is a harness error of the item.
  try {
    r = dispatch(id, impl, options);
  } catch (const std::exception& e) {
    return make_error(Errc::kInternal, id + ": the engine failed on the implementation's output: " + e.what());
  }
  // A hook the implementation declared and then refused is its failure.
  if (!r.ok() && driver::hook_refusal(r.error().detail)) {
    ItemResult failed = verdict_of(id, false, r.error().detail);
    return failed;
  }
  return r;
}

nlohmann::json to_json(const Item& item) {
  nlohmann::json j = {{"id", item.id}, {"kind", item.kind}, {"preset", item.preset},
                      {"title", item.title}, {"claims", item.claims}};
  if (!item.skip.empty()) j["skip"] = item.skip;
  if (!item.hooks.empty()) j["hooks"] = item.hooks;
  return j;
}

nlohmann::json to_json(const ItemResult& r) {
  nlohmann::json j = {{"id", r.id}, {"status", r.status}, {"message", r.message},
                      {"claims", r.claims}, {"evidence", r.evidence}};
  if (r.verdict) j["verdict"] = *r.verdict;
  if (r.expected) j["expected"] = *r.expected;
  return j;
}

}  // namespace e2e::items
