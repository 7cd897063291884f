#include "cli/conformance_command.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "claims/command_line.h"
#include "driver/adapter_process.h"
#include "driver/adapter_vectors.h"
#include "driver/driver.h"
#include "cli/interop_matrix_command.h"
#include "items/items.h"
#include "protocol/preset.h"
#include "verify/ops.h"

namespace e2e::cli {
namespace {

using nlohmann::json;

struct Options {
  std::string impl;  // empty: the in-process reference
  uint64_t seed = 20261123;
  size_t cases = 25;
  bool as_json = false;
  std::vector<std::string> ids;
};

// Target: the implementation under test, and what it declares.
struct Target {
  items::Implementation impl;
  items::Declared declared;
  json implementation;
};

Result<Target> target(const Options& o) {
  if (o.impl.empty()) {
    return Target{items::in_process_implementation(), items::reference_declared(),
                  json{{"name", "e2eproof reference (in process)"}}};
  }
  E2E_ASSIGN_OR_RETURN(driver::AdapterOptions ao, audit::adapter_options(o.impl, "[adapter] "));
  // One hello up front: the capabilities decide which items apply, and an
  // incompatible adapter is reported once instead of once per item.
  E2E_ASSIGN_OR_RETURN(auto probe, driver::AdapterProcess::start(ao, "probe", o.seed));
  json hello = probe->hello_result();
  probe->stop();
  const uint64_t seed = o.seed;
  items::Implementation impl{driver::adapter_factory(ao),
                             [ao, seed] { return driver::adapter_vector_implementation(ao, seed); }, {}, ao};
  Target t{std::move(impl), {}, hello.value("implementation", json::object())};
  t.declared.presets = driver::hello_strings(hello, "presets");
  t.declared.hooks = driver::hello_strings(hello, "hooks");
  t.declared.methods = driver::hello_strings(hello, "methods");
  // Vector families count only with the `vector` method (1.1, §4.1).
  const auto& methods = t.declared.methods;
  if (std::find(methods.begin(), methods.end(), "vector") != methods.end()) {
    t.declared.vector_families = driver::hello_strings(hello, "vectors");
  }
  return t;
}

int fail_target(const Error& e) {
  std::cerr << "e2eproof conformance: " << e.to_string() << "\n";
  if (e.code == Errc::kInvalidArgument) return 2;
  return 4;  // no usable hello: the adapter is incompatible or dead on arrival
}

// The items' claim lists come from the shipped registry; one that does not
// load is this tree's bug, reported like a bad input.
int fail_registry(const Error& e) {
  std::cerr << "e2eproof conformance: " << e.to_string() << "\n";
  return 2;
}

int list(const Options& o) {
  auto t = target(o);
  if (!t.ok()) return fail_target(t.error());
  auto listed = items::list_items(t->declared);
  if (!listed.ok()) return fail_registry(listed.error());
  const auto& items = *listed;
  if (o.as_json) {
    json all = json::array();
    for (const auto& i : items) all.push_back(items::to_json(i));
    std::cout << json{{"implementation", t->implementation}, {"items", all}}.dump(2) << "\n";
    return 0;
  }
  for (const auto& i : items) {
    std::cout << i.id << (i.skip.empty() ? "" : "  (skipped: " + i.skip + ")") << "\n";
  }
  return 0;
}

int run(const Options& o) {
  auto t = target(o);
  if (!t.ok()) return fail_target(t.error());
  auto all = items::list_items(t->declared);
  if (!all.ok()) return fail_registry(all.error());
  const auto& listed = *all;
  std::vector<std::string> ids = o.ids;
  if (ids.empty()) {
    for (const auto& i : listed) ids.push_back(i.id);
  }
  items::EngineOptions eo{o.seed, o.cases};
  json results = json::array();
  int code = 0;
  size_t n = 0;
  for (const auto& id : ids) {
    ++n;
    std::cerr << "[" << n << "/" << ids.size() << "] " << id << " ... " << std::flush;
    auto it = std::find_if(listed.begin(), listed.end(), [&](const items::Item& i) { return i.id == id; });
    if (it == listed.end()) {
      std::cerr << "unknown\n";
      std::cerr << "e2eproof conformance: no such item: " << id << " (see `e2eproof conformance list`)\n";
      return 2;
    }
    items::ItemResult r;
    if (!it->skip.empty()) {
      r = items::ItemResult{id, "skip", it->skip, {}, {}, it->claims, json::object()};
    } else {
      auto got = items::run_item(id, t->impl, eo);
      if (!got.ok()) {
        std::cerr << "harness error\n";
        std::cerr << "e2eproof conformance: " << id << ": " << got.error().to_string() << "\n";
        return 3;
      }
      r = std::move(got).value();
    }
    std::cerr << r.status << (r.verdict ? " (" + *r.verdict + ")" : "") << "\n";
    if (r.status == "fail") code = 1;
    if (!o.as_json) std::cout << r.status << "  " << id << "  " << r.message << "\n";
    results.push_back(items::to_json(r));
  }
  if (o.as_json) std::cout << json{{"implementation", t->implementation}, {"results", results}}.dump(2) << "\n";
  return code;
}

void add_common(CLI::App* cmd, Options& o) {
  cmd->add_option("--impl", o.impl,
                  "the adapter command line of the implementation under test, one string split "
                  "like a simple shell (quotes, backslash; no expansion). Default: the reference "
                  "client in this process");
  cmd->add_option("--seed", o.seed, "seed of every item (default 20261123)");
  cmd->add_option("--cases", o.cases, "schedules per property item (default 25)")->check(CLI::Range(1, 100000));
  cmd->add_flag("--json", o.as_json, "print JSON on stdout (what the pytest front door reads)");
}

}  // namespace

void add_conformance_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "conformance",
      "Run the conformance engine's items (sanity, delivery properties, attack cells, vector "
      "families) against "
      "the reference or, with --impl, another implementation's adapter (docs/ADAPTER.md).");
  cmd->require_subcommand(1);
  cmd->footer(
      "Item ids: sanity/<preset>, property/<property>/<preset>, attack/<attack>/<preset>,\n"
      "vectors/<family> (every committed vector file of the family, through the adapter's\n"
      "`vector` method; skipped unless hello declares the family), contract/<case> (one rule of\n"
      "the adapter contract, docs/ADAPTER.md sections 1-4, in raw JSON lines: malformed-line,\n"
      "not-a-request, unknown-method, bad-params, wrong-state, completion, end-of-input,\n"
      "shutdown, hello-versions, hooks),\n"
      "interop/<preset>/<scenario> (implementation and reference devices in one chat),\n"
      "tamper/<preset>/<case> (tampered frames delivered to the implementation),\n"
      "event/<event-kind>/<preset>, state/<preset>/<case> (state across a restart).\n"
      "An item needing a hook hello does not declare is skipped (restarts need state_export\n"
      "and state_import, moving the clock needs clock); a declared hook that answers an error\n"
      "fails the item.\n"
      "Scenario items run reference-only first as their control.\n"
      "A property recording a documented weakness passes either way (absent: \"stronger than\n"
      "the document\").\n"
      "An attack item passes when its verdict is at least as good for users as the reference's\n"
      "(BREAKS < DOCUMENTED < NOTICED < BLOCKED).\n"
      "Exit codes: 0 all passed or skipped, 1 an item failed, 2 usage error or unknown item,\n"
      "3 harness error (an adapter died mid-run), 4 adapter incompatible.");
  auto* list_cmd = cmd->add_subcommand("list", "List the items and which ones this implementation skips.");
  add_common(list_cmd, *opts);
  list_cmd->callback([opts, &exit_code] { exit_code = list(*opts); });
  auto* run_cmd = cmd->add_subcommand("run", "Run items (all of them when none is named).");
  add_common(run_cmd, *opts);
  run_cmd->add_option("items", opts->ids, "item ids to run (default: every item)");
  run_cmd->callback([opts, &exit_code] { exit_code = run(*opts); });
  add_matrix_command(*cmd, exit_code);
}

}  // namespace e2e::cli
