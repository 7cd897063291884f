// G03 on the reference presets over a real SQLite file: verdicts, the
// categories searched and found, and a leaking client as the mutant.
#include <nlohmann/json.hpp>

#include "attack_test_util.h"
#include "mutants.h"

namespace e2e::attacks {
namespace {
using namespace testing;

// Mutant: every send_text also posts the plaintext, unencrypted, in a second
// `send` to the chat (as a debug log or a push preview would).
class Leaky final : public Forwarding {
 public:
  using Forwarding::Forwarding;
  Result<driver::Step> send_text(const proto::Id& chat, std::string_view text) override {
    E2E_ASSIGN_OR_RETURN(driver::Step step, inner_->send_text(chat, text));
    // rid and cmid far from the client's own counters, so nothing collides.
    ++leaks_;
    step.out.emplace_back(proto::Send{(uint64_t{1} << 40) + leaks_, chat, "leak" + std::to_string(leaks_),
                                      nlohmann::json{{"debug", std::string(text)}}});
    return step;
  }

 private:
  uint64_t leaks_ = 0;
};

driver::DriverFactory leaky_factory() {
  return wrapping_factory([](std::unique_ptr<driver::Driver> d, const driver::DeviceSpec&) {
    return Result<std::unique_ptr<driver::Driver>>(std::make_unique<Leaky>(std::move(d)));
  });
}

const std::vector<std::string> kSearched = {"member-id", "chat-id", "display-name", "timestamp", "size"};

TEST(G03DbTheft, ContentBlockedEverywhere) {
  for (const auto& name : proto::preset_names()) {
    auto os = outcomes("G03", preset(name));
    ASSERT_EQ(os.size(), 2u);
    EXPECT_EQ(verdict_of(os, "content"), "BLOCKED") << name << "\n" << dump(os);
    EXPECT_EQ(count_of(os, "content", "attacker.read_content"), 0) << name;
  }
}

// Each category the sweep searches is recorded as looked for; the ones a
// database cannot hold are not, so a claim about them stays without evidence.
TEST(G03DbTheft, RecordsWhatItLookedFor) {
  auto os = outcomes("G03", preset("eleven"));
  for (const auto& c : kSearched) {
    EXPECT_EQ(count_of(os, "metadata", "sweep.looked_for", c), 1) << c;
    EXPECT_GE(count_of(os, "metadata", "metadata", c), 0) << c;
  }
  for (const char* c : {"typing", "online-state", "ip-address"}) {
    EXPECT_EQ(count_of(os, "metadata", "sweep.looked_for", c), -1) << c;
    EXPECT_EQ(count_of(os, "metadata", "metadata", c), -1) << c;
  }
}

TEST(G03DbTheft, MetadataAgainstTheDocuments) {
  // arthas admits all it shows (ids, names, timestamps, sizes: ARTHAS-15).
  auto arthas = outcomes("G03", preset("arthas"));
  EXPECT_EQ(verdict_of(arthas, "metadata"), "DOCUMENTED") << dump(arthas);
  EXPECT_EQ(count_of(arthas, "metadata", "metadata", "size"), 1) << dump(arthas);
  // eleven admits ids and names (ELEVEN-10/11) but not the timestamps the relay stores.
  auto eleven = outcomes("G03", preset("eleven"));
  EXPECT_EQ(verdict_of(eleven, "metadata"), "BREAKS") << dump(eleven);
  EXPECT_GT(count_of(eleven, "metadata", "metadata", "timestamp"), 0) << dump(eleven);
  EXPECT_EQ(eleven.at(1).evidence["attacker"]["kinds"]["metadata:display-name"]["documented_by"], "ELEVEN-11");
  auto hardened = outcomes("G03", preset("hardened"));
  EXPECT_EQ(verdict_of(hardened, "metadata"), "BREAKS") << dump(hardened);
  for (const auto* os : {&arthas, &eleven, &hardened}) {
    EXPECT_EQ(count_of(*os, "metadata", "metadata", "member-id"), 3);
    EXPECT_EQ(count_of(*os, "metadata", "metadata", "chat-id"), 1);
    EXPECT_EQ(count_of(*os, "metadata", "metadata", "display-name"), 3);
    EXPECT_GT(count_of(*os, "metadata", "metadata", "timestamp"), 0);
  }
  // Padding to buckets hides the 100-byte difference; without it, it shows.
  EXPECT_EQ(count_of(hardened, "metadata", "metadata", "size"), 0) << dump(hardened);
  EXPECT_EQ(count_of(eleven, "metadata", "metadata", "size"), 1) << dump(eleven);
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
  auto os = outcomes("G03", preset("hardened"), 1, leaky_factory());
  EXPECT_EQ(verdict_of(os, "content"), "BREAKS") << dump(os);
  EXPECT_EQ(count_of(os, "content", "attacker.read_content"), 3) << dump(os);
}

}  // namespace
}  // namespace e2e::attacks
