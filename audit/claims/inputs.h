// Everything one audit run produced, as plain data. The audit's functions are
// pure over this struct, so tests feed synthetic runs and the CLI the real
// one. An area that was skipped is std::nullopt, which the report says.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "attacks/attack_spec.h"
#include "properties/suite.h"
#include "verify/vectors.h"
#include "wycheproof/report.h"

namespace e2e::audit {

struct RunInfo {
  std::string implementation;  // "reference (in-process)" or the adapter argv
  std::string version;         // the e2eproof version
  std::string started_at;      // ISO 8601 UTC
  double duration_seconds = 0;
  std::string command;         // the command line that reproduces the run
  uint64_t seed = 0;
  size_t cases = 0;
  std::vector<std::string> presets;  // the presets the run covered
};

// One vector file that could not be run (vectors::Malformed and the like).
struct VectorFileError {
  std::string path;
  std::string family;  // the folder name: vectors/<family>/x.json
  std::string message;
};

struct VectorsRun {
  std::vector<vectors::FileResult> files;
  std::vector<VectorFileError> errors;
};

struct PropertiesRun {
  std::vector<properties::PropertyResult> results;
  std::vector<std::string> errors;  // harness errors (a driver died): nothing was judged
};

// An attack on a preset whose harness failed: no verdict could be produced.
struct AttackError {
  std::string attack;
  std::string preset;
  std::string message;
};

struct AttackInfo {
  std::string id;
  std::string title;
  std::vector<std::string> claims;  // claims citing the attack (empty until the registry fills it)
};

struct AttacksRun {
  std::vector<AttackInfo> attacks;  // the scenarios that exist, catalog order
  std::vector<attacks::Cell> cells;
  std::vector<AttackError> errors;
};

// One cell of the interop matrix: one interop scenario on one preset with
// |implementation| on the scenario's implementation devices and |peer| on the
// others (audit/items/interop_matrix.h runs it).
struct InteropCell {
  std::string implementation;
  std::string peer;
  std::string preset;
  std::string scenario;
  std::string status;   // "pass", "fail", "error" (harness), "not declared"
  std::string message;
};
struct InteropRun {
  std::vector<InteropCell> cells;
};

struct AuditInputs {
  RunInfo run;
  std::optional<wycheproof::RunReport> wycheproof;
  std::optional<VectorsRun> vectors;
  std::optional<PropertiesRun> properties;
  std::optional<AttacksRun> attacks;
  std::optional<InteropRun> interop;  // only when another implementation is audited
};

}  // namespace e2e::audit
