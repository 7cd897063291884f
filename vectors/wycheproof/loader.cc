#include "wycheproof/loader.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>

#include "common/encoding.h"
#include "crypto/sha256.h"

namespace e2e::wycheproof {
namespace {

using nlohmann::json;

// sha256_hex identifies the exact file that was run, for the report.
std::string sha256_hex(std::string_view text) { return hex_encode(crypto::sha256(as_bytes(text))); }

FileResult<Expected> parse_result(const Fields& test) {
  E2E_ASSIGN_OR_RETURN(std::string r, test.string("result"));
  if (r == "valid") return Expected::kValid;
  if (r == "invalid") return Expected::kInvalid;
  if (r == "acceptable") return Expected::kAcceptable;
  return test.error(Problem::kUnknownResult, "result",
                    "unknown result \"" + r + "\" (expected valid, invalid or acceptable)");
}

FileResult<std::vector<std::string>> parse_flags(const Fields& test, const VectorFile& file) {
  E2E_ASSIGN_OR_RETURN(const json* arr, test.array("flags"));
  std::vector<std::string> flags;
  for (size_t i = 0; i < arr->size(); ++i) {
    const json& f = (*arr)[i];
    std::string field = "flags[" + std::to_string(i) + "]";
    if (!f.is_string()) {
      return test.error(Problem::kWrongType, field,
                        "expected a string, found " + json_type_name(f));
    }
    const auto& name = f.get_ref<const std::string&>();
    if (file.bug_types.find(name) == file.bug_types.end()) {
      return test.error(Problem::kUnknownFlag, field,
                        "flag \"" + name + "\" has no entry in notes");
    }
    flags.push_back(name);
  }
  return flags;
}

FileStatus parse_notes(const Fields& top, VectorFile& file) {
  E2E_ASSIGN_OR_RETURN(Fields notes, top.nested("notes"));
  for (auto it = notes.node().begin(); it != notes.node().end(); ++it) {
    if (!it->is_object()) {
      return notes.error(Problem::kWrongType, it.key(),
                         "expected an object, found " + json_type_name(*it));
    }
    std::string bug_type;
    Fields note(*it, top.location(), "notes." + it.key() + ".");
    if (note.has("bugType")) {
      E2E_ASSIGN_OR_RETURN(bug_type, note.string("bugType"));
    }
    file.bug_types.emplace(it.key(), std::move(bug_type));
  }
  return {};
}

FileStatus parse_header(const Fields& top, VectorFile& file) {
  E2E_ASSIGN_OR_RETURN(file.schema, top.string("schema"));
  file.family = find_family(file.schema);
  if (file.family == nullptr) {
    return top.error(
        Problem::kUnknownSchema, "schema",
        "unknown schema \"" + file.schema + "\" (run `e2eproof wycheproof --help` for the list)");
  }
  E2E_ASSIGN_OR_RETURN(file.algorithm, top.string("algorithm"));
  if (!file.family->supports(file.algorithm)) {
    if (file.family->belongs(file.algorithm)) {
      return top.error(Problem::kUnsupported, "algorithm",
                       "unsupported algorithm \"" + file.algorithm + "\" for " + file.schema);
    }
    std::string expected;
    for (std::string_view a : file.family->algorithms) {
      expected += (expected.empty() ? "" : ", ") + std::string(a);
    }
    return top.error(Problem::kAlgorithmMismatch, "algorithm",
                     "algorithm \"" + file.algorithm + "\" does not match schema " + file.schema +
                         " (expected " + expected + ")");
  }
  return parse_notes(top, file);
}

FileStatus parse_group(const json& g, size_t index, VectorFile& file,
                       std::unordered_map<int64_t, size_t>& seen) {
  Fields group(g, file.location(index));
  if (!g.is_object()) {
    return file.location(index).error(Problem::kWrongType,
                                      "testGroups[" + std::to_string(index) + "]",
                                      "expected an object, found " + json_type_name(g));
  }
  E2E_ASSIGN_OR_RETURN(std::string type, group.string("type"));
  if (type != file.family->group_type) {
    return group.error(Problem::kBadValue, "type",
                       "group type \"" + type + "\" does not match schema " + file.schema +
                           " (expected \"" + std::string(file.family->group_type) + "\")");
  }
  E2E_ASSIGN_OR_RETURN(const json* tests, group.array("tests"));
  E2E_TRY(file.family->check_group(file.algorithm, group));

  TestGroup out;
  out.index = index;
  out.json = &g;
  for (size_t i = 0; i < tests->size(); ++i) {
    const json& t = (*tests)[i];
    Location loc = file.location(index);
    if (!t.is_object()) {
      return loc.error(Problem::kWrongType, "tests[" + std::to_string(i) + "]",
                       "expected an object, found " + json_type_name(t));
    }
    Fields test(t, loc);
    TestCase tc;
    tc.json = &t;
    E2E_ASSIGN_OR_RETURN(tc.tc_id, test.integer("tcId"));
    loc.tc_id = tc.tc_id;
    test = Fields(t, loc);
    auto [prev, inserted] = seen.emplace(tc.tc_id, index);
    if (!inserted) {
      return test.error(
          Problem::kDuplicateTcId, "tcId",
          "duplicate tcId (first seen in group " + std::to_string(prev->second) + ")");
    }
    E2E_ASSIGN_OR_RETURN(tc.comment, test.string("comment"));
    E2E_ASSIGN_OR_RETURN(tc.flags, parse_flags(test, file));
    E2E_ASSIGN_OR_RETURN(tc.result, parse_result(test));
    out.tests.push_back(std::move(tc));
  }
  file.groups.push_back(std::move(out));
  return {};
}

}  // namespace

size_t VectorFile::test_count() const {
  size_t n = 0;
  for (const TestGroup& g : groups) n += g.tests.size();
  return n;
}

Location VectorFile::location(std::optional<size_t> group, std::optional<int64_t> tc_id) const {
  return Location{path, group, tc_id};
}

FileResult<VectorFile> parse_vector_file(std::string_view text, const std::string& path) {
  VectorFile file;
  file.path = path;
  file.name = std::filesystem::path(path).filename().string();
  file.sha256 = sha256_hex(text);

  auto doc = std::make_shared<json>();
  try {
    *doc = json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    return file.location().error(Problem::kNotJson, "", std::string("not valid JSON: ") + e.what());
  }
  file.doc = doc;
  if (!doc->is_object()) {
    return file.location().error(Problem::kWrongType, "",
                                 "top level must be an object, found " + json_type_name(*doc));
  }
  Fields top(*doc, file.location());
  E2E_TRY(parse_header(top, file));
  E2E_ASSIGN_OR_RETURN(int64_t declared, top.integer("numberOfTests"));
  E2E_ASSIGN_OR_RETURN(const json* groups, top.array("testGroups"));

  std::unordered_map<int64_t, size_t> seen;
  for (size_t g = 0; g < groups->size(); ++g) {
    E2E_TRY(parse_group((*groups)[g], g, file, seen));
  }
  if (declared < 0 || static_cast<uint64_t>(declared) != file.test_count()) {
    return top.error(Problem::kCountMismatch, "numberOfTests",
                     "numberOfTests is " + std::to_string(declared) + " but the file holds " +
                         std::to_string(file.test_count()) + " tests");
  }
  return file;
}

FileResult<VectorFile> load_vector_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Location{path, {}, {}}.error(Problem::kIo, "", "cannot open file");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return Location{path, {}, {}}.error(Problem::kIo, "", "read error");
  return parse_vector_file(buf.str(), path);
}

}  // namespace e2e::wycheproof
