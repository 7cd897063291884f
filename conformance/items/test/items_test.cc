// The conformance items on the in-process reference: the reference meets its
// own bars exactly (so expected_verdicts.cc cannot drift), ids are unique and
// stable, and undeclared presets are skipped.
#include <gtest/gtest.h>

#include <set>

#include "items/expected_verdicts.h"
#include "items/items.h"
#include "protocol/preset.h"

namespace e2e::items {
namespace {

using attacks::Verdict;

TEST(Items, IdsAreUniqueAndEveryPresetIsCovered) {
  const auto all = list_items(proto::preset_names());
  std::set<std::string> ids;
  for (const auto& i : all) {
    EXPECT_TRUE(ids.insert(i.id).second) << "duplicate id " << i.id;
    EXPECT_TRUE(i.skip.empty()) << i.id;
  }
  for (const auto& p : proto::preset_names()) {
    EXPECT_TRUE(ids.count("sanity/" + p)) << p;
    EXPECT_TRUE(ids.count("attack/B01/" + p)) << p;
  }
}

TEST(Items, UndeclaredPresetsAreSkippedWithAReason) {
  for (const auto& i : list_items({"hardened"})) {
    if (i.preset == "hardened") {
      EXPECT_TRUE(i.skip.empty()) << i.id;
    } else {
      EXPECT_NE(i.skip.find("not declared"), std::string::npos) << i.id;
    }
  }
}

TEST(Items, UnknownIdsAreNotFound) {
  const EngineOptions o;
  for (const char* id : {"", "sanity", "sanity/nosuch", "attack/Z99/hardened", "attack/B01",
                         "property/nosuch/hardened", "nosuch/hardened"}) {
    auto r = run_item(id, driver::in_process_factory(), o);
    ASSERT_FALSE(r.ok()) << id;
    EXPECT_EQ(r.code(), Errc::kNotFound) << id;
  }
}

TEST(Items, TheOrderOfVerdictsForUsers) {
  EXPECT_TRUE(at_least_as_good(Verdict::kBlocked, Verdict::kBreaks));
  EXPECT_TRUE(at_least_as_good(Verdict::kNoticed, Verdict::kDocumented));
  EXPECT_TRUE(at_least_as_good(Verdict::kDocumented, Verdict::kBreaks));
  EXPECT_FALSE(at_least_as_good(Verdict::kBreaks, Verdict::kBlocked));
  EXPECT_FALSE(at_least_as_good(Verdict::kNoticed, Verdict::kBlocked));
  EXPECT_FALSE(at_least_as_good(Verdict::kDocumented, Verdict::kNoticed));
  EXPECT_TRUE(at_least_as_good(Verdict::kBreaks, Verdict::kNotApplicable));
  EXPECT_FALSE(at_least_as_good(Verdict::kNotApplicable, Verdict::kBlocked));
}

// Every attack cell of the reference equals its bar: a change in the client
// or the scenarios that moves a verdict must update the table on purpose.
TEST(Items, TheReferenceMeetsItsBarsExactly) {
  const EngineOptions o;
  for (const auto& s : attacks::scenarios()) {
    for (const auto& p : proto::preset_names()) {
      const std::string id = "attack/" + s.id + "/" + p;
      auto r = run_item(id, driver::in_process_factory(), o);
      ASSERT_TRUE(r.ok()) << id << ": " << r.error();
      const auto bar = expected_verdict(s.id, p);
      ASSERT_TRUE(bar.has_value()) << id << " has no bar in expected_verdicts.cc";
      EXPECT_EQ(r->verdict.value_or("?"), attacks::verdict_name(*bar)) << id;
      EXPECT_EQ(r->status, "pass") << id << ": " << r->message;
    }
  }
}

TEST(Items, SanityPassesOnEveryPreset) {
  for (const auto& p : proto::preset_names()) {
    auto r = run_item("sanity/" + p, driver::in_process_factory(), EngineOptions{});
    ASSERT_TRUE(r.ok()) << p << ": " << r.error();
    EXPECT_EQ(r->status, "pass") << p << ": " << r->message;
  }
}

}  // namespace
}  // namespace e2e::items
