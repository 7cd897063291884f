// The registrations: every attack of attacks/scenarios/ is registered once, in
// catalog order, and passes registration_problems(); the checks themselves
// catch a broken entry; the README's table is the generated one.
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "attack_test_util.h"
#include "attacks/attack_table.h"

namespace e2e::attacks {
namespace {
using namespace testing;

// One registration per file of attacks/scenarios/, its id the file's prefix
// ("b01_replay.cc" registers B01), in catalog order.
TEST(AttackRegistration, EveryScenarioFileIsRegisteredInCatalogOrder) {
  std::set<std::string> from_files;
  for (const auto& f : std::filesystem::directory_iterator(E2E_ATTACKS_SCENARIOS)) {
    if (f.path().extension() != ".cc") continue;
    std::string id = f.path().stem().string().substr(0, 3);
    for (char& c : id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    from_files.insert(id);
  }
  std::set<std::string> registered;
  for (const AttackSpec* s : registered_attacks()) registered.insert(s->id);
  EXPECT_EQ(registered, from_files);
  EXPECT_EQ(registered.size(), registered_attacks().size()) << "an id registered twice";
  for (size_t i = 1; i < registered_attacks().size(); ++i) {
    EXPECT_LT(catalog_index(registered_attacks()[i - 1]->id), catalog_index(registered_attacks()[i]->id));
  }
  for (const AttackSpec* s : registered_attacks()) EXPECT_EQ(find_attack(s->id), s);
  EXPECT_EQ(find_attack("Z99"), nullptr);
}

TEST(AttackRegistration, EveryRegistrationIsComplete) {
  const auto problems = registration_problems(registered_attacks());
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  EXPECT_TRUE(problems.empty()) << all;
}

// Each rule of registration_problems() catches the entry that breaks it.
TEST(AttackRegistration, TheChecksCatchBrokenEntries) {
  const AttackSpec good = *find_attack("A03");
  auto problems_of = [](const AttackSpec& s) { return registration_problems({&s}).size(); };
  EXPECT_EQ(problems_of(good), 0u);
  AttackSpec s = good;
  s.id = "Z99";
  EXPECT_GT(problems_of(s), 0u) << "id outside the catalog";
  s = good;
  s.variants.push_back(s.variants.front());
  EXPECT_GT(problems_of(s), 0u) << "repeated variant name";
  s = good;
  s.expected.pop_back();
  EXPECT_GT(problems_of(s), 0u) << "a preset without an expected verdict";
  s = good;
  s.expected.push_back(s.expected.front());
  EXPECT_GT(problems_of(s), 0u) << "a preset with two expected verdicts";
  s = good;
  s.variants[0].records.push_back("attacker.guessed");
  EXPECT_GT(problems_of(s), 0u) << "an observation outside the vocabulary";
  s = good;
  s.variants[0].records.push_back("client.warned");
  EXPECT_GT(problems_of(s), 0u) << "a qualified observation without its qualifier";
  s = good;
  s.limits.push_back({"x", "NOPREFIX", "something"});
  EXPECT_GT(problems_of(s), 0u) << "a limit whose claim id has no prefix";
  EXPECT_GT(registration_problems({&good, &good}).size(), 0u) << "registered twice";
}

TEST(AttackRegistration, CatalogHasThirtyEntries) {
  EXPECT_EQ(attack_catalog().size(), 30u);
  EXPECT_EQ(catalog_index("A01"), 0u);
  EXPECT_EQ(catalog_index("nosuch"), attack_catalog().size());
  EXPECT_EQ(catalog_title("nosuch"), "");
  EXPECT_FALSE(catalog_title("G03").empty());
}

TEST(AttackReadme, TheTableIsTheGeneratedOne) {
  std::ifstream in(E2E_ATTACKS_README);
  ASSERT_TRUE(in.good()) << "cannot read attacks/README.md";
  std::stringstream text;
  text << in.rdbuf();
  const auto committed = table_in_readme(text.str());
  ASSERT_TRUE(committed.has_value()) << "attacks/README.md lacks the markers " << kTableBegin << " / " << kTableEnd;
  EXPECT_EQ(*committed, markdown_table()) << "attacks/README.md is out of date; put this between the markers:\n"
                                          << markdown_table();
}

TEST(AttackReadme, MarkersAreFound) {
  const std::string doc = "x\n" + std::string(kTableBegin) + "\n| t |\n" + std::string(kTableEnd) + "\ny\n";
  EXPECT_EQ(table_in_readme(doc).value_or("?"), "| t |\n");
  EXPECT_FALSE(table_in_readme("no markers").has_value());
}

}  // namespace
}  // namespace e2e::attacks
