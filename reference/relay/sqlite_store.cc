// SqliteStore: opening, schema, reads and WAL checkpoints. The writes
// (apply, expire_items) are in sqlite_store_apply.cc.
#include "relay/sqlite_store.h"

#include <utility>

namespace e2e::relay {
namespace {

// "E2ER" in the database header's application_id field: tells our files from
// any other SQLite database.
constexpr int64_t kApplicationId = 0x45324552;
constexpr int64_t kSchemaVersion = 1;

// The schema (version 1). A posting's content (chat, sender, ts, kind, body
// as JSON text, roster fields) is stored once in `contents`; each mailbox copy
// is a row of `items` pointing at it. The trigger deletes a content with its
// last copy, however the copy goes (ack, expiry, overwrite). Join order of
// members, invites and dedup records is an explicit per-key sequence number.
// The item id counter is the one row of `meta`.
constexpr const char* kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO meta(key, value) VALUES('next_item_id', 1);
CREATE TABLE devices(device TEXT PRIMARY KEY, name TEXT NOT NULL, dh BLOB NOT NULL,
                     sig BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE chats(chat TEXT PRIMARY KEY, admin_hash BLOB) WITHOUT ROWID;
CREATE TABLE members(chat TEXT NOT NULL REFERENCES chats(chat) ON DELETE CASCADE,
                     device TEXT NOT NULL, seq INTEGER NOT NULL,
                     PRIMARY KEY(chat, device)) WITHOUT ROWID;
CREATE UNIQUE INDEX members_order ON members(chat, seq);
CREATE TABLE invites(chat TEXT NOT NULL REFERENCES chats(chat) ON DELETE CASCADE,
                     hash BLOB NOT NULL, seq INTEGER NOT NULL,
                     PRIMARY KEY(chat, hash)) WITHOUT ROWID;
CREATE UNIQUE INDEX invites_order ON invites(chat, seq);
CREATE TABLE contents(cid INTEGER PRIMARY KEY, chat TEXT NOT NULL, sender TEXT NOT NULL,
                      ts INTEGER NOT NULL, kind INTEGER NOT NULL, body TEXT, op INTEGER,
                      device TEXT, signed_op BLOB);
CREATE TABLE items(id INTEGER PRIMARY KEY, recipient TEXT NOT NULL,
                   cid INTEGER NOT NULL REFERENCES contents(cid), ts INTEGER NOT NULL);
CREATE INDEX items_mailbox ON items(recipient, id);
CREATE INDEX items_ts ON items(ts);
CREATE INDEX items_cid ON items(cid);
CREATE TRIGGER items_release AFTER DELETE ON items BEGIN
  DELETE FROM contents WHERE cid = OLD.cid
    AND NOT EXISTS (SELECT 1 FROM items WHERE cid = OLD.cid);
END;
CREATE TABLE dedup(sender TEXT NOT NULL, cmid TEXT NOT NULL, first_id INTEGER NOT NULL,
                   count INTEGER NOT NULL, seq INTEGER NOT NULL,
                   PRIMARY KEY(sender, cmid)) WITHOUT ROWID;
CREATE UNIQUE INDEX dedup_order ON dedup(sender, seq);
)sql";

Error corrupt(std::string_view what) {
  return make_error(Errc::kIo, "sqlite store: corrupt row (" + std::string(what) + ")");
}

}  // namespace

SqliteStore::SqliteStore(sqlite::Db db) : db_(std::move(db)) {}

SqliteStore::~SqliteStore() {
  stmts_.clear();  // finalize before the connection closes
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW,
                                 nullptr);
  sqlite::Db db(raw);  // closed on every early return, even when open failed
  if (rc != SQLITE_OK) {
    const char* why = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    return make_error(Errc::kIo, "sqlite open '" + path + "': " + why);
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(db)));
  E2E_TRY(store->configure(path));
  E2E_TRY(store->ensure_schema(path));
  return store;
}

