// Strict reading of e2eproof-vectors files, the replay Rng, and the run/table.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <set>
#include <sstream>

#include "common/encoding.h"
#include "verify/vectors.h"

namespace e2e::vectors {

std::string Where::prefix() const {
  std::string s = file;
  if (group) s += ": group " + std::to_string(*group);
  if (tc_id) s += ", tcId " + std::to_string(*tc_id);
  return s;
}

Obj::Obj(const Json& j, Where where, std::string what)
    : j_(j), where_(std::move(where)), what_(std::move(what)) {
  if (!j_.is_object()) throw Malformed(where_.prefix() + ": " + what_ + " is not a JSON object");
}

bool Obj::has(std::string_view key) const { return j_.contains(std::string(key)); }

void Obj::fail(std::string_view key, std::string_view why) const {
  throw Malformed(where_.prefix() + ", field '" + std::string(key) + "': " + std::string(why));
}

const Json& Obj::raw(std::string_view key) {
  auto it = j_.find(std::string(key));
  if (it == j_.end()) fail(key, "missing");
  read_.emplace_back(key);
  return *it;
}

const Json& Obj::object(std::string_view key) {
  const Json& v = raw(key);
  if (!v.is_object()) fail(key, "not an object");
  return v;
}

std::string Obj::str(std::string_view key) {
  const Json& v = raw(key);
  if (!v.is_string()) fail(key, "not a string");
  return v.get<std::string>();
}

Bytes Obj::hex(std::string_view key) {
  const std::string s = str(key);
  // Lowercase only: one spelling per byte string.
  for (char c : s) {
    if (c >= 'A' && c <= 'F') fail(key, "hex must be lowercase");
  }
  auto b = hex_decode(s);
  if (!b.ok()) fail(key, "not hex: " + b.error().to_string());
  return std::move(b).value();
}

uint64_t Obj::uint(std::string_view key) {
  const Json& v = raw(key);
  if (!v.is_number_unsigned()) fail(key, "not a non-negative integer");
  return v.get<uint64_t>();
}

std::vector<std::string> Obj::str_list(std::string_view key) {
  const Json& v = raw(key);
  if (!v.is_array()) fail(key, "not an array");
  std::vector<std::string> out;
  for (const auto& e : v) {
    if (!e.is_string()) fail(key, "not an array of strings");
    out.push_back(e.get<std::string>());
  }
  return out;
}

void Obj::done() const {
  for (auto it = j_.begin(); it != j_.end(); ++it) {
    if (std::find(read_.begin(), read_.end(), it.key()) == read_.end()) {
      fail(it.key(), "unknown or unread field in " + what_);
    }
  }
}

void ReplayRng::fill(std::span<uint8_t> out) {
  // A draw the inputs do not hold gets zeros and spoils the run: the
  // construction and the vector disagree, which ok() reports. Never abort:
  // an adapter process answers for inputs it did not choose.
  if (failed_ || next_ >= chunks_.size() || chunks_[next_].size() != out.size()) {
    failed_ = true;
    std::fill(out.begin(), out.end(), uint8_t{0});
    return;
  }
  std::copy(chunks_[next_].begin(), chunks_[next_].end(), out.begin());
  ++next_;
}

void RecordingRng::fill(std::span<uint8_t> out) {
  inner_.fill(out);
  draws_.emplace_back(out.begin(), out.end());
}

std::vector<Bytes> RecordingRng::take() { return std::exchange(draws_, {}); }

std::string errc_string(Errc c) { return std::string(errc_name(c)); }

Result<Json> load_json(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(kUnreadableFile, path.string() + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  Json j = Json::parse(ss.str(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return make_error(kMalformedFile, path.string() + ": not JSON");
  return j;
}

namespace {

Expected parse_expected(Obj& t) {
  const std::string r = t.str("result");
  if (r == "valid") return Expected::kValid;
  if (r == "invalid") return Expected::kInvalid;
  if (r == "acceptable") return Expected::kAcceptable;
  t.fail("result", "must be valid, invalid or acceptable");
}

}  // namespace

Result<FileResult> verify_file(const std::filesystem::path& path, const Implementation& impl) {
  E2E_ASSIGN_OR_RETURN(const Json doc, load_json(path));
  E2E_ASSIGN_OR_RETURN(FileResult res, verify_doc(doc, path.filename().string(), impl));
  res.path = path.string();
  return res;
}

namespace {
// verify_doc_or_throw is verify_doc with the loader's exceptions still in
// flight (Obj and the checkers throw Malformed, a runner HarnessError).
FileResult verify_doc_or_throw(const Json& doc, const std::string& label, const Implementation& impl);
}  // namespace

Result<FileResult> verify_doc(const Json& doc, const std::string& label, const Implementation& impl) {
  try {
    return verify_doc_or_throw(doc, label, impl);
  } catch (const Malformed& e) {
    return make_error(kMalformedFile, e.what());
  } catch (const HarnessError& e) {
    return make_error(kHarnessFailed, e.what());
  }
}

namespace {

FileResult verify_doc_or_throw(const Json& doc, const std::string& label, const Implementation& impl) {
  Where where{label, std::nullopt, std::nullopt};
  Obj top(doc, where, "the file");
  FileResult res;
  res.path = label;
  const std::string schema = top.str("schema");
  const std::string prefix = "e2eproof-vectors/";
  if (schema.rfind(prefix, 0) != 0 || schema.size() < prefix.size() + 3 ||
      schema.substr(schema.size() - 2) != "@1") {
    top.fail("schema", "not e2eproof-vectors/<family>@1: " + schema);
  }
  res.family = schema.substr(prefix.size(), schema.size() - prefix.size() - 2);
  const Family* fam = find_family(res.family);
  if (fam == nullptr) top.fail("schema", "unknown family '" + res.family + "'");
  if (top.str("generator").empty()) top.fail("generator", "empty");
  if (top.str("source") != "docs/PROTOCOL.md v1") top.fail("source", "must be \"docs/PROTOCOL.md v1\"");
  const uint64_t declared = top.uint("numberOfTests");
  const Json& notes = top.object("notes");
  for (auto it = notes.begin(); it != notes.end(); ++it) {
    if (!it.value().is_string()) top.fail("notes", "note '" + it.key() + "' is not a string");
  }
  const Json& groups = top.raw("testGroups");
  if (!groups.is_array() || groups.empty()) top.fail("testGroups", "not a non-empty array");
  top.done();

  std::set<int64_t> ids;
  for (size_t gi = 0; gi < groups.size(); ++gi) {
    Where gw = where;
    gw.group = gi;
    Obj g(groups[gi], gw, "the group");
    const Json& tests = g.raw("tests");
    if (!tests.is_array() || tests.empty()) g.fail("tests", "not a non-empty array");
    Json state = Json::object();
    fam->check_group(g, state);
    g.done();
    for (const auto& tj : tests) {
      Where tw = gw;
      if (tj.is_object() && tj.contains("tcId") && tj["tcId"].is_number_integer()) {
        tw.tc_id = tj["tcId"].get<int64_t>();
      }
      Obj t(tj, tw, "the test");
      const uint64_t id = t.uint("tcId");
      if (!ids.insert(static_cast<int64_t>(id)).second) t.fail("tcId", "duplicate");
      const std::string comment = t.str("comment");
      for (const auto& f : t.str_list("flags")) {
        if (!notes.contains(f)) t.fail("flags", "flag '" + f + "' has no entry in notes");
      }
      const Expected expected = parse_expected(t);
      std::optional<Errc> want_error;
      if (t.has("error")) {
        if (expected != Expected::kInvalid) t.fail("error", "only invalid cases name an error");
        const std::string name = t.str("error");
        want_error = errc_from_name(name);
        if (!want_error) t.fail("error", "unknown error code " + name);
      }
      // Every field is known to the family and well typed before any
      // implementation is asked (C7), whatever the checker reads.
      for (auto it = tj.begin(); it != tj.end(); ++it) {
        const std::string& key = it.key();
        if (key == "tcId" || key == "comment" || key == "flags" || key == "result" || key == "error") continue;
        if (std::find(fam->fields.begin(), fam->fields.end(), key) == fam->fields.end()) {
          t.fail(key, "unknown field in the test");
        }
        read_case_field(t, key);
      }
      const Outcome o = fam->check(t, state, expected, impl.run);
      t.done();
      ++res.tests;
      if (expected == Expected::kValid) ++res.valid;
      if (expected == Expected::kInvalid) ++res.invalid;
      std::string reason;
      if (expected == Expected::kValid) {
        if (!o.accepted) {
          reason = "rejected: " + (o.error ? errc_string(*o.error) : std::string("?")) + " " + o.detail;
        } else if (!o.mismatch.empty()) {
          reason = "output differs: " + o.mismatch;
        }
      } else if (expected == Expected::kInvalid) {
        if (o.accepted) {
          reason = "accepted an invalid case";
        } else if (want_error && !(o.error && impl.same_error(*o.error, *want_error))) {
          reason = "rejected with " + (o.error ? errc_string(*o.error) : std::string("?")) +
                   ", expected " + errc_string(*want_error) + " (" + o.detail + ")";
        }
      } else if (o.accepted && !o.mismatch.empty()) {
        reason = "accepted with a wrong output: " + o.mismatch;
      }
      if (reason.empty()) {
        ++res.passed;
      } else {
        ++res.failed;
        res.failures.push_back({static_cast<int64_t>(id), comment, reason});
      }
    }
  }
  if (declared != res.tests) {
    throw Malformed(where.prefix() + ", field 'numberOfTests': says " + std::to_string(declared) +
                    ", the file has " + std::to_string(res.tests));
  }
  return res;
}

}  // namespace

std::vector<std::filesystem::path> default_files(const std::filesystem::path& vectors_dir) {
  std::vector<std::filesystem::path> out;
  for (const Family& f : families()) {
    const auto dir = vectors_dir / std::string(f.name);
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) continue;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      const std::string name = e.path().filename().string();
      if (!e.is_regular_file() || e.path().extension() != ".json") continue;
      if (name.size() >= 9 && name.substr(name.size() - 9) == "-new.json") continue;
      out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

int run(const std::vector<std::filesystem::path>& files, std::ostream& out, std::ostream& err,
        const Implementation& impl) {
  std::vector<FileResult> results;
  std::vector<std::string> errors;
  for (const auto& p : files) {
    auto r = verify_file(p, impl);
    if (r.ok()) {
      results.push_back(std::move(r).value());
    } else if (r.code() == kHarnessFailed) {
      // The implementation could not be asked at all: no verdict is honest.
      err << "e2eproof vectors: " << p.string() << ": " << r.error().detail << '\n';
      return 3;
    } else {
      errors.push_back(r.error().detail);
    }
  }
  size_t file_w = 5, fam_w = 6;
  for (const auto& r : results) {
    file_w = std::max(file_w, std::filesystem::path(r.path).filename().string().size());
    fam_w = std::max(fam_w, r.family.size());
  }
  auto row = [&](std::string_view file, std::string_view fam, const std::string& tests,
                 const std::string& passed, const std::string& failed, const std::string& valid,
                 const std::string& invalid) {
    out << std::left << std::setw(static_cast<int>(file_w)) << file << "  "
        << std::setw(static_cast<int>(fam_w)) << fam << std::right << "  " << std::setw(6) << tests
        << "  " << std::setw(6) << passed << "  " << std::setw(6) << failed << "  " << std::setw(7)
        << valid << "  " << std::setw(7) << invalid << '\n';
  };
  row("file", "family", "tests", "passed", "failed", "valid", "invalid");
  const size_t width = file_w + fam_w + 2 + 3 * 8 + 2 * 9;
  out << std::string(width, '-') << '\n';
  FileResult total;
  for (const auto& r : results) {
    row(std::filesystem::path(r.path).filename().string(), r.family, std::to_string(r.tests),
        std::to_string(r.passed), std::to_string(r.failed), std::to_string(r.valid),
        std::to_string(r.invalid));
    total.tests += r.tests;
    total.passed += r.passed;
    total.failed += r.failed;
    total.valid += r.valid;
    total.invalid += r.invalid;
  }
  out << std::string(width, '-') << '\n';
  row("total", "", std::to_string(total.tests), std::to_string(total.passed),
      std::to_string(total.failed), std::to_string(total.valid), std::to_string(total.invalid));
  bool any_failed = false;
  for (const auto& r : results) {
    for (const auto& f : r.failures) {
      if (!any_failed) out << "\nFailures:\n";
      any_failed = true;
      out << "  " << std::filesystem::path(r.path).filename().string() << " tcId " << f.tc_id << " ("
          << f.comment << "): " << f.reason << '\n';
    }
  }
  for (const auto& e : errors) err << "e2eproof vectors: " << e << '\n';
  if (files.empty()) {
    err << "e2eproof vectors: no vector files\n";
    return 2;
  }
  if (!errors.empty()) return 2;
  return any_failed ? 1 : 0;
}

}  // namespace e2e::vectors
