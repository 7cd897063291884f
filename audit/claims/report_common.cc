// Helpers the three writers share, and write_reports.
#include <algorithm>
#include <fstream>
#include <set>

#include "attacks/attack_spec.h"
#include "claims/report.h"
#include "protocol/preset.h"

namespace e2e::audit {
namespace detail {

std::vector<std::string> matrix_presets(const AuditInputs& in) {
  if (!in.run.presets.empty()) return in.run.presets;
  std::set<std::string> seen;
  if (in.attacks) {
    for (const attacks::Cell& c : in.attacks->cells) seen.insert(c.preset);
  }
  std::vector<std::string> out;
  for (const std::string& p : proto::preset_names()) {
    if (seen.erase(p) > 0) out.push_back(p);
  }
  out.insert(out.end(), seen.begin(), seen.end());  // presets the reference does not know, last
  return out;
}

std::vector<std::string> matrix_attacks(const AuditInputs& in) {
  std::vector<std::string> out;
  if (!in.attacks) return out;
  auto add = [&](const std::string& id) {
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  };
  for (const AttackInfo& a : in.attacks->attacks) add(a.id);
  for (const attacks::Cell& c : in.attacks->cells) add(c.attack);
  for (const AttackError& e : in.attacks->errors) add(e.attack);
  std::stable_sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
    const size_t ia = attacks::catalog_index(a), ib = attacks::catalog_index(b);
    return ia != ib ? ia < ib : a < b;
  });
  return out;
}

const attacks::Cell* find_cell(const AuditInputs& in, const std::string& attack, const std::string& preset) {
  if (!in.attacks) return nullptr;
  for (const attacks::Cell& c : in.attacks->cells) {
    if (c.attack == attack && c.preset == preset) return &c;
  }
  return nullptr;
}

const AttackError* find_error(const AuditInputs& in, const std::string& attack, const std::string& preset) {
  if (!in.attacks) return nullptr;
  for (const AttackError& e : in.attacks->errors) {
    if (e.attack == attack && e.preset == preset) return &e;
  }
  return nullptr;
}

std::string attack_title(const AuditInputs& in, const std::string& attack) {
  if (in.attacks) {
    for (const AttackInfo& a : in.attacks->attacks) {
      if (a.id == attack && !a.title.empty()) return a.title;
    }
  }
  return std::string(attacks::catalog_title(attack));
}

std::string utf8_clean(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      const bool control = c < 0x20 && c != '\t' && c != '\n' && c != '\r';
      out.push_back(control || c == 0x7f ? '?' : static_cast<char>(c));
      ++i;
      continue;
    }
    size_t len = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
    if (c > 0xf4) len = 0;
    bool ok = len > 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
    if (ok && len == 3) {
      // Overlong forms and UTF-16 surrogates are not valid UTF-8.
      const auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(c == 0xe0 && c1 < 0xa0) && !(c == 0xed && c1 >= 0xa0);
    }
    if (ok && len == 4) {
      const auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(c == 0xf0 && c1 < 0x90) && !(c == 0xf4 && c1 >= 0x90);
    }
    if (!ok) {
      out.push_back('?');
      ++i;
      continue;
    }
    out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

}  // namespace detail

Result<void> write_reports(const std::filesystem::path& dir, const Registry& registry,
                           const AuditInputs& inputs, const std::vector<ClaimResult>& claims) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return make_error(Errc::kIo, dir.string() + ": " + ec.message());
  auto write = [&](const char* name, auto&& body) -> Result<void> {
    const std::filesystem::path p = dir / name;
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    if (out) body(out);
    out.close();
    if (!out) return make_error(Errc::kIo, p.string() + ": cannot write");
    return ok_result();
  };
  E2E_TRY(write("REPORT.md", [&](std::ostream& o) { write_report_md(o, registry, inputs, claims); }));
  E2E_TRY(write("results.json", [&](std::ostream& o) { write_results_json(o, registry, inputs, claims); }));
  E2E_TRY(write("junit.xml", [&](std::ostream& o) { write_junit_xml(o, inputs, claims); }));
  return ok_result();
}

}  // namespace e2e::audit
