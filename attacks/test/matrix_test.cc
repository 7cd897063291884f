// The whole matrix (every registered attack on every preset) runs without a
// harness error, every cell meets its expected verdict, and every outcome
// carries the evidence shape of the contract and only the observations its
// variant registers. With E2E_ATTACKS_MATRIX_OUT set, the outcomes are
// written there as JSON.
#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "attack_test_util.h"

namespace e2e::attacks {
namespace {
using namespace testing;

const VariantSpec* variant_spec(const AttackSpec& s, const std::string& name) {
  for (const auto& v : s.variants) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

TEST(AttackMatrix, EveryCellRunsWithEvidenceAndMeetsItsBar) {
  nlohmann::json all = nlohmann::json::array();
  for (const AttackSpec* s : registered_attacks()) {
    for (const auto& name : proto::preset_names()) {
      auto os = outcomes(s->id, preset(name), 1);
      ASSERT_FALSE(os.empty()) << s->id << " " << name;
      const auto bar = expected_verdict(*s, name);
      ASSERT_TRUE(bar.has_value()) << s->id << " " << name;
      EXPECT_EQ(combine(os), *bar) << s->id << " on " << name << "\n" << dump(os);
      ASSERT_EQ(os.size(), s->variants.size()) << s->id << " " << name;
      for (size_t i = 0; i < os.size(); ++i) {
        const Outcome& o = os[i];
        EXPECT_EQ(o.variant, s->variants[i].name) << s->id << ": outcomes in the registered variant order";
        const VariantSpec* v = variant_spec(*s, o.variant);
        ASSERT_NE(v, nullptr) << s->id << " " << o.variant;
        if (o.verdict == Verdict::kNotApplicable) {
          EXPECT_TRUE(o.observations.empty()) << s->id << " " << o.variant << ": N/A records nothing";
        } else {
          EXPECT_TRUE(o.evidence.contains("attacker")) << s->id << " " << o.variant;
          EXPECT_TRUE(o.evidence.contains("clients")) << s->id << " " << o.variant;
          EXPECT_TRUE(o.evidence.contains("steps")) << s->id << " " << o.variant;
          EXPECT_FALSE(o.observations.empty()) << s->id << " " << o.variant;
        }
        for (const auto& ob : o.observations) {
          const std::string key = observation_key(ob);
          EXPECT_NE(std::find(v->records.begin(), v->records.end(), key), v->records.end())
              << s->id << " " << o.variant << " recorded " << key << ", which its registration does not list";
        }
        EXPECT_FALSE(o.summary.empty());
        nlohmann::json obs = nlohmann::json::array();
        for (const auto& ob : o.observations) obs.push_back(to_json(ob));
        all.push_back({{"attack", o.attack}, {"preset", o.preset}, {"variant", o.variant},
                       {"verdict", verdict_name(o.verdict)}, {"summary", o.summary}, {"observations", obs},
                       {"evidence", o.evidence}});
      }
    }
  }
  if (const char* out = std::getenv("E2E_ATTACKS_MATRIX_OUT")) std::ofstream(out) << all.dump(1) << "\n";
}

}  // namespace
}  // namespace e2e::attacks
