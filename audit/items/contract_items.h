// The contract items `contract/<case>`: each exercises one rule of the
// adapter contract (docs/ADAPTER.md §1-4) in raw JSON-line sessions with
// adapter processes of its own, outside World: malformed lines, lines that
// are not requests, unknown methods, bad params, calls in the wrong state
// (and state checked before params), the completion rule, end of input,
// shutdown, version negotiation, and the declared hooks and methods. A failed
// case's message names the sub-check, what was sent and what came back.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "driver/driver.h"
#include "items/items.h"

namespace e2e::items {

struct ContractCase {
  std::string id;     // "contract/malformed-line", ...
  std::string title;
};

// contract_cases: every contract case, in the order they are listed.
const std::vector<ContractCase>& contract_cases();
// is_contract_case: |id| is one of contract_cases().
bool is_contract_case(const std::string& id);

// run_contract_case runs case |id| against the adapter |adapter| starts
// (one or more processes). pass/fail as an ItemResult; an error only when an
// adapter process cannot be started at all (a harness error), kNotFound for
// an unknown case.
Result<ItemResult> run_contract_case(const std::string& id, const driver::AdapterOptions& adapter);

}  // namespace e2e::items
