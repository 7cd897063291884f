// G03 database theft and canary sweep (attacks.md §1 G03). Every field a user
// controls through the Driver interface carries a unique canary: message
// texts, display names, the chat id and the device ids. The relay runs on a
// real SQLite file; the thief copies the database and its WAL mid-run (items
// stored, not yet acknowledged) and at the end, and searches each canary raw,
// base64, base64url and hex. Two further metadata probes:
//   - timestamp: the exact ts values the relay assigned to the items, as
//     decimal text and as 8- (and SQLite's 6-) byte integers;
//   - size: two messages whose texts differ by 100 bytes; the thief opens the
//     stolen copy and compares the two stored bodies' lengths.
// Variants:
//   - "content": a message-text canary found is BREAKS, none BLOCKED;
//   - "metadata": each category found is a finding; DOCUMENTED when the
//     preset's document admits every category found (the spec's limits),
//     BREAKS otherwise, BLOCKED when none is found. Each category searched is
//     recorded as sweep.looked_for; typing, online state and network addresses
//     are not in a database file and are not looked for here.
// Every canary finding keeps which canary, which snapshot and file, which
// encoding and the byte offset.

#include "attacks/adversary.h"
#include "attacks/canary.h"
#include "world/chat_setup.h"
#include "attacks/evidence.h"
#include "common/encoding.h"
#include "common/rng.h"
#include "common/temp_dir.h"
#include "relay/sqlite_store.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

namespace e2e::attacks {

const AttackSpec& spec_g03_db_theft();

namespace {

using nlohmann::json;

constexpr const char* kAttack = "G03";
constexpr int64_t kBetweenSends = 1'234;   // ms; every item gets its own ts
constexpr size_t kSizeDifference = 100;    // bytes between the size probes' texts
// The categories the sweep searches a stolen database for.
const std::vector<std::string> kSearched = {"member-id", "chat-id", "display-name", "timestamp", "size"};

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

// The stored lengths of the two size probes, read from a stolen snapshot the
// way a thief would: the copied files opened as a database of the relay's own
// format. |probes| are the item ids the relay gave them for |recipient|.
struct StoredSizes {
  size_t short_body = 0;
  size_t long_body = 0;
};
Result<StoredSizes> stored_sizes(const StorageSnapshot& snap, const Id& recipient, uint64_t short_id,
                                 uint64_t long_id) {
  TempDir dir("e2e-g03-stolen");
  for (const auto& f : snap.files) {
    if (!f.present) continue;
    std::FILE* out = std::fopen(dir.file(f.name).c_str(), "wb");
    if (out == nullptr) return make_error(Errc::kIo, "G03: cannot write the stolen copy of " + f.name);
    const bool ok = std::fwrite(f.bytes.data(), 1, f.bytes.size(), out) == f.bytes.size();
    if (std::fclose(out) != 0 || !ok) return make_error(Errc::kIo, "G03: cannot write the stolen copy of " + f.name);
  }
  E2E_ASSIGN_OR_RETURN(std::unique_ptr<relay::SqliteStore> stolen, relay::SqliteStore::open(dir.file("relay.db")));
  E2E_ASSIGN_OR_RETURN(std::vector<proto::Deliver> items, stolen->mailbox(recipient));
  StoredSizes out;
  for (const auto& d : items) {
    const size_t len = d.body ? d.body->dump().size() : 0;
    if (d.id == short_id) out.short_body = len;
    if (d.id == long_id) out.long_body = len;
  }
  if (out.short_body == 0 || out.long_body == 0) {
    return make_error(Errc::kInternal, "G03: the size probes are not in the stolen mailbox");
  }
  return out;
}

Result<std::vector<Outcome>> run(const proto::Preset& preset, const driver::DriverFactory& factory, uint64_t seed) {
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
    w.clock().advance_ms(kBetweenSends);
    E2E_TRY(w.run(senders[i], w.device(senders[i]).send_text(chat, "note " + canaries[i].value + " end")));
  }
  // The size probes: a's two texts differ by kSizeDifference bytes only.
  const std::string probe_short = "size probe " + std::string(10, 's');
  const std::string probe_long = "size probe " + std::string(10 + kSizeDifference, 's');
  for (const std::string* text : {&probe_short, &probe_long}) {
    w.clock().advance_ms(kBetweenSends);
    E2E_TRY(w.run(a, w.device(a).send_text(chat, *text)));
  }
  // Mid-run: the messages are stored for their recipients, none acked.
  E2E_ASSIGN_OR_RETURN(std::vector<proto::Deliver> stored, w.store().mailbox(b));
  const size_t waiting = stored.size();
  if (waiting == 0) return make_error(Errc::kInternal, "G03: nothing stored at the mid-run snapshot");
  std::vector<StorageSnapshot> snaps;
  snaps.push_back(adv.snapshot_files("mid-run", files));
  if (!w.quiesce()) return make_error(Errc::kInternal, "G03: the world did not settle");
  E2E_TRY(w.health());
  snaps.push_back(adv.snapshot_files("end", files));
  size_t shown = 0;
  for (const Id& who : {a, b, c}) shown += w.messages(who, chat).size();
  if (shown != 10) return make_error(Errc::kInternal, "G03: the honest chat did not deliver every message");

