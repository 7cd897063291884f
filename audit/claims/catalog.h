// The attack catalog of design/attacks.md §1 as data: every attack id the
// claims registry may cite, with a short title. The registry is validated
// against this list rather than against the implemented scenarios, so a claim
// can already name an attack that is not built yet; the audit then reports
// that evidence as missing until the scenario lands.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace e2e::audit {

struct CatalogEntry {
  std::string_view id;     // "B01"
  std::string_view title;  // "Replay: a random IV does not stop replay"
};

// attack_catalog: the 30 attacks, in catalog order (A01 .. I02).
const std::vector<CatalogEntry>& attack_catalog();

// catalog_title returns the title of |id|, or "" when |id| is not in the catalog.
std::string_view catalog_title(std::string_view id);

// catalog_index orders attacks for reports: the catalog position of |id|, or
// the catalog size for ids outside it (they sort last, by id).
size_t catalog_index(std::string_view id);

}  // namespace e2e::audit
