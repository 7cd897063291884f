// Validation of identifiers and display names (PROTO-FRAME-06).
#pragma once

#include <string_view>

#include "common/result.h"

namespace e2e::proto {

// valid_id: 1..kMaxIdLen characters of [A-Za-z0-9_-].
bool valid_id(std::string_view id);
// valid_name: 1..kMaxNameBytes bytes of valid UTF-8 with no control characters.
bool valid_name(std::string_view name);
// valid_utf8: well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool valid_utf8(std::string_view s);

}  // namespace e2e::proto
