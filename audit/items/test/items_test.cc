// The conformance items on the in-process reference: the reference meets its
// own bars exactly (the expected verdicts of each attack's registration), ids are unique and
// stable, undeclared presets and vector families are skipped, and a vectors
// item fails for an implementation that gets one output byte wrong.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "attacks/attack_spec.h"
#include "items/contract_items.h"
#include "items/items.h"
#include "protocol/preset.h"

namespace e2e::items {
namespace {

using attacks::Verdict;


TEST(Items, IdsAreUniqueAndEveryPresetIsCovered) {
  const auto listed = list_items(reference_declared());
  ASSERT_TRUE(listed.ok()) << listed.error();
  const auto& all = *listed;
  std::set<std::string> ids;
  for (const auto& i : all) {
    EXPECT_TRUE(ids.insert(i.id).second) << "duplicate id " << i.id;
    EXPECT_TRUE(i.skip.empty()) << i.id;
  }
  for (const auto& p : proto::preset_names()) {
    EXPECT_TRUE(ids.count("sanity/" + p)) << p;
    EXPECT_TRUE(ids.count("attack/B01/" + p)) << p;
  }
  for (const auto& fam : {"envelope_hardened", "frames", "invites", "ecies_wrap"}) {
    EXPECT_TRUE(ids.count(std::string("vectors/") + fam)) << fam;
  }
}

// An item's claims are the registry's claims citing that attack on that
// preset: A01 on eleven is evidence for ELEVEN-05, and nothing on arthas
// cites it (it is N/A there).
TEST(Items, ClaimsComeFromTheRegistry) {
  const auto listed = list_items(reference_declared());
  ASSERT_TRUE(listed.ok()) << listed.error();
  for (const auto& i : *listed) {
    if (i.id == "attack/A01/eleven") {
      EXPECT_NE(std::find(i.claims.begin(), i.claims.end(), "ELEVEN-05"), i.claims.end());
      for (const auto& c : i.claims) EXPECT_EQ(c.rfind("ELEVEN-", 0), 0u) << c;
    }
    if (i.id == "attack/A01/arthas") {
      EXPECT_TRUE(i.claims.empty());
    }
  }
}

TEST(Items, UndeclaredPresetsAreSkippedWithAReason) {
  const auto listed = list_items({{"hardened"}, {"frames"}, reference_declared().hooks, {}});
  ASSERT_TRUE(listed.ok()) << listed.error();
  for (const auto& i : *listed) {
    if (i.preset == "hardened" || i.id == "vectors/frames" || i.kind == "contract") {
      EXPECT_TRUE(i.skip.empty()) << i.id;
    } else {
      EXPECT_NE(i.skip.find("not declared"), std::string::npos) << i.id;
    }
  }
}

TEST(Items, UnknownIdsAreNotFound) {
  const EngineOptions o;
  for (const char* id : {"", "sanity", "sanity/nosuch", "attack/Z99/hardened", "attack/B01",
                         "property/nosuch/hardened", "nosuch/hardened", "vectors/nosuch", "vectors"}) {
    auto r = run_item(id, in_process_implementation(), o);
    ASSERT_FALSE(r.ok()) << id;
    EXPECT_EQ(r.code(), Errc::kNotFound) << id;
  }
}

// Every attack cell of the reference equals its bar: a change in the client
// or the scenarios that moves a verdict must update the table on purpose.
TEST(Items, TheReferenceMeetsItsBarsExactly) {
  const EngineOptions o;
  for (const attacks::AttackSpec* s : attacks::registered_attacks()) {
    for (const auto& p : proto::preset_names()) {
      const std::string id = "attack/" + s->id + "/" + p;
      auto r = run_item(id, in_process_implementation(), o);
      ASSERT_TRUE(r.ok()) << id << ": " << r.error();
      const auto bar = attacks::expected_verdict(*s, p);
      ASSERT_TRUE(bar.has_value()) << id << " has no expected verdict in its registration";
      EXPECT_EQ(r->verdict.value_or("?"), attacks::verdict_name(*bar)) << id;
      EXPECT_EQ(r->status, "pass") << id << ": " << r->message;
    }
  }
}

TEST(Items, SanityPassesOnEveryPreset) {
  for (const auto& p : proto::preset_names()) {
    auto r = run_item("sanity/" + p, in_process_implementation(), EngineOptions{});
    ASSERT_TRUE(r.ok()) << p << ": " << r.error();
    EXPECT_EQ(r->status, "pass") << p << ": " << r->message;
  }
}

// A device that cannot start is a harness error of the item (the world
// returns it; nothing aborts), not a failed sanity check.
TEST(Items, ADriverThatCannotStartIsAHarnessError) {
  Implementation impl = in_process_implementation();
  impl.drivers = [inner = impl.drivers](const driver::DeviceSpec& spec) -> Result<std::unique_ptr<driver::Driver>> {
    if (spec.device == "bob") return make_error(Errc::kIo, "adapter for bob exited");
    return inner(spec);
  };
  auto r = run_item("sanity/hardened", impl, EngineOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), Errc::kIo);
  EXPECT_NE(r.error().detail.find("driver for bob failed to start"), std::string::npos) << r.error();
}

// Code reading an implementation's output that throws (say, on a body
// without the field it expects) gives a harness error, not an abort.
TEST(Items, AThrowIsAHarnessErrorNotAnAbort) {
  Implementation impl = in_process_implementation();
  impl.drivers = [](const driver::DeviceSpec&) -> Result<std::unique_ptr<driver::Driver>> {
    throw std::runtime_error("a body without iv");
  };
  auto r = run_item("sanity/arthas", impl, EngineOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), Errc::kInternal);
  EXPECT_NE(r.error().detail.find("sanity/arthas: the engine failed on the implementation's output: a body without iv"),
            std::string::npos)
      << r.error();
}