Result<void> SqliteStore::configure(const std::string& path) {
  sqlite3* db = db_.get();
  sqlite3_extended_result_codes(db, 1);
  // Each setting, and why:
  //  - secure_delete: deleted rows and freed pages are overwritten with zeros,
  //    so an acked body does not linger in free space of the file;
  //  - locking_mode EXCLUSIVE: one SqliteStore per file (the Store contract's
  //    "one Relay at a time"); also no -shm file;
  //  - journal_mode WAL: a commit appends to the -wal file, readers never see
  //    half a transaction, and a killed process loses nothing committed;
  //  - synchronous FULL: the WAL is fsync'ed at every commit, so a `sent`/`ok`
  //    the relay replied survives power loss too (NORMAL only survives a
  //    killed process);
  //  - foreign_keys: rosters/invites cascade with their chat, items need content;
  //  - temp_store MEMORY: no temporary files that could hold row data;
  //  - journal_size_limit: a reset WAL is truncated to at most 4 MiB;
  //  - trusted_schema OFF: the schema may not call application functions.
  static constexpr const char* kPragmas[] = {
      "PRAGMA secure_delete = ON",      "PRAGMA locking_mode = EXCLUSIVE",
      "PRAGMA synchronous = FULL",      "PRAGMA foreign_keys = ON",
      "PRAGMA temp_store = MEMORY",     "PRAGMA journal_size_limit = 4194304",
      "PRAGMA trusted_schema = OFF",
  };
  for (const char* p : kPragmas) {
    if (sqlite3_exec(db, p, nullptr, nullptr, nullptr) != SQLITE_OK) {
      return sqlite::io_error(db, "sqlite open '" + path + "': " + p);
    }
  }
  // journal_mode answers the mode it ended in; anything but "wal" (e.g. a
  // file system without shared memory or locking) is refused.
  auto q = query("PRAGMA journal_mode = WAL");
  if (!q.ok()) return make_error(Errc::kIo, "sqlite open '" + path + "': " + q.error().detail);
  auto row = q->step();
  if (!row.ok()) return make_error(Errc::kIo, "sqlite open '" + path + "': " + row.error().detail);
  if (!*row || q->text(0) != "wal") {
    return make_error(Errc::kIo, "sqlite open '" + path + "': cannot switch to WAL mode");
  }
  return ok_result();
}

Result<void> SqliteStore::ensure_schema(const std::string& path) {
  const std::string where = "sqlite open '" + path + "': ";
  int64_t app_id = 0, version = 0, objects = 0;
  {
    auto q = query("PRAGMA application_id");
    if (!q.ok()) return make_error(Errc::kIo, where + q.error().detail);
    auto row = q->step();
    if (!row.ok()) return make_error(Errc::kIo, where + row.error().detail);
    if (*row) app_id = q->i64(0);
  }
  {
    auto q = query("PRAGMA user_version");
    if (!q.ok()) return make_error(Errc::kIo, where + q.error().detail);
    auto row = q->step();
    if (!row.ok()) return make_error(Errc::kIo, where + row.error().detail);
    if (*row) version = q->i64(0);
  }
  {
    auto q = query("SELECT COUNT(*) FROM sqlite_schema");
    if (!q.ok()) return make_error(Errc::kIo, where + q.error().detail);
    auto row = q->step();
    if (!row.ok()) return make_error(Errc::kIo, where + row.error().detail);
    if (*row) objects = q->i64(0);
  }
  if (app_id == kApplicationId) {
    if (version != kSchemaVersion) {
      return make_error(Errc::kIo, where + "relay database schema version " +
                                       std::to_string(version) + ", expected " +
                                       std::to_string(kSchemaVersion));
    }
    return ok_result();
  }
  if (app_id != 0 || objects != 0) {
    return make_error(Errc::kIo, where + "not an e2eproof relay database");
  }
  // A new (or empty) file: create the schema in one transaction.
  const std::string create = std::string("BEGIN IMMEDIATE;") + kSchema +
                             "PRAGMA application_id = " + std::to_string(kApplicationId) +
                             ";PRAGMA user_version = " + std::to_string(kSchemaVersion) +
                             ";COMMIT;";
  if (sqlite3_exec(db_.get(), create.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    Error e = sqlite::io_error(db_.get(), where + "create schema");
    rollback();
    return e;
  }
  return ok_result();
}

Result<SqliteQuery> SqliteStore::query(std::string_view sql) const {
  if (broken_) return make_error(Errc::kIo, "sqlite store: unusable after a failed rollback");
  auto it = stmts_.find(sql);
  if (it == stmts_.end()) {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    sqlite::Stmt st(raw);
    if (rc != SQLITE_OK || raw == nullptr) return sqlite::io_error(db_.get(), "sqlite prepare");
    it = stmts_.emplace(sql, std::move(st)).first;
  }
  return SqliteQuery(db_.get(), it->second.get(), &fail_countdown_);
}

Result<void> SqliteStore::run(std::string_view sql) {
  E2E_ASSIGN_OR_RETURN(SqliteQuery q, query(sql));
  return q.run();
}

Result<size_t> SqliteStore::count(std::string_view sql, const proto::Id& key) const {
  E2E_ASSIGN_OR_RETURN(SqliteQuery q, query(sql));
  E2E_TRY(q.bind(1, key));
  E2E_ASSIGN_OR_RETURN(const bool row, q.step());
  if (!row || q.i64(0) < 0) return corrupt("count");
  return static_cast<size_t>(q.i64(0));
}

void SqliteStore::rollback() {
  if (sqlite3_get_autocommit(db_.get()) != 0) return;  // SQLite already rolled back
  if (sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr) != SQLITE_OK) {
    broken_ = true;  // state unknown: refuse every further call rather than guess
  }
}

