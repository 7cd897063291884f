// attacks/README.md's table of the registered attacks, rendered from the
// registrations, so the README cannot drift from what is built. The README
// holds it between the two marker lines; a unit test fails (and prints the
// fresh table) when the committed README differs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace e2e::attacks {

inline constexpr std::string_view kTableBegin = "<!-- attack-table:begin (generated: markdown_table()) -->";
inline constexpr std::string_view kTableEnd = "<!-- attack-table:end -->";

// markdown_table: one row per registered attack: id, catalog title, its
// variants, what it needs, and the reference's expected verdict per preset.
// Ends with a newline. Never fails.
std::string markdown_table();

// table_in_readme: the text between the marker lines of |readme| (without
// them), or nullopt when either marker is missing.
std::optional<std::string> table_in_readme(std::string_view readme);

}  // namespace e2e::attacks
