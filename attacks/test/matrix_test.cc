// The whole matrix (every scenario on every preset) runs without a harness
// error and every outcome carries the evidence shape of the contract. With
// E2E_ATTACKS_MATRIX_OUT set, the outcomes are written there as JSON (how the
// README's table is produced).
#include <cstdlib>
#include <fstream>

#include "attack_test_util.h"

namespace e2e::attacks {
namespace {
using namespace testing;

TEST(AttackMatrix, EveryCellRunsWithEvidence) {
  nlohmann::json all = nlohmann::json::array();
  for (const Scenario& s : scenarios()) {
    for (const auto& name : proto::preset_names()) {
      auto os = outcomes(s.run, preset(name), 1);
      ASSERT_FALSE(os.empty()) << s.id << " " << name;
      for (const auto& o : os) {
        if (o.verdict != Verdict::kNotApplicable) {
          EXPECT_TRUE(o.evidence.contains("attacker")) << s.id << " " << o.variant;
          EXPECT_TRUE(o.evidence.contains("clients")) << s.id << " " << o.variant;
          EXPECT_TRUE(o.evidence.contains("steps")) << s.id << " " << o.variant;
        }
        EXPECT_FALSE(o.summary.empty());
        all.push_back({{"attack", o.attack}, {"preset", o.preset}, {"variant", o.variant},
                       {"verdict", verdict_name(o.verdict)}, {"summary", o.summary}, {"evidence", o.evidence}});
      }
    }
  }
  if (const char* out = std::getenv("E2E_ATTACKS_MATRIX_OUT")) std::ofstream(out) << all.dump(1) << "\n";
}

}  // namespace
}  // namespace e2e::attacks