Result<void> SqliteStore::checkpoint() {
  if (broken_) return make_error(Errc::kIo, "sqlite store: unusable after a failed rollback");
  int wal_frames = 0, done_frames = 0;
  const int rc = sqlite3_wal_checkpoint_v2(db_.get(), nullptr, SQLITE_CHECKPOINT_TRUNCATE,
                                           &wal_frames, &done_frames);
  if (rc != SQLITE_OK) return sqlite::io_error(db_.get(), "sqlite checkpoint");
  scrub_pending_ = false;
  return ok_result();
}

void SqliteStore::scrub() {
  // The committed deletion is durable either way; a checkpoint that cannot run
  // now stays pending and is retried after the next write or by checkpoint().
  if (scrub_pending_) (void)checkpoint();
}

// ---- reads ---------------------------------------------------------------

Result<std::optional<DeviceRecord>> SqliteStore::device(const proto::Id& device) const {
  E2E_ASSIGN_OR_RETURN(SqliteQuery q,
                       query("SELECT name, dh, sig FROM devices WHERE device = ?1"));
  E2E_TRY(q.bind(1, device));
  E2E_ASSIGN_OR_RETURN(const bool row, q.step());
  if (!row) return std::optional<DeviceRecord>{};
  return std::optional<DeviceRecord>{DeviceRecord{device, q.text(0), q.blob(1), q.blob(2)}};
}

Result<size_t> SqliteStore::device_count() const {
  E2E_ASSIGN_OR_RETURN(SqliteQuery q, query("SELECT COUNT(*) FROM devices"));
  E2E_ASSIGN_OR_RETURN(const bool row, q.step());
  if (!row || q.i64(0) < 0) return corrupt("device count");
  return static_cast<size_t>(q.i64(0));
}

Result<std::optional<ChatRecord>> SqliteStore::chat(const proto::Id& chat) const {
  E2E_ASSIGN_OR_RETURN(SqliteQuery q,
                       query("SELECT admin_hash, (SELECT COUNT(*) FROM members WHERE chat = ?1),"
                             " (SELECT COUNT(*) FROM invites WHERE chat = ?1)"
                             " FROM chats WHERE chat = ?1"));
  E2E_TRY(q.bind(1, chat));
  E2E_ASSIGN_OR_RETURN(const bool row, q.step());
  if (!row) return std::optional<ChatRecord>{};
  if (q.i64(1) < 0 || q.i64(2) < 0) return corrupt("chat counts");
  ChatRecord r;
  r.chat = chat;
  if (!q.is_null(0)) r.admin_hash = q.blob(0);
  r.member_count = static_cast<size_t>(q.i64(1));
  r.invite_count = static_cast<size_t>(q.i64(2));
  return std::optional<ChatRecord>{std::move(r)};
}

Result<size_t> SqliteStore::chat_count() const {
  E2E_ASSIGN_OR_RETURN(SqliteQuery q, query("SELECT COUNT(*) FROM chats"));
  E2E_ASSIGN_OR_RETURN(const bool row, q.step());
  if (!row || q.i64(0) < 0) return corrupt("chat count");
  return static_cast<size_t>(q.i64(0));
}

Result<bool> SqliteStore::is_member(const proto::Id& chat, const proto::Id& device) const {
  E2E_ASSIGN_OR_RETURN(SqliteQuery q,
                       query("SELECT 1 FROM members WHERE chat = ?1 AND device = ?2"));
  E2E_TRY(q.bind(1, chat));
  E2E_TRY(q.bind(2, device));
  return q.step();
}

Result<std::vector<proto::Id>> SqliteStore::members(const proto::Id& chat) const {
  E2E_ASSIGN_OR_RETURN(SqliteQuery q,
                       query("SELECT device FROM members WHERE chat = ?1 ORDER BY seq"));
  E2E_TRY(q.bind(1, chat));
  std::vector<proto::Id> out;
  for (;;) {
    E2E_ASSIGN_OR_RETURN(const bool row, q.step());
    if (!row) return out;
    out.push_back(q.text(0));
  }
}

