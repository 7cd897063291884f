#include "attacks/attack_table.h"

#include "attacks/attack_spec.h"
#include "protocol/preset.h"

namespace e2e::attacks {

std::string markdown_table() {
  std::string out = "| attack | title | variants | needs |";
  std::string rule = "|---|---|---|---|";
  for (const auto& p : proto::preset_names()) {
    out += " " + p + " |";
    rule += "---|";
  }
  out += "\n" + rule + "\n";
  for (const AttackSpec* s : registered_attacks()) {
    std::string variants;
    for (const auto& v : s->variants) variants += (variants.empty() ? "`" : ", `") + v.name + "`";
    out += "| " + s->id + " | " + std::string(catalog_title(s->id)) + " | " + variants + " | " + s->needs + " |";
    for (const auto& p : proto::preset_names()) {
      const auto v = expected_verdict(*s, p);
      out += " " + (v ? std::string(verdict_name(*v)) : std::string("?")) + " |";
    }
    out += "\n";
  }
  return out;
}

std::optional<std::string> table_in_readme(std::string_view readme) {
  const size_t begin = readme.find(kTableBegin);
  if (begin == std::string_view::npos) return std::nullopt;
  const size_t from = readme.find('\n', begin);
  const size_t end = readme.find(kTableEnd, begin);
  if (from == std::string_view::npos || end == std::string_view::npos || end < from) return std::nullopt;
  return std::string(readme.substr(from + 1, end - from - 1));
}

}  // namespace e2e::attacks
