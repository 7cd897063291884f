#include "wycheproof/report.h"

#include <algorithm>
#include <iomanip>
#include <nlohmann/json.hpp>

namespace e2e::wycheproof {
namespace {

using nlohmann::json;

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

json counts_json(const FileReport& r) {
  return json{
      {"tests", r.tests},
      {"passed", r.passed},
      {"failed", r.failed},
      {"valid", {{"passed", r.valid_passed}, {"failed", r.valid_failed}}},
      {"invalid", {{"passed", r.invalid_passed}, {"failed", r.invalid_failed}}},
      {"acceptable",
       {{"accepted", r.acceptable_accepted},
        {"rejected", r.acceptable_rejected},
        {"failed", r.acceptable_failed}}},
      {"reclassified", {{"passed", r.reclassified_passed}, {"failed", r.reclassified_failed}}},
  };
}

json error_json(const FileError& e) {
  json j = {{"file", e.file},
            {"problem", problem_name(e.problem)},
            {"code", errc_name(e.code())},
            {"message", e.message},
            {"text", e.to_string()}};
  j["group"] = e.group ? json(*e.group) : json(nullptr);
  j["tcId"] = e.tc_id ? json(*e.tc_id) : json(nullptr);
  j["field"] = e.field.empty() ? json(nullptr) : json(e.field);
  return j;
}

}  // namespace

FileReport FileReport::start(const VectorFile& file) {
  FileReport r;
  r.file = file.name;
  r.path = file.path;
  r.algorithm = file.algorithm;
  r.schema = file.schema;
  r.sha256 = file.sha256;
  return r;
}

void FileReport::record(const VectorFile& from, const TestCase& test, const CaseVerdict& v,
                        const std::optional<std::string>& policy) {
  ++tests;
  ++(v.passed ? passed : failed);
  if (policy) {
    ++(v.passed ? reclassified_passed : reclassified_failed);
    reclassified.push_back(Reclassified{test.tc_id, test.comment, test.flags, test.result, *policy, v.passed});
  } else switch (test.result) {
    case Expected::kValid: ++(v.passed ? valid_passed : valid_failed); break;
    case Expected::kInvalid: ++(v.passed ? invalid_passed : invalid_failed); break;
    case Expected::kAcceptable:
      ++(v.accepted ? acceptable_accepted : acceptable_rejected);
      if (!v.passed) ++acceptable_failed;
      for (const auto& flag : test.flags) {
        ++(v.accepted ? acceptable_by_flag[flag].accepted : acceptable_by_flag[flag].rejected);
      }
      break;
  }
  if (v.passed) return;
  Failure f{test.tc_id, test.comment, test.flags, {}, test.result, v.reason};
  for (const auto& flag : test.flags) {
    auto it = from.bug_types.find(flag);
    f.bug_types.push_back(it == from.bug_types.end() ? std::string() : it->second);
  }
  failures.push_back(std::move(f));
}

void FileReport::add(const FileReport& o) {
  tests += o.tests;
  passed += o.passed;
  failed += o.failed;
  valid_passed += o.valid_passed;
  valid_failed += o.valid_failed;
  invalid_passed += o.invalid_passed;
  invalid_failed += o.invalid_failed;
  acceptable_accepted += o.acceptable_accepted;
  acceptable_rejected += o.acceptable_rejected;
  acceptable_failed += o.acceptable_failed;
  reclassified_passed += o.reclassified_passed;
  reclassified_failed += o.reclassified_failed;
}

int RunReport::exit_code() const {
  if (!errors.empty()) return 2;
  for (const auto& f : files) {
    if (f.failed != 0) return 1;
  }
  return 0;
}

FileReport RunReport::total() const {
  FileReport t;
  t.file = "total";
  for (const auto& f : files) t.add(f);
  return t;
}

void print_table(const RunReport& run, std::ostream& out) {
  size_t file_w = std::string_view("total").size();
  size_t alg_w = std::string_view("algorithm").size();
  for (const auto& f : run.files) {
    file_w = std::max(file_w, f.file.size());
    alg_w = std::max(alg_w, f.algorithm.size());
  }
  auto row = [&](std::string_view file, std::string_view alg, const std::string& tests,
                 const std::string& passed, const std::string& failed, const std::string& acc,
                 const std::string& rej, const std::string& recl) {
    out << std::left << std::setw(static_cast<int>(file_w)) << file << "  "
        << std::setw(static_cast<int>(alg_w)) << alg << std::right << "  " << std::setw(6) << tests
        << "  " << std::setw(6) << passed << "  " << std::setw(6) << failed << "  " << std::setw(12)
        << acc << "  " << std::setw(12) << rej << "  " << std::setw(12) << recl << '\n';
  };
  auto counts = [&](const FileReport& r, std::string_view alg) {
    row(r.file, alg, std::to_string(r.tests), std::to_string(r.passed), std::to_string(r.failed),
        std::to_string(r.acceptable_accepted), std::to_string(r.acceptable_rejected),
        std::to_string(r.reclassified_passed + r.reclassified_failed));
  };
  row("file", "algorithm", "tests", "passed", "failed", "acc.accepted", "acc.rejected", "reclassified");
  const size_t width = file_w + alg_w + 2 + 3 * 8 + 3 * 14;
  out << std::string(width, '-') << '\n';
  for (const auto& f : run.files) counts(f, f.algorithm);
  out << std::string(width, '-') << '\n';
  counts(run.total(), "");
}

void print_details(const RunReport& run, std::ostream& out) {
  size_t failures = 0;
  for (const auto& f : run.files) failures += f.failures.size();
  if (failures != 0) {
    out << "\nFailures (" << failures << "):\n";
    for (const auto& f : run.files) {
      for (const auto& x : f.failures) {
        out << "  " << f.file << " tcId " << x.tc_id << " [" << expected_name(x.result);
        if (!x.flags.empty()) out << "; " << join(x.flags, ", ");
        out << "] \"" << x.comment << "\": " << x.reason << '\n';
      }
    }
  }
  size_t reclassified = 0;
  for (const auto& f : run.files) reclassified += f.reclassified.size();
  if (reclassified != 0) {
    out << "\nReclassified as must-refuse by our parameter policy (" << reclassified << "):\n";
    for (const auto& f : run.files) {
      for (const auto& x : f.reclassified) {
        out << "  " << f.file << " tcId " << x.tc_id << " [" << expected_name(x.result);
        if (!x.flags.empty()) out << "; " << join(x.flags, ", ");
        out << "] " << (x.passed ? "refused" : "NOT refused") << ": " << x.reason << '\n';
      }
    }
  }
  bool any_acceptable = false;
  for (const auto& f : run.files) any_acceptable |= !f.acceptable_by_flag.empty();
  if (any_acceptable) {
    out << "\nAcceptable tests by flag (accepted / rejected):\n";
    for (const auto& f : run.files) {
      if (f.acceptable_by_flag.empty()) continue;
      out << "  " << f.file << ":";
      const char* sep = " ";
      for (const auto& [flag, c] : f.acceptable_by_flag) {
        out << sep << flag << " " << c.accepted << "/" << c.rejected;
        sep = ", ";
      }
      out << '\n';
    }
  }
  if (!run.errors.empty()) {
    out << "\nErrors (" << run.errors.size() << " file(s) not run):\n";
    for (const auto& e : run.errors) out << "  " << e.to_string() << '\n';
  }
}

std::string report_json(const RunReport& run, std::string_view version) {
  json files = json::array();
  for (const auto& f : run.files) {
    json j = {{"file", f.file},
              {"path", f.path},
              {"algorithm", f.algorithm},
              {"schema", f.schema},
              {"sha256", f.sha256}};
    j.update(counts_json(f));
    json by_flag = json::object();
    for (const auto& [flag, c] : f.acceptable_by_flag) {
      by_flag[flag] = {{"accepted", c.accepted}, {"rejected", c.rejected}};
    }
    j["acceptable_by_flag"] = std::move(by_flag);
    json failures = json::array();
    for (const auto& x : f.failures) {
      failures.push_back({{"tcId", x.tc_id},
                          {"comment", x.comment},
                          {"flags", x.flags},
                          {"bugTypes", x.bug_types},
                          {"result", expected_name(x.result)},
                          {"reason", x.reason}});
    }
    j["failures"] = std::move(failures);
    json reclassified = json::array();
    for (const auto& x : f.reclassified) {
      reclassified.push_back({{"tcId", x.tc_id},
                              {"comment", x.comment},
                              {"flags", x.flags},
                              {"result", expected_name(x.result)},
                              {"reason", x.reason},
                              {"refused", x.passed}});
    }
    j["reclassified"] = std::move(reclassified);
    files.push_back(std::move(j));
  }
  json errors = json::array();
  for (const auto& e : run.errors) errors.push_back(error_json(e));
  json doc = {{"schema", "e2eproof/wycheproof-report@1"},
              {"tool", "e2eproof wycheproof"},
              {"version", version},
              {"exit_code", run.exit_code()},
              {"total", counts_json(run.total())},
              {"files", std::move(files)},
              {"errors", std::move(errors)}};
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace e2e::wycheproof
