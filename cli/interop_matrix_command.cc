#include "cli/interop_matrix_command.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "claims/command_line.h"
#include "driver/adapter_process.h"
#include "items/scenario_items.h"
#include "protocol/preset.h"

namespace e2e::cli {
namespace {

using nlohmann::json;

struct Options {
  std::vector<std::string> impls;  // NAME=ARGV
  std::vector<std::string> presets;
  uint64_t seed = 20261123;
  bool as_json = false;
};

struct Peer {
  std::string name;
  driver::DriverFactory factory;
  std::vector<std::string> presets;  // as its hello declares them
};

Result<Peer> peer_of(const std::string& spec, uint64_t seed) {
  const size_t eq = spec.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
    return make_error(Errc::kInvalidArgument, "--impl wants NAME=ARGV, got '" + spec + "'");
  }
  Peer p;
  p.name = spec.substr(0, eq);
  if (p.name == "reference") return make_error(Errc::kInvalidArgument, "--impl: the name 'reference' is taken");
  E2E_ASSIGN_OR_RETURN(driver::AdapterOptions ao, audit::adapter_options(spec.substr(eq + 1), "[" + p.name + "] "));
  E2E_ASSIGN_OR_RETURN(auto probe, driver::AdapterProcess::start(ao, "probe", seed));
  const json caps = probe->hello_result().value("capabilities", json::object());
  probe->stop();
  for (const auto& v : caps.value("presets", json::array())) {
    if (v.is_string()) p.presets.push_back(v.get<std::string>());
  }
  p.factory = driver::adapter_factory(ao);
  return p;
}

bool declares(const Peer& p, const std::string& preset) {
  return std::find(p.presets.begin(), p.presets.end(), preset) != p.presets.end();
}

int run(const Options& o) {
  std::vector<Peer> peers{{"reference", driver::in_process_factory(), proto::preset_names()}};
  for (const auto& spec : o.impls) {
    auto p = peer_of(spec, o.seed);
    if (!p.ok()) {
      std::cerr << "e2eproof conformance matrix: " << p.error().to_string() << "\n";
      return p.code() == Errc::kInvalidArgument ? 2 : 4;
    }
    peers.push_back(std::move(p).value());
  }
  std::vector<std::string> presets = o.presets.empty() ? proto::preset_names() : o.presets;
  for (const auto& name : presets) {
    if (!proto::find_preset(name).ok()) {
      std::cerr << "e2eproof conformance matrix: unknown preset " << name << "\n";
      return 2;
    }
  }
  // cell key: (implementation, peer, preset) -> per-scenario status
  std::map<std::tuple<std::string, std::string, std::string>, json> cells;
  int code = 0;
  const items::EngineOptions eo{o.seed, 1};
  for (const auto& preset_name : presets) {
    const proto::Preset preset = proto::find_preset(preset_name).value();
    for (const Peer& a : peers) {
      for (const Peer& b : peers) {
        json& cell = cells[{a.name, b.name, preset_name}];
        cell = json::object();
        if (!declares(a, preset_name) || !declares(b, preset_name)) continue;
        for (const items::ScenarioItem& s : items::scenario_items()) {
          if (s.kind != "interop" || !std::count(s.presets.begin(), s.presets.end(), preset_name)) continue;
          const std::string id = s.id(preset_name);
          std::cerr << a.name << " x " << b.name << " " << id << " ... " << std::flush;
          const items::Implementation impl{a.factory, {}, b.factory};
          auto r = s.run(id, preset, impl, eo);
          std::string status = r.ok() ? r->status : "error";
          std::cerr << status << "\n";
          if (!r.ok()) {
            std::cerr << "  " << r.error().to_string() << "\n";
            code = 3;
          } else if (r->status == "fail") {
            std::cerr << "  " << r->message << "\n";
            if (code == 0) code = 1;
          }
          cell[s.name] = {{"status", status}, {"message", r.ok() ? r->message : r.error().to_string()}};
        }
      }
    }
  }
  if (o.as_json) {
    json out = json::array();
    for (const auto& [key, cell] : cells) {
      out.push_back({{"implementation", std::get<0>(key)}, {"peer", std::get<1>(key)},
                     {"preset", std::get<2>(key)}, {"scenarios", cell}});
    }
    std::cout << json{{"matrix", out}}.dump(2) << "\n";
    return code;
  }
  std::cout << "| implementation devices x peer devices |";
  for (const auto& p : presets) std::cout << " " << p << " |";
  std::cout << "\n|---|";
  for (size_t i = 0; i < presets.size(); ++i) std::cout << "---|";
  std::cout << "\n";
  for (const Peer& a : peers) {
    for (const Peer& b : peers) {
      std::cout << "| " << a.name << " x " << b.name << " |";
      for (const auto& p : presets) {
        const json& cell = cells[{a.name, b.name, p}];
        if (cell.empty()) {
          std::cout << " not declared |";
          continue;
        }
        size_t pass = 0;
        std::string failed;
        for (const auto& [scenario, r] : cell.items()) {
          if (r["status"] == "pass") {
            ++pass;
          } else {
            failed += (failed.empty() ? "" : ", ") + scenario;
          }
        }
        std::cout << " " << pass << "/" << cell.size() << (failed.empty() ? "" : " (failed: " + failed + ")") << " |";
      }
      std::cout << "\n";
    }
  }
  return code;
}

}  // namespace

void add_matrix_command(CLI::App& conformance, int& exit_code) {
  auto o = std::make_shared<Options>();
  auto* cmd = conformance.add_subcommand(
      "matrix",
      "Run the interop items for every ordered pair of implementations (the in-process reference "
      "and each --impl): the first runs the scenario's implementation devices, the second the rest. "
      "Prints the implementation x peer x preset table (passed/total scenarios per cell).");
  cmd->add_option("--impl", o->impls,
                  "NAME=ARGV: an implementation's adapter command line (docs/ADAPTER.md), repeatable; "
                  "'reference' is always included");
  cmd->add_option("--preset", o->presets, "limit to these presets (repeatable; default: all)");
  cmd->add_option("--seed", o->seed, "seed of every item (default 20261123)");
  cmd->add_flag("--json", o->as_json, "print the matrix as JSON");
  cmd->callback([o, &exit_code] { exit_code = run(*o); });
}

}  // namespace e2e::cli