Result<std::vector<Bytes>> SqliteStore::invites(const proto::Id& chat) const {
  E2E_ASSIGN_OR_RETURN(SqliteQuery q,
                       query("SELECT hash FROM invites WHERE chat = ?1 ORDER BY seq"));
  E2E_TRY(q.bind(1, chat));
  std::vector<Bytes> out;
  for (;;) {
    E2E_ASSIGN_OR_RETURN(const bool row, q.step());
    if (!row) return out;
    out.push_back(q.blob(0));
  }
}

Result<size_t> SqliteStore::mailbox_size(const proto::Id& device) const {
  return count("SELECT COUNT(*) FROM items WHERE recipient = ?1", device);
}

Result<std::vector<proto::Deliver>> SqliteStore::mailbox(const proto::Id& device) const {
  E2E_ASSIGN_OR_RETURN(
      SqliteQuery q,
      query("SELECT i.id, c.chat, c.sender, c.ts, c.kind, c.body, c.op, c.device, c.signed_op"
            " FROM items i JOIN contents c ON c.cid = i.cid"
            " WHERE i.recipient = ?1 ORDER BY i.id"));
  E2E_TRY(q.bind(1, device));
  std::vector<proto::Deliver> out;
  for (;;) {
    E2E_ASSIGN_OR_RETURN(const bool row, q.step());
    if (!row) return out;
    proto::Deliver d{};
    d.id = static_cast<uint64_t>(q.i64(0));
    d.chat = q.text(1);
    d.from = q.text(2);
    d.ts = q.i64(3);
    const int64_t kind = q.i64(4);
    if (kind < 0 || kind > static_cast<int64_t>(proto::DeliverKind::kRoster)) {
      return corrupt("item kind");
    }
    d.kind = static_cast<proto::DeliverKind>(kind);
    if (!q.is_null(5)) {
      // Stored by apply() from Json::dump(); parse without exceptions.
      const std::string text = q.text(5);
      proto::Json body = proto::Json::parse(text, nullptr, /*allow_exceptions=*/false);
      if (body.is_discarded()) return corrupt("item body");
      d.body = std::move(body);
    }
    if (!q.is_null(6)) {
      const int64_t op = q.i64(6);
      if (op < 0 || op > static_cast<int64_t>(proto::RosterOp::kRemove)) return corrupt("item op");
      d.op = static_cast<proto::RosterOp>(op);
    }
    if (!q.is_null(7)) d.device = q.text(7);
    if (!q.is_null(8)) d.signed_op = q.blob(8);
    out.push_back(std::move(d));
  }
}

Result<uint64_t> SqliteStore::next_item_id() const {
  E2E_ASSIGN_OR_RETURN(SqliteQuery q,
                       query("SELECT value FROM meta WHERE key = 'next_item_id'"));
  E2E_ASSIGN_OR_RETURN(const bool row, q.step());
  if (!row || q.i64(0) < 1) return corrupt("next_item_id");
  return static_cast<uint64_t>(q.i64(0));
}

Result<std::optional<DedupRecord>> SqliteStore::dedup(const proto::Id& sender,
                                                      const proto::Id& cmid) const {
  E2E_ASSIGN_OR_RETURN(
      SqliteQuery q,
      query("SELECT first_id, count FROM dedup WHERE sender = ?1 AND cmid = ?2"));
  E2E_TRY(q.bind(1, sender));
  E2E_TRY(q.bind(2, cmid));
  E2E_ASSIGN_OR_RETURN(const bool row, q.step());
  if (!row) return std::optional<DedupRecord>{};
  if (q.i64(0) < 0 || q.i64(1) < 0) return corrupt("dedup record");
  return std::optional<DedupRecord>{
      DedupRecord{cmid, static_cast<uint64_t>(q.i64(0)), static_cast<size_t>(q.i64(1))}};
}

Result<size_t> SqliteStore::total_items() const {
  E2E_ASSIGN_OR_RETURN(SqliteQuery q, query("SELECT COUNT(*) FROM items"));
  E2E_ASSIGN_OR_RETURN(const bool row, q.step());
  if (!row || q.i64(0) < 0) return corrupt("item count");
  return static_cast<size_t>(q.i64(0));
}

Result<size_t> SqliteStore::content_count() const {
  E2E_ASSIGN_OR_RETURN(SqliteQuery q, query("SELECT COUNT(*) FROM contents"));
  E2E_ASSIGN_OR_RETURN(const bool row, q.step());
  if (!row || q.i64(0) < 0) return corrupt("content count");
  return static_cast<size_t>(q.i64(0));
}

}  // namespace e2e::relay
