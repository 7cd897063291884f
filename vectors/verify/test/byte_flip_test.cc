// Every committed vector file passes, and changing one byte of the first
// valid case's first output makes it fail (exit 1): the verifier really
// compares outputs.
#include <gtest/gtest.h>

#include <sstream>

#include "common/encoding.h"
#include "verify/test/test_util.h"
#include "verify/vectors.h"

namespace e2e::vectors {
namespace {

// flip_string changes one character so the string stays well formed: a hex
// digit for hex fields, a base64url character (not the last) for bodies.
void flip_string(std::string& s) {
  ASSERT_FALSE(s.empty());
  s[0] = (s[0] == 'a') ? 'b' : 'a';
}

TEST(VectorsByteFlip, EveryCommittedFile) {
  const auto files = default_files(E2E_VECTORS_DIR);
  ASSERT_GE(files.size(), 5u);
  for (const auto& path : files) {
    SCOPED_TRACE(path.string());
    const FileResult clean = verify_file(path);
    EXPECT_EQ(clean.failed, 0u);
    Json doc = load_json(path);
    const Family* fam = find_family(clean.family);
    ASSERT_NE(fam, nullptr);
    bool flipped = false;
    for (auto& g : doc["testGroups"]) {
      for (auto& t : g["tests"]) {
        if (flipped || t["result"] != "valid") continue;
        Json& field = t[std::string(fam->first_output)];
        if (field.is_string()) {
          std::string s = field.get<std::string>();
          const std::string before = s;
          flip_string(s);
          ASSERT_NE(s, before);
          field = s;
        } else {
          ASSERT_TRUE(field.is_object());
          std::string s = field["ciphertext"].get<std::string>();
          flip_string(s);
          field["ciphertext"] = s;
        }
        flipped = true;
      }
    }
    ASSERT_TRUE(flipped);
    const auto copy = test::write_temp("flip_" + path.filename().string(), doc.dump(1));
    std::ostringstream out, err;
    EXPECT_EQ(run({copy}, out, err), 1) << out.str() << err.str();
  }
}

}  // namespace
}  // namespace e2e::vectors