  // What the relay itself assigned: each item's ts, and the probes' ids in
  // b's mailbox (the last two message items from a).
  std::vector<uint64_t> timestamps;
  std::vector<uint64_t> probe_ids;
  for (const auto& d : stored) {
    if (std::find(timestamps.begin(), timestamps.end(), static_cast<uint64_t>(d.ts)) == timestamps.end()) {
      timestamps.push_back(static_cast<uint64_t>(d.ts));
    }
    if (d.kind == proto::DeliverKind::kMsg && d.from == a) probe_ids.push_back(d.id);
  }
  if (probe_ids.size() < 2) return make_error(Errc::kInternal, "G03: the size probes were not stored");
  E2E_ASSIGN_OR_RETURN(StoredSizes sizes, stored_sizes(snaps.front(), b, probe_ids[probe_ids.size() - 2],
                                                       probe_ids.back()));

  std::vector<Finding> findings;
  std::set<uint64_t> ts_found;
  json ts_hits = json::array();
  for (const auto& s : snaps) {
    for (const auto& f : s.files) {
      for (const auto& cn : canaries) {
        for (auto& hit : find_canary(f.bytes, cn.value)) findings.push_back(Finding{&cn, s.label, f.name, hit});
      }
      for (uint64_t ts : timestamps) {
        for (const auto& hit : find_integer(f.bytes, ts)) {
          ts_found.insert(ts);
          ts_hits.push_back({{"ts", ts}, {"snapshot", s.label}, {"file", f.name}, {"encoding", hit.encoding},
                             {"offset", hit.offset}, {"count", hit.count}});
        }
      }
    }
  }
  const size_t size_delta =
      sizes.long_body > sizes.short_body ? sizes.long_body - sizes.short_body : sizes.short_body - sizes.long_body;
  // The plaintexts' difference shows when the stored bodies differ by at
  // least as much (base64 only stretches it); padded to one bucket, they do not.
  const bool size_leaks = size_delta >= kSizeDifference;
  json snaps_json = json::array();
  for (const auto& s : snaps) snaps_json.push_back(snapshot_json(s));
  const json steps = json::array(
      {"three members on a relay backed by a SQLite file; every user-controlled field carries a canary",
       "typing sent (it carries no user text: a boolean)",
       "each member sent one message and A two size probes 100 bytes apart; the thief copied relay.db and "
       "relay.db-wal before any was acked",
       "everything delivered and acked; the thief copied both files again",
       "each canary searched raw, base64, base64url and hex; each item's ts as decimal and 8- and 6-byte integers",
       "the size probes' stored bodies measured in the mid-run copy, opened as a database"});

