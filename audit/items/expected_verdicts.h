// What the reference shows for each attack cell: the bar another
// implementation of the same preset must meet. A cell passes when its verdict
// is at least as good for the users as the reference's, in the order
// BREAKS < DOCUMENTED < NOTICED < BLOCKED (an implementation may protect more
// than the design it follows, never less); where the reference shows N/A any
// verdict passes, and N/A where the reference has a verdict fails. A test checks that the reference
// itself still produces exactly this table, so it cannot drift silently.
#pragma once

#include <optional>
#include <string_view>

#include "attacks/scenario.h"

namespace e2e::items {

std::optional<attacks::Verdict> expected_verdict(std::string_view attack, std::string_view preset);

// at_least_as_good: |got| meets |expected| by the rules above.
bool at_least_as_good(attacks::Verdict got, attacks::Verdict expected);

}  // namespace e2e::items
