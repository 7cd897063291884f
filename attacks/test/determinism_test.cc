// Same seed, same outcomes: every registered attack on every preset, compared
// as JSON (observations included).
#include "attack_test_util.h"

namespace e2e::attacks {
namespace {
using namespace testing;

nlohmann::json as_json(const std::vector<Outcome>& os) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& o : os) {
    nlohmann::json obs = nlohmann::json::array();
    for (const auto& ob : o.observations) obs.push_back(to_json(ob));
    j.push_back({{"attack", o.attack}, {"variant", o.variant}, {"preset", o.preset},
                 {"verdict", verdict_name(o.verdict)}, {"summary", o.summary}, {"observations", obs},
                 {"evidence", o.evidence}});
  }
  return j;
}

TEST(AttackDeterminism, SameSeedSameOutcomes) {
  for (const AttackSpec* s : registered_attacks()) {
    for (const auto& name : proto::preset_names()) {
      auto first = outcomes(s->id, preset(name), 7);
      auto second = outcomes(s->id, preset(name), 7);
      EXPECT_EQ(as_json(first).dump(), as_json(second).dump()) << s->id << " on " << name;
      for (const auto& o : first) {
        EXPECT_EQ(o.attack, s->id);
        EXPECT_EQ(o.preset, name);
      }
    }
  }
}

TEST(AttackCatalog, CombinePrefersTheAttackersBest) {
  auto o = [](Verdict v) { Outcome x; x.verdict = v; return x; };
  EXPECT_EQ(combine({}), Verdict::kNotApplicable);
  EXPECT_EQ(combine({o(Verdict::kBlocked), o(Verdict::kDocumented)}), Verdict::kDocumented);
  EXPECT_EQ(combine({o(Verdict::kDocumented), o(Verdict::kNoticed)}), Verdict::kDocumented);
  EXPECT_EQ(combine({o(Verdict::kNoticed), o(Verdict::kBreaks), o(Verdict::kNotApplicable)}), Verdict::kBreaks);
  EXPECT_EQ(verdict_name(Verdict::kNotApplicable), "N/A");
}

TEST(AttackCatalog, TheOrderOfVerdictsForUsers) {
  EXPECT_TRUE(at_least_as_good(Verdict::kBlocked, Verdict::kBreaks));
  EXPECT_TRUE(at_least_as_good(Verdict::kNoticed, Verdict::kDocumented));
  EXPECT_TRUE(at_least_as_good(Verdict::kDocumented, Verdict::kBreaks));
  EXPECT_FALSE(at_least_as_good(Verdict::kBreaks, Verdict::kBlocked));
  EXPECT_FALSE(at_least_as_good(Verdict::kNoticed, Verdict::kBlocked));
  EXPECT_FALSE(at_least_as_good(Verdict::kDocumented, Verdict::kNoticed));
  EXPECT_TRUE(at_least_as_good(Verdict::kBreaks, Verdict::kNotApplicable));
  EXPECT_FALSE(at_least_as_good(Verdict::kNotApplicable, Verdict::kBlocked));
}

}  // namespace
}  // namespace e2e::attacks