TEST(Items, EveryVectorFamilyPassesOnTheReference) {
  const auto listed = list_items(reference_declared());
  ASSERT_TRUE(listed.ok()) << listed.error();
  for (const auto& i : *listed) {
    if (i.kind != "vectors") continue;
    auto r = run_item(i.id, in_process_implementation(), EngineOptions{});
    ASSERT_TRUE(r.ok()) << i.id << ": " << r.error();
    EXPECT_EQ(r->status, "pass") << i.id << ": " << r->message;
  }
}

// An implementation whose ECIES wrap gets one bit of `ct` wrong fails the
// vectors item, and the evidence names the case.
TEST(Items, AVectorsItemFailsOnOneWrongOutputByte) {
  Implementation impl = in_process_implementation();
  impl.vectors = [] {
    vectors::Implementation vi = vectors::reference_implementation();
    vi.run = [](std::string_view op, const nlohmann::json& in) -> Result<nlohmann::json> {
      auto out = vectors::run_reference_op(op, in);
      if (out.ok() && op == "ecies_wrap") {
        std::string ct = (*out)["ct"].get<std::string>();
        ct.back() = ct.back() == '0' ? '1' : '0';
        (*out)["ct"] = ct;
      }
      return out;
    };
    return Result<vectors::Implementation>(std::move(vi));
  };
  auto r = run_item("vectors/ecies_wrap", impl, EngineOptions{});
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->status, "fail");
  EXPECT_NE(r->message.find("output differs: ct"), std::string::npos) << r->message;
  EXPECT_FALSE(r->evidence["files"][0]["failures"].empty());
  // The other families do not use the broken operation.
  auto other = run_item("vectors/frames", impl, EngineOptions{});
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->status, "pass");
}

// A runner that cannot reach its implementation is a harness error, not a
// failed item.
TEST(Items, ADeadVectorRunnerIsAHarnessError) {
  Implementation impl = in_process_implementation();
  impl.vectors = [] {
    vectors::Implementation vi = vectors::reference_implementation();
    vi.run = [](std::string_view, const nlohmann::json&) -> Result<nlohmann::json> {
      throw vectors::HarnessError("adapter exited");
    };
    return Result<vectors::Implementation>(std::move(vi));
  };
  auto r = run_item("vectors/padding", impl, EngineOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), Errc::kIo);
}

// ---- hooks: declared ones honoured, undeclared ones skipped --------------------

Implementation misbehaving(const std::string& mode) {
  driver::AdapterOptions o;
  o.argv = {"/usr/bin/python3", MISBEHAVING_ADAPTER, mode, E2EPROOF_BIN};
  o.request_timeout_ms = 5'000;
  Implementation impl = in_process_implementation();
  impl.drivers = driver::adapter_factory(o);
  impl.adapter = o;
  return impl;
}

