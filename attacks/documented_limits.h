// Documented limits as data: which successful attack a design's own document
// admits, by claim id (design/claims.md). A scenario whose attack succeeded
// silently asks this table with the preset's claims_prefix; a hit turns
// BREAKS into DOCUMENTED and names the claim in the evidence. Nothing here
// looks at a preset's name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace e2e::attacks {

struct DocumentedLimit {
  std::string attack;         // "A03"
  std::string finding;        // what succeeded, e.g. "first-contact-substitution", "metadata:display-name"
  std::string claims_prefix;  // the document, as Preset::claims_prefix ("ELEVEN")
  std::string claim;          // the claim that admits it ("ELEVEN-16")
  std::string admits;         // our paraphrase of what the document concedes
};

const std::vector<DocumentedLimit>& documented_limits();

// find_documented_limit: the entry for (attack, finding) in the document with
// |claims_prefix|, or nullptr.
const DocumentedLimit* find_documented_limit(std::string_view attack, std::string_view finding,
                                             std::string_view claims_prefix);

}  // namespace e2e::attacks
