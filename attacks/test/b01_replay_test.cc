// B01 on the reference presets: verdicts and observations, and the amnesiac
// client as the mutant that must flip them.
#include <nlohmann/json.hpp>

#include "attack_test_util.h"
#include "common/rng.h"
#include "mutants.h"

namespace e2e::attacks {
namespace {
using namespace testing;

const std::vector<std::string> kVariants = {"v1-verbatim",   "v2-fresh-envelope", "v3-after-restart", "v4-late-joiner",
                                            "v5-other-chat", "v6-typing",         "v6-roster"};

// Mutant: after every received frame the client forgets its processed item
// ids and its replay windows (as a client that keeps them only in memory and
// is reloaded between frames would). In-process only.
class Amnesiac final : public Forwarding {
 public:
  Amnesiac(std::unique_ptr<driver::Driver> inner, const driver::DeviceSpec& spec)
      : Forwarding(std::move(inner)), rng_(spec.seed, "mutant/amnesiac/" + spec.device), clock_(spec.clock) {}

  Result<driver::Step> receive(const proto::RelayFrame& f) override {
    E2E_ASSIGN_OR_RETURN(driver::Step step, inner_->receive(f));
    E2E_TRY(forget());
    return step;
  }

 private:
  Result<void> forget() {
    client::Client* c = inner_->in_process();
    if (c == nullptr) return make_error(Errc::kUnsupported, "amnesiac mutant: in-process clients only");
    const SecretBytes saved = c->export_state();
    const ByteView doc = saved.reveal();
    nlohmann::json j = nlohmann::json::parse(doc.begin(), doc.end());
    j["seen"] = nlohmann::json::array();
    for (auto& chat : j["chats"]) {
      if (chat.contains("hardened")) chat["hardened"]["windows"] = nlohmann::json::array();
    }
    const std::string text = j.dump();
    E2E_ASSIGN_OR_RETURN(client::Client fresh, client::Client::import_state(as_bytes(text), rng_, *clock_));
    *c = std::move(fresh);
    return ok_result();
  }

  DeterministicRng rng_;
  const Clock* clock_;
};

driver::DriverFactory amnesiac_factory() {
  return wrapping_factory([](std::unique_ptr<driver::Driver> d, const driver::DeviceSpec& spec) {
    return Result<std::unique_ptr<driver::Driver>>(std::make_unique<Amnesiac>(std::move(d), spec));
  });
}

// Every variant that ran records whether the item was taken again and all
// five warning kinds; N/A records nothing.
void expect_recorded(const std::vector<Outcome>& os) {
  for (const auto& o : os) {
    if (o.verdict == Verdict::kNotApplicable) {
      EXPECT_TRUE(o.observations.empty()) << o.variant;
      continue;
    }
    const int64_t accepted = count_of(os, o.variant, "client.accepted_replay");
    EXPECT_GE(accepted, 0) << o.variant;
    EXPECT_GE(warned_total(os, o.variant), 0) << o.variant;
    EXPECT_EQ(accepted > 0, o.verdict == Verdict::kBreaks || o.verdict == Verdict::kNoticed) << o.variant;
  }
}

TEST(B01Replay, ArthasBreaks) {
  auto os = outcomes("B01", preset("arthas"));
  ASSERT_EQ(os.size(), 7u);
  expect_recorded(os);
  // The relay's item id is deduplicated (PROTO-CLIENT-02): a verbatim copy is
  // refused, but nothing inside the ciphertext is, so a fresh id gets through.
  EXPECT_EQ(verdict_of(os, "v1-verbatim"), "BLOCKED") << dump(os);
  EXPECT_EQ(count_of(os, "v1-verbatim", "client.accepted_replay"), 0);
  for (const char* v : {"v2-fresh-envelope", "v3-after-restart", "v4-late-joiner", "v5-other-chat", "v6-typing",
                        "v6-roster"}) {
    EXPECT_EQ(verdict_of(os, v), "BREAKS") << v << "\n" << dump(os);
    EXPECT_GE(count_of(os, v, "client.accepted_replay"), 1) << v;
    EXPECT_EQ(warned_total(os, v), 0) << v;
  }
  EXPECT_EQ(combine(os), Verdict::kBreaks);
}

TEST(B01Replay, ElevenBreaks) {
  auto os = outcomes("B01", preset("eleven"));
  expect_recorded(os);
  EXPECT_EQ(verdict_of(os, "v1-verbatim"), "BLOCKED") << dump(os);
  for (const char* v : {"v2-fresh-envelope", "v3-after-restart", "v4-late-joiner", "v6-typing", "v6-roster"}) {
    EXPECT_EQ(verdict_of(os, v), "BREAKS") << v << "\n" << dump(os);
  }
  EXPECT_EQ(verdict_of(os, "v5-other-chat"), "N/A");
  EXPECT_EQ(combine(os), Verdict::kBreaks);
}

TEST(B01Replay, HardenedBlocksEveryVariant) {
  auto os = outcomes("B01", preset("hardened"));
  expect_recorded(os);
  for (const auto& o : os) {
    if (o.variant == "v5-other-chat") {
      EXPECT_EQ(o.verdict, Verdict::kNotApplicable);
    } else {
      EXPECT_EQ(o.verdict, Verdict::kBlocked) << o.variant << "\n" << dump(os);
      EXPECT_EQ(count_of(os, o.variant, "client.accepted_replay"), 0) << o.variant;
    }
  }
  // The refusals are visible: a fresh-id copy is rejected as a replay.
  EXPECT_GT(count_of(os, "v2-fresh-envelope", "client.warned", "rejected"), 0) << dump(os);
  EXPECT_EQ(combine(os), Verdict::kBlocked);
}

// Mutant: the hardened client without persisted processed ids and replay
// windows. The test must no longer see BLOCKED.
TEST(B01Replay, MutantWithoutReplayStateIsNotBlocked) {
  auto os = outcomes("B01", preset("hardened"), 1, amnesiac_factory());
  EXPECT_EQ(verdict_of(os, "v1-verbatim"), "BREAKS") << dump(os);
  EXPECT_EQ(verdict_of(os, "v2-fresh-envelope"), "BREAKS") << dump(os);
  EXPECT_GE(count_of(os, "v2-fresh-envelope", "client.accepted_replay"), 1);
  EXPECT_NE(combine(os), Verdict::kBlocked);
}

}  // namespace
}  // namespace e2e::attacks
