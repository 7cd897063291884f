// G03 database theft and canary sweep (attacks.md §1 G03). Every field a user
// controls through the Driver interface carries a unique canary: message
// texts, display names, the chat id and the device ids. The relay runs on a
// real SQLite file; the thief copies the database and its WAL mid-run (items
// stored, not yet acknowledged) and at the end, and searches each canary raw,
// base64, base64url and hex.
//   - variant "content": a message-text canary found is BREAKS, none BLOCKED;
//   - variant "metadata": names, chat ids and device ids found are findings;
//     DOCUMENTED when the preset's document says the server sees them
//     (documented_limits.cc), BREAKS otherwise, BLOCKED when none is found.
// Every finding keeps which canary, which snapshot and file, which encoding
// and the byte offset.

#include "attacks/adversary.h"
#include "attacks/canary.h"
#include "world/chat_setup.h"
#include "attacks/documented_limits.h"
#include "attacks/evidence.h"
#include "attacks/runs.h"
#include "common/encoding.h"
#include "common/rng.h"
#include "common/temp_dir.h"
#include "relay/sqlite_store.h"

namespace e2e::attacks {
namespace {

using nlohmann::json;

constexpr const char* kAttack = "G03";

struct Canary {
  std::string kind;   // "content" or "metadata:<what>"
  std::string field;  // "text of alice's message", ...
  std::string value;
};

struct Finding {
  const Canary* canary;
  std::string snapshot;
  std::string file;
  CanaryHit hit;
};

json snapshot_json(const StorageSnapshot& s) {
  json files = json::array();
  for (const auto& f : s.files) files.push_back({{"file", f.name}, {"present", f.present}, {"bytes", f.bytes.size()}});
  return json{{"label", s.label}, {"files", files}};
}

json finding_json(const Finding& f) {
  return json{{"kind", f.canary->kind}, {"field", f.canary->field}, {"canary", f.canary->value},
              {"snapshot", f.snapshot}, {"file", f.file}, {"encoding", f.hit.encoding},
              {"offset", f.hit.offset}, {"count", f.hit.count}};
}

}  // namespace

Result<std::vector<Outcome>> run_g03_db_theft(const proto::Preset& preset, const driver::DriverFactory& factory,
                                              uint64_t seed) {
  DeterministicRng rng(seed, "g03/canaries");
  const std::string tag = hex_encode(rng.bytes(5));
  const Id a = "cnrydevA" + tag, b = "cnrydevB" + tag, c = "cnrydevC" + tag;
  const Id chat = "cnrychat" + tag;
  std::vector<Canary> canaries = {
      {"content", "text of A's message", "CanaryTextA" + tag},
      {"content", "text of B's message", "CanaryTextB" + tag},
      {"content", "text of C's message", "CanaryTextC" + tag},
      {"metadata:display-name", "display name of A", "CanaryNameA" + tag},
      {"metadata:display-name", "display name of B", "CanaryNameB" + tag},
      {"metadata:display-name", "display name of C", "CanaryNameC" + tag},
      {"metadata:chat-id", "chat id", chat},
      {"metadata:member-id", "device id of A", a},
      {"metadata:member-id", "device id of B", b},
      {"metadata:member-id", "device id of C", c},
  };

  TempDir dir("e2e-g03-" + preset.name + "-" + std::to_string(seed));
  const std::string db = dir.file("relay.db");
  const std::vector<std::string> files = {db, db + "-wal"};
  E2E_ASSIGN_OR_RETURN(std::unique_ptr<relay::SqliteStore> store, relay::SqliteStore::open(db));
  world::World w(preset, seed, world::WorldOptions{{}, factory, std::move(store)});
  Adversary adv(w);
  E2E_TRY(w.add_device(a, canaries[3].value));
  E2E_TRY(w.add_device(b, canaries[4].value));
  E2E_TRY(w.add_device(c, canaries[5].value));
  E2E_TRY(start_chat(w, a, chat, {b, c}));
  E2E_TRY(run_op(w, a, w.device(a).set_typing(chat, true)));
  const Id senders[] = {a, b, c};
  for (size_t i = 0; i < 3; ++i) {
    E2E_TRY(w.run(senders[i], w.device(senders[i]).send_text(chat, "note " + canaries[i].value + " end")));
  }
  // Mid-run: the three messages are stored for their recipients, none acked.
  E2E_ASSIGN_OR_RETURN(size_t waiting, w.store().mailbox_size(b));
  if (waiting == 0) return make_error(Errc::kInternal, "G03: nothing stored at the mid-run snapshot");
  std::vector<StorageSnapshot> snaps;
  snaps.push_back(adv.snapshot_files("mid-run", files));
  if (!w.quiesce()) return make_error(Errc::kInternal, "G03: the world did not settle");
  E2E_TRY(w.health());
  snaps.push_back(adv.snapshot_files("end", files));
  size_t shown = 0;
  for (const Id& who : {a, b, c}) shown += w.messages(who, chat).size();
  if (shown != 6) return make_error(Errc::kInternal, "G03: the honest chat did not deliver every message");

  std::vector<Finding> findings;
  for (const auto& s : snaps) {
    for (const auto& f : s.files) {
      for (const auto& cn : canaries) {
        for (auto& hit : find_canary(f.bytes, cn.value)) findings.push_back(Finding{&cn, s.label, f.name, hit});
      }
    }
  }
  json snaps_json = json::array();
  for (const auto& s : snaps) snaps_json.push_back(snapshot_json(s));
  const json steps = json::array(
      {"three members on a relay backed by a SQLite file; every user-controlled field carries a canary",
       "typing sent (it carries no user text: a boolean)",
       "each member sent one message; the thief copied relay.db and relay.db-wal before any was acked",
       "everything delivered and acked; the thief copied both files again",
       "each canary searched raw, base64, base64url and hex"});

  // content
  Outcome content;
  content.attack = kAttack;
  content.variant = "content";
  content.preset = preset.name;
  json content_hits = json::array();
  for (const auto& f : findings) {
    if (f.canary->kind == "content") content_hits.push_back(finding_json(f));
  }
  content.verdict = content_hits.empty() ? Verdict::kBlocked : Verdict::kBreaks;
  content.summary = content_hits.empty() ? "no message-text canary in either snapshot"
                                         : "message text found in the stolen database";
  json clients = json::object();
  for (const Id& who : {a, b, c}) clients[who] = json{{"messages_shown", w.messages(who, chat).size()}};
  content.evidence = json{{"attacker", {{"snapshots", snaps_json}, {"findings", content_hits},
                                        {"items_stored_at_mid_run", waiting}}},
                          {"clients", clients},
                          {"steps", steps}};

  // metadata
  Outcome meta;
  meta.attack = kAttack;
  meta.variant = "metadata";
  meta.preset = preset.name;
  json meta_hits = json::array();
  json kinds = json::object();
  bool undocumented = false;
  for (const auto& f : findings) {
    if (f.canary->kind == "content") continue;
    meta_hits.push_back(finding_json(f));
    if (kinds.contains(f.canary->kind)) continue;
    const DocumentedLimit* d = find_documented_limit(kAttack, f.canary->kind, preset.claims_prefix);
    kinds[f.canary->kind] = d ? json{{"documented_by", d->claim}, {"admits", d->admits}} : json{{"documented_by", nullptr}};
    undocumented = undocumented || d == nullptr;
  }
  if (meta_hits.empty()) {
    meta.verdict = Verdict::kBlocked;
    meta.summary = "no metadata canary in either snapshot";
  } else if (undocumented) {
    meta.verdict = Verdict::kBreaks;
    meta.summary = "the stolen database shows metadata the document does not admit";
  } else {
    meta.verdict = Verdict::kDocumented;
    meta.summary = "the stolen database shows only metadata the document admits";
  }
  meta.summary += " (" + std::to_string(kinds.size()) + " kinds found)";
  meta.evidence = json{{"attacker", {{"snapshots", snaps_json}, {"kinds", kinds}, {"findings", meta_hits}}},
                       {"clients", clients},
                       {"steps", steps}};
  return std::vector<Outcome>{std::move(content), std::move(meta)};
}

}  // namespace e2e::attacks
