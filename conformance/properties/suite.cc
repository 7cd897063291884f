// The suite runner: the delivery properties' bodies (delivery_model.cc) over
// schedules sampled from the RapidCheck generators the property tests use,
// without rc::check: each case's inputs come from an rc::Random keyed by
// (seed, property, preset, case), so a run replays exactly from its seed on
// any driver, and two drivers given one seed see identical schedules.
#include "properties/suite.h"

#include <algorithm>
#include <functional>

#include "properties/delivery_model.h"

namespace e2e::properties {
namespace {

using driver::DriverFactory;

// One property: which presets it is asserted on, and how one case runs.
struct Property {
  std::string id;
  std::string title;
  std::vector<std::string> presets;
  std::vector<std::string> rules;  // the PROTO-* rules it exercises; claims cite it from the registry
  bool weakness;                   // PropertyResult::weakness
  // run: sample the case's inputs from |random| at |size| (described into
  // |inputs| for the failure text), then run it.
  std::function<Outcome(const std::string& preset, rc::Random random, int size, const DriverFactory& factory,
                        std::string& inputs)>
      run;
};

// The schedule properties: a schedule and a world seed from the generators.
std::function<Outcome(const std::string&, rc::Random, int, const DriverFactory&, std::string&)> schedule_case(
    bool attacks, Outcome (*body)(const std::string&, uint64_t, const std::vector<Cmd>&, const DriverFactory&)) {
  return [attacks, body](const std::string& preset, rc::Random random, int size, const DriverFactory& factory,
                         std::string& inputs) {
    rc::Random for_seed = random.split();
    const std::vector<Cmd> cmds = gen_cmds(attacks)(random, size).value();
    const uint64_t seed = gen_seed()(for_seed, size).value();
    inputs = "world seed " + std::to_string(seed) + ", schedule " + describe(cmds);
    return body(preset, seed, cmds, factory);
  };
}

// The properties, as delivery_properties_test.cc asserts them (same presets).
const std::vector<Property>& properties() {
  static const std::vector<Property> kAll = {
      {"delivery/exactly-once",
       "Each message is shown exactly once, with its sender and text, at every other member, whatever "
       "the network does (duplicates, reordering, loss, client restarts)",
       {"arthas", "eleven", "hardened"},
       {"PROTO-CLIENT-01", "PROTO-CLIENT-02", "PROTO-RELAY-05", "PROTO-RELAY-06"},
       false,
       schedule_case(/*attacks=*/false, exactly_once_case)},
      {"delivery/replay-and-reflection-refused",
       "A relay that replays delivered messages under fresh ids or reflects them to their sender changes "
       "nothing shown; every injected item is refused visibly",
       {"hardened"},
       {"PROTO-HARD-04", "PROTO-HARD-05"},
       false,
       schedule_case(/*attacks=*/true, replay_refused_case)},
      // Run where the preset documents no replay protection: passing means
      // the weakness is there (evidence that refutes ARTHAS-07); an
      // implementation that refuses the replay is stronger, not broken.
      {"delivery/replay-shown-again",
       "A message the relay replays under a fresh id is shown again and nobody notices (the preset has no "
       "replay protection)",
       {"arthas", "eleven"},
       {},
       true,
       [](const std::string& preset, rc::Random random, int size, const DriverFactory& factory,
          std::string& inputs) {
         rc::Random for_seed = random.split();
         rc::Random for_which = random.split();
         const size_t sends = gen_replay_sends()(random, size).value();
         const uint64_t seed = gen_seed()(for_seed, size).value();
         const size_t which = gen_replay_which()(for_which, size).value();
         inputs = "world seed " + std::to_string(seed) + ", " + std::to_string(sends) + " sends, replay #" +
                  std::to_string(which);
         return replay_shown_again_case(preset, seed, sends, which, factory);
       }},
  };
  return kAll;
}

// fnv1a: a hash that is the same on every platform and build, so a seed
// replays anywhere (std::hash promises neither).
uint64_t fnv1a(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
  return h;
}

}  // namespace

std::vector<PropertyInfo> property_catalog() {
  std::vector<PropertyInfo> out;
  for (const auto& p : properties()) {
    out.push_back(PropertyInfo{p.id, p.title, p.rules, p.presets, p.weakness});
  }
  return out;
}

std::vector<std::string> property_ids() {
  std::vector<std::string> ids;
  for (const auto& p : properties()) ids.push_back(p.id);
  return ids;
}

Result<std::vector<PropertyResult>> run_suite(const driver::DriverFactory& factory, const SuiteOptions& options) {
  for (const auto& name : options.presets) {
    if (!proto::find_preset(name).ok()) return make_error(Errc::kInvalidArgument, "unknown preset: " + name);
  }
  auto selected = [&](const std::string& preset) {
    return options.presets.empty() ||
           std::find(options.presets.begin(), options.presets.end(), preset) != options.presets.end();
  };
  std::vector<PropertyResult> results;
  for (const auto& prop : properties()) {
    if (!options.properties.empty() &&
        std::find(options.properties.begin(), options.properties.end(), prop.id) == options.properties.end()) {
      continue;
    }
    for (const auto& preset : prop.presets) {
      if (!selected(preset)) continue;
      PropertyResult r{prop.id, preset, prop.title, prop.rules, {}, 0, true, "", options.seed, prop.weakness};
      for (size_t i = 0; i < options.cases; ++i) {
        // Sizes grow from 0 to max_size over the run, as under rc::check.
        const int size = static_cast<int>(options.cases > 1 ? i * options.max_size / (options.cases - 1)
                                                            : options.max_size);
        const rc::Random random(rc::Random::Key{options.seed, fnv1a(prop.id), fnv1a(preset), i});
        std::string inputs;
        Outcome out = prop.run(preset, random, size, factory, inputs);
        r.cases = i + 1;
        if (!out.ok()) {
          return make_error(out.code(), prop.id + " on " + preset + ", case " + std::to_string(i) +
                                            ": the harness failed: " + out.error().detail);
        }
        if (!out->empty()) {
          r.passed = false;
          r.failure = "case " + std::to_string(i) + " (size " + std::to_string(size) + "; " + inputs +
                      "): " + *out;
          break;
        }
      }
      results.push_back(std::move(r));
    }
  }
  return results;
}

}  // namespace e2e::properties
