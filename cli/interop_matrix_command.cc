#include "cli/interop_matrix_command.h"

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "claims/report.h"
#include "items/interop_matrix.h"
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

int run(const Options& o) {
  std::vector<items::MatrixPeer> peers{items::reference_peer()};
  for (const auto& spec : o.impls) {
    const size_t eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size() || spec.substr(0, eq) == "reference") {
      std::cerr << "e2eproof conformance matrix: --impl wants NAME=ARGV with a NAME other than 'reference', got '"
                << spec << "'\n";
      return 2;
    }
    auto p = items::adapter_peer(spec.substr(0, eq), spec.substr(eq + 1), o.seed);
    if (!p.ok()) {
      std::cerr << "e2eproof conformance matrix: " << p.error().to_string() << "\n";
      return p.code() == Errc::kInvalidArgument ? 2 : 4;
    }
    peers.push_back(std::move(p).value());
  }
  const std::vector<std::string> presets = o.presets.empty() ? proto::preset_names() : o.presets;
  for (const auto& name : presets) {
    if (!proto::find_preset(name).ok()) {
      std::cerr << "e2eproof conformance matrix: unknown preset " << name << "\n";
      return 2;
    }
  }
  const audit::InteropRun run =
      items::run_interop_matrix(peers, presets, o.seed, [](const std::string& line) { std::cerr << line << "\n"; });
  int code = 0;
  for (const auto& c : run.cells) {
    if (c.status == "error") code = 3;
    if (c.status == "fail" && code == 0) code = 1;
    if (c.status == "fail" || c.status == "error") std::cerr << "  " << c.implementation << " x " << c.peer << " "
                                                             << c.preset << "/" << c.scenario << ": " << c.message << "\n";
  }
  if (o.as_json) {
    json cells = json::array();
    for (const auto& c : run.cells) {
      cells.push_back({{"implementation", c.implementation}, {"peer", c.peer}, {"preset", c.preset},
                       {"scenario", c.scenario}, {"status", c.status}, {"message", c.message}});
    }
    std::cout << json{{"cells", cells}}.dump(2) << "\n";
  } else {
    audit::write_interop_table(std::cout, run);
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
