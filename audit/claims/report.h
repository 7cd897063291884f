// The three outputs of `e2eproof audit`, as pure functions of the run:
//  REPORT.md    for people (matrix, claims per document, details, assumptions);
//  results.json for machines (schema kResultsSchema);
//  junit.xml    for CI (a finding is a passed testcase; see junit_xml.cc).
// Output is deterministic for equal inputs; only RunInfo's timestamp and
// duration differ between two runs of the same seed.
#pragma once

#include <filesystem>
#include <ostream>
#include <vector>

#include <nlohmann/json.hpp>

#include "claims/claims.h"
#include "claims/inputs.h"
#include "claims/registry.h"
#include "common/result.h"

namespace e2e::audit {

// kResultsSchema: results.json's schema; @2 added per-claim observations,
// reductions and the noticed flag (reports/README.md).
inline constexpr const char* kResultsSchema = "e2eproof/audit-results@2";

void write_report_md(std::ostream& out, const Registry& registry, const AuditInputs& inputs,
                     const std::vector<ClaimResult>& claims);

nlohmann::json results_json(const Registry& registry, const AuditInputs& inputs,
                            const std::vector<ClaimResult>& claims);
void write_results_json(std::ostream& out, const Registry& registry, const AuditInputs& inputs,
                        const std::vector<ClaimResult>& claims);

// write_interop_table: the interop matrix (audit --impl, `conformance
// matrix`) as a Markdown table, implementation x peer x preset with scenarios
// passed of run, then one line per cell that did not pass.
void write_interop_table(std::ostream& out, const InteropRun& run);
void write_junit_xml(std::ostream& out, const AuditInputs& inputs, const std::vector<ClaimResult>& claims);

// write_reports writes REPORT.md, results.json and junit.xml into |dir|
// (created if needed); kIo naming the file on failure.
Result<void> write_reports(const std::filesystem::path& dir, const Registry& registry,
                           const AuditInputs& inputs, const std::vector<ClaimResult>& claims);

// Shared by the writers.
namespace detail {
// matrix_presets: the run's presets, else the presets of the cells, in preset order.
std::vector<std::string> matrix_presets(const AuditInputs& inputs);
// matrix_attacks: the attacks of the run, in catalog order.
std::vector<std::string> matrix_attacks(const AuditInputs& inputs);
const attacks::Cell* find_cell(const AuditInputs& inputs, const std::string& attack, const std::string& preset);
const AttackError* find_error(const AuditInputs& inputs, const std::string& attack, const std::string& preset);
std::string attack_title(const AuditInputs& inputs, const std::string& attack);
// utf8_clean replaces bytes that are not valid UTF-8, and control characters
// other than \t \n \r, with '?', so every writer emits valid text.
std::string utf8_clean(std::string_view s);
}  // namespace detail

}  // namespace e2e::audit
