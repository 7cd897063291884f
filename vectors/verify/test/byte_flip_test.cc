// Every committed vector file passes, and changing one character of ANY
// recorded output of ANY valid case makes exactly that case fail: the
// verifier compares every output, none is decoration.
#include <gtest/gtest.h>

#include <sstream>

#include "verify/test/test_util.h"
#include "verify/vectors.h"

namespace e2e::vectors {
namespace {

// change_one changes one character and keeps the value well formed where it
// can: a hex digit stays a hex digit, a base64url character stays one. An
// empty byte string gains a byte. Objects (bodies, payloads) change their
// first string value, depth first in key order.
bool change_one(Json& v) {
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    if (s.empty()) {
      s = "00";
    } else {
      s[0] = (s[0] == 'a') ? 'b' : 'a';
    }
    v = s;
    return true;
  }
  if (v.is_object()) {
    for (auto& [key, member] : v.items()) {
      if (change_one(member)) return true;
    }
  }
  return false;
}

TEST(VectorsByteFlip, EveryOutputOfEveryValidCase) {
  const auto files = default_files(E2E_VECTORS_DIR);
  ASSERT_GE(files.size(), 10u);
  size_t changed = 0;
  for (const auto& path : files) {
    SCOPED_TRACE(path.string());
    const FileResult clean = verify_file(path).value();
    ASSERT_EQ(clean.failed, 0u);
    const Json doc = load_json(path).value();
    const Family* fam = find_family(clean.family);
    ASSERT_NE(fam, nullptr);
    for (size_t gi = 0; gi < doc["testGroups"].size(); ++gi) {
      const Json& tests = doc["testGroups"][gi]["tests"];
      for (size_t ti = 0; ti < tests.size(); ++ti) {
        if (tests[ti]["result"] != "valid") continue;
        for (std::string_view field : fam->outputs) {
          const std::string key(field);
          if (!tests[ti].contains(key)) continue;  // padding: a case holds the outputs of its op
          Json copy = doc;
          Json& t = copy["testGroups"][gi]["tests"][ti];
          ASSERT_TRUE(change_one(t[key])) << key;
          const FileResult r = verify_doc(copy, path.filename().string()).value();
          ASSERT_EQ(r.failed, 1u) << "tcId " << t["tcId"] << ": changing " << key << " went unnoticed";
          EXPECT_EQ(r.failures.at(0).tc_id, t["tcId"].get<int64_t>());
          ++changed;
        }
      }
    }
  }
  // Every family contributes; the count keeps a silently shrunken loop visible.
  EXPECT_GE(changed, 60u);
}

TEST(VectorsByteFlip, RunExitsOneOnAChangedOutput) {
  const auto files = default_files(E2E_VECTORS_DIR);
  ASSERT_FALSE(files.empty());
  Json doc = load_json(files.front()).value();
  const Family* fam = find_family(verify_file(files.front()).value().family);
  ASSERT_NE(fam, nullptr);
  bool done = false;
  for (auto& g : doc["testGroups"]) {
    for (auto& t : g["tests"]) {
      for (std::string_view f : fam->outputs) {
        if (!done && t["result"] == "valid" && t.contains(std::string(f))) done = change_one(t[std::string(f)]);
      }
    }
  }
  ASSERT_TRUE(done);
  const auto copy = test::write_temp("flip_" + files.front().filename().string(), doc.dump(1));
  std::ostringstream out, err;
  EXPECT_EQ(run({copy}, out, err), 1) << out.str() << err.str();
}

}  // namespace
}  // namespace e2e::vectors