  // content
  Outcome content;
  content.attack = kAttack;
  content.variant = "content";
  content.preset = preset.name;
  json content_hits = json::array();
  std::set<std::string> texts_read;
  for (const auto& f : findings) {
    if (f.canary->kind != "content") continue;
    content_hits.push_back(finding_json(f));
    texts_read.insert(f.canary->value);
  }
  content.observations.push_back(observation("attacker.read_content", "", texts_read.size(),
                                             "message-text canaries (of 3) found in the stolen files"));
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
  std::map<std::string, std::set<std::string>> found;  // category -> canaries found
  for (const auto& f : findings) {
    if (f.canary->kind == "content") continue;
    meta_hits.push_back(finding_json(f));
    found[f.canary->kind.substr(std::string("metadata:").size())].insert(f.canary->value);
  }
  std::map<std::string, uint64_t> counts;
  for (const auto& [category, values] : found) counts[category] = values.size();
  counts["timestamp"] = ts_found.size();
  counts["size"] = size_leaks ? 1 : 0;
  const std::map<std::string, std::string> details = {
      {"member-id", "device-id canaries (of 3) found"},
      {"chat-id", "chat-id canaries (of 1) found"},
      {"display-name", "display-name canaries (of 3) found"},
      {"timestamp", "of the " + std::to_string(timestamps.size()) + " ts values the relay assigned, found"},
      {"size", "stored probe bodies " + std::to_string(sizes.short_body) + " and " +
                   std::to_string(sizes.long_body) + " bytes for texts " + std::to_string(kSizeDifference) +
                   " bytes apart"},
  };
  json kinds = json::object();
  bool undocumented = false;
  for (const std::string& category : kSearched) {
    meta.observations.push_back(observation("metadata", category, counts[category], details.at(category)));
    if (counts[category] == 0) continue;
    const DocumentedLimit* d = find_limit(spec_g03_db_theft(), "metadata:" + category, preset.claims_prefix);
    kinds["metadata:" + category] =
        d ? json{{"documented_by", d->claim}, {"admits", d->admits}} : json{{"documented_by", nullptr}};
    undocumented = undocumented || d == nullptr;
  }
  for (const std::string& category : kSearched) {
    meta.observations.push_back(observation("sweep.looked_for", category, 1, "searched in both snapshots"));
  }
  if (kinds.empty()) {
    meta.verdict = Verdict::kBlocked;
    meta.summary = "no metadata in either snapshot";
  } else if (undocumented) {
    meta.verdict = Verdict::kBreaks;
    meta.summary = "the stolen database shows metadata the document does not admit";
  } else {
    meta.verdict = Verdict::kDocumented;
    meta.summary = "the stolen database shows only metadata the document admits";
  }
  meta.summary += " (" + std::to_string(kinds.size()) + " of " + std::to_string(kSearched.size()) +
                  " categories searched found)";
  meta.evidence = json{{"attacker",
                        {{"snapshots", snaps_json},
                         {"kinds", kinds},
                         {"findings", meta_hits},
                         {"timestamps", {{"assigned", timestamps}, {"found", ts_hits}}},
                         {"size_probe",
                          {{"text_difference", kSizeDifference},
                           {"stored_bodies", {sizes.short_body, sizes.long_body}},
                           {"leaks", size_leaks}}}}},
                       {"clients", clients},
                       {"steps", steps}};
  return std::vector<Outcome>{std::move(content), std::move(meta)};
}

}  // namespace

const AttackSpec& spec_g03_db_theft() {
  static const AttackSpec kSpec{
      "G03",
      {{"content", "message-text canaries searched in the stolen database and WAL", {"attacker.read_content"}},
       {"metadata", "names, ids, timestamps and message sizes searched in the stolen database and WAL", [] {
          std::vector<std::string> r;
          for (const auto& c : kSearched) r.push_back(observation_key("metadata", c));
          for (const auto& c : kSearched) r.push_back(observation_key("sweep.looked_for", c));
          return r;
        }()}},
      "a relay that keeps its state in a database file (always)",
      {{"arthas", Verdict::kDocumented}, {"eleven", Verdict::kBreaks}, {"hardened", Verdict::kBreaks}},
      {
          // What each document says the server side knows.
          {"metadata:member-id", "ELEVEN-10", "the server knows who shares a chat with whom"},
          {"metadata:chat-id", "ELEVEN-10", "the server knows who shares a chat with whom"},
          {"metadata:display-name", "ELEVEN-11", "the server knows members' screen names"},
          {"metadata:member-id", "ARTHAS-15", "the server sees member ids"},
          {"metadata:chat-id", "ARTHAS-15", "the server sees room ids"},
          {"metadata:display-name", "ARTHAS-15", "the server sees nicknames"},
          {"metadata:timestamp", "ARTHAS-15", "the server adds and sees a timestamp per message"},
          {"metadata:size", "ARTHAS-15", "the server sees message sizes"},
      },
      &run,
      {"clock"},
  };
  return kSpec;
}

}  // namespace e2e::attacks
