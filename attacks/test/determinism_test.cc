// Same seed, same outcomes: every scenario on every preset, compared as JSON.
#include "attack_test_util.h"

namespace e2e::attacks {
namespace {
using namespace testing;

nlohmann::json as_json(const std::vector<Outcome>& os) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& o : os) {
    j.push_back({{"attack", o.attack}, {"variant", o.variant}, {"preset", o.preset},
                 {"verdict", verdict_name(o.verdict)}, {"summary", o.summary}, {"evidence", o.evidence}});
  }
  return j;
}

TEST(AttackDeterminism, SameSeedSameOutcomes) {
  for (const Scenario& s : scenarios()) {
    for (const auto& name : proto::preset_names()) {
      auto first = outcomes(s.run, preset(name), 7);
      auto second = outcomes(s.run, preset(name), 7);
      EXPECT_EQ(as_json(first).dump(), as_json(second).dump()) << s.id << " on " << name;
      for (const auto& o : first) {
        EXPECT_EQ(o.attack, s.id);
        EXPECT_EQ(o.preset, name);
      }
    }
  }
}

TEST(AttackCatalog, ScenariosInCatalogOrder) {
  std::vector<std::string> ids;
  for (const Scenario& s : scenarios()) ids.push_back(s.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"A01", "A03", "B01", "G03"}));
}

TEST(AttackCatalog, CombinePrefersTheAttackersBest) {
  auto o = [](Verdict v) { Outcome x; x.verdict = v; return x; };
  EXPECT_EQ(combine({}), Verdict::kNotApplicable);
  EXPECT_EQ(combine({o(Verdict::kBlocked), o(Verdict::kDocumented)}), Verdict::kDocumented);
  EXPECT_EQ(combine({o(Verdict::kDocumented), o(Verdict::kNoticed)}), Verdict::kDocumented);
  EXPECT_EQ(combine({o(Verdict::kNoticed), o(Verdict::kBreaks), o(Verdict::kNotApplicable)}), Verdict::kBreaks);
  EXPECT_EQ(verdict_name(Verdict::kNotApplicable), "N/A");
}

}  // namespace
}  // namespace e2e::attacks