TEST(Items, ItemsNeedingUndeclaredHooksAreSkippedWithTheReason) {
  Declared d = reference_declared();
  d.hooks = {"state_export", "state_import"};  // no clock
  auto listed = list_items(d);
  ASSERT_TRUE(listed.ok()) << listed.error();
  size_t skipped = 0;
  for (const auto& i : *listed) {
    const bool moves_clock = i.id.rfind("attack/B01/", 0) == 0 || i.id.rfind("attack/G03/", 0) == 0;
    if (moves_clock) {
      EXPECT_EQ(i.skip, "needs hook clock, not declared by the implementation") << i.id;
      ++skipped;
    } else {
      EXPECT_TRUE(i.skip.empty()) << i.id << ": " << i.skip;
    }
  }
  EXPECT_EQ(skipped, 2 * proto::preset_names().size());
  // The listing's JSON says what each item needs.
  for (const auto& i : *listed) {
    if (i.id == "attack/B01/hardened") {
      EXPECT_EQ(to_json(i)["hooks"], nlohmann::json({"clock", "state_export", "state_import"}));
    }
    if (i.id == "sanity/hardened") {
      EXPECT_FALSE(to_json(i).contains("hooks"));
    }
  }
  d.hooks = {"clock"};
  listed = list_items(d);
  ASSERT_TRUE(listed.ok());
  for (const auto& i : *listed) {
    if (i.kind == "property") {
      EXPECT_EQ(i.skip, "needs hook state_export, not declared by the implementation") << i.id;
    }
    if (i.kind == "sanity" || i.kind == "contract" || i.kind == "vectors") {
      EXPECT_TRUE(i.skip.empty()) << i.id;
    }
  }
}

// A declared hook that answers an error is a failed item, not a harness error.
TEST(Items, ARefusedDeclaredHookFailsTheItem) {
  auto r = run_item("sanity/arthas", misbehaving("refuse-clock"), EngineOptions{});
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->status, "fail");
  EXPECT_NE(r->message.find("declared hook refused: 'set_clock' answered by alice's adapter"), std::string::npos)
      << r->message;
}

// Without hook clock the engine never sends set_clock (the adapter would
// exit 3 on one), and a chat still works.
TEST(Items, NoClockHookNoSetClock) {
  auto r = run_item("sanity/eleven", misbehaving("no-clock"), EngineOptions{});
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->status, "pass") << r->message;
}

// ---- contract items ------------------------------------------------------------

TEST(Items, TheReferencePassesEveryContractItem) {
  Implementation impl = in_process_implementation();
  driver::AdapterOptions o;
  o.argv = {E2EPROOF_BIN, "adapter"};
  impl.adapter = o;
  ASSERT_EQ(contract_cases().size(), 10u);
  for (const auto& c : contract_cases()) {
    auto r = run_item(c.id, impl, EngineOptions{});
    ASSERT_TRUE(r.ok()) << c.id << ": " << r.error();
    EXPECT_EQ(r->status, "pass") << c.id << ": " << r->message;
  }
}

TEST(Items, BrokenAdaptersFailTheirContractItems) {
  struct Expect {
    const char* mode;
    const char* item;
    const char* needle;
  };
  const Expect cases[] = {
      {"lenient", "contract/malformed-line", "not JSON (before hello): sent 'this is not JSON', expected error 'invalid_params' with id null"},
      {"lenient", "contract/not-a-request", "an array: sent"},
      {"lenient", "contract/unknown-method", "an unknown method after hello"},
      {"late-events", "contract/completion", "register: its frame must come as a transmit event before the response"},
      {"linger", "contract/shutdown", "shutdown: stdout still open"},
      {"refuse-clock", "contract/hooks", "set_clock before create_device (hook clock declared)"},
  };
  for (const auto& e : cases) {
    auto r = run_item(e.item, misbehaving(e.mode), EngineOptions{});
    ASSERT_TRUE(r.ok()) << e.mode << " " << e.item << ": " << r.error();
    EXPECT_EQ(r->status, "fail") << e.mode << " " << e.item;
    EXPECT_NE(r->message.find(e.needle), std::string::npos) << e.mode << " " << e.item << ": " << r->message;
  }
  // A broken adapter still passes the rules it keeps.
  auto kept = run_item("contract/wrong-state", misbehaving("late-events"), EngineOptions{});
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->status, "pass") << kept->message;
}

}  // namespace
}  // namespace e2e::items
