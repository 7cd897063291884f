#include "items/interop_matrix.h"

#include <algorithm>

#include "claims/command_line.h"
#include "driver/adapter_process.h"
#include "items/scenario_items.h"
#include "protocol/preset.h"

namespace e2e::items {
namespace {

bool declares(const MatrixPeer& p, const std::string& preset) {
  return std::find(p.presets.begin(), p.presets.end(), preset) != p.presets.end();
}

}  // namespace

MatrixPeer reference_peer() { return {"reference", driver::in_process_factory(), proto::preset_names()}; }

Result<MatrixPeer> adapter_peer(const std::string& name, const std::string& impl, uint64_t seed) {
  E2E_ASSIGN_OR_RETURN(driver::AdapterOptions ao, audit::adapter_options(impl, "[" + name + "] "));
  E2E_ASSIGN_OR_RETURN(auto probe, driver::AdapterProcess::start(ao, "probe", seed));
  MatrixPeer p{name, {}, driver::hello_strings(probe->hello_result(), "presets")};
  probe->stop();
  p.factory = driver::adapter_factory(std::move(ao));
  return p;
}

audit::InteropRun run_interop_matrix(const std::vector<MatrixPeer>& peers, const std::vector<std::string>& presets,
                                     uint64_t seed, const std::function<void(const std::string&)>& progress) {
  audit::InteropRun run;
  const EngineOptions options{seed, 1};
  for (const auto& preset_name : presets) {
    auto preset = proto::find_preset(preset_name);
    if (!preset.ok()) continue;
    for (const MatrixPeer& a : peers) {
      for (const MatrixPeer& b : peers) {
        for (const ScenarioItem& s : scenario_items()) {
          if (s.kind != "interop" || !std::count(s.presets.begin(), s.presets.end(), preset_name)) continue;
          audit::InteropCell cell{a.name, b.name, preset_name, s.name, "not declared", ""};
          if (declares(a, preset_name) && declares(b, preset_name)) {
            const Implementation impl{a.factory, {}, b.factory, {}};
            auto r = s.run(s.id(preset_name), *preset, impl, options);
            cell.status = r.ok() ? r->status : "error";
            cell.message = r.ok() ? r->message : r.error().to_string();
            if (progress) progress(a.name + " x " + b.name + " " + s.id(preset_name) + ": " + cell.status);
          }
          run.cells.push_back(std::move(cell));
        }
      }
    }
  }
  return run;
}

}  // namespace e2e::items
