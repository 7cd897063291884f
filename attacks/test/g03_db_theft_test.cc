// G03 on the reference presets over a real SQLite file, and a leaking mutant.
#include "attack_test_util.h"
#include "mutants.h"

namespace e2e::attacks {
namespace {
using namespace testing;

TEST(G03DbTheft, ContentBlockedEverywhere) {
  for (const auto& name : proto::preset_names()) {
    auto os = outcomes(run_g03_db_theft, preset(name));
    ASSERT_EQ(os.size(), 2u);
    EXPECT_EQ(verdict_of(os, "content"), "BLOCKED") << name << "\n" << dump(os);
  }
}

TEST(G03DbTheft, MetadataAgainstTheDocuments) {
  // The relay stores names, chat ids and rosters: arthas and eleven admit it.
  EXPECT_EQ(verdict_of(outcomes(run_g03_db_theft, preset("arthas")), "metadata"), "DOCUMENTED");
  EXPECT_EQ(verdict_of(outcomes(run_g03_db_theft, preset("eleven")), "metadata"), "DOCUMENTED");
  auto hardened = outcomes(run_g03_db_theft, preset("hardened"));
  EXPECT_EQ(verdict_of(hardened, "metadata"), "BREAKS") << dump(hardened);
  // Positive control for the search itself: the display names are found raw,
  // with file and offset recorded.
  bool name_found = false;
  for (const auto& f : hardened.at(1).evidence["attacker"]["findings"]) {
    if (f["kind"] == "metadata:display-name" && f["encoding"] == "raw") {
      name_found = true;
      EXPECT_TRUE(f.contains("offset"));
      EXPECT_TRUE(f["file"] == "relay.db" || f["file"] == "relay.db-wal");
    }
  }
  EXPECT_TRUE(name_found) << dump(hardened);
}

// Mutant: a client that also posts its plaintext. The sweep must find it.
TEST(G03DbTheft, MutantLeakingPlaintextBreaks) {
  auto os = outcomes(run_g03_db_theft, preset("hardened"), 1, leaky_factory());
  EXPECT_EQ(verdict_of(os, "content"), "BREAKS") << dump(os);
}

}  // namespace
}  // namespace e2e::attacks
