// SqliteStore: the durable Store, one SQLite database file per relay.
//
// Every write the core makes goes through apply(), which runs the whole Batch
// in ONE transaction (BEGIN IMMEDIATE ... COMMIT, ROLLBACK on any failure), so
// a request is on disk entirely or not at all. The database runs in WAL mode
// with synchronous=FULL (a commit is fsync'ed before apply() returns: a reply
// the relay sent survives power loss, not only a killed process) and
// secure_delete=ON; after a batch or sweep that deleted mailbox items or
// invites the WAL is checkpointed with TRUNCATE, so acked/expired bodies leave
// no bytes in the database file or the WAL (see README.md, "SQLite backend").
//
// The connection holds the file in exclusive locking mode: a second SqliteStore
// (or process) opening the same file gets kIo, which enforces the Store rule
// "one Relay drives a Store at a time".
//
// Errors: every SQLite failure becomes Errc::kIo whose detail names the step
// and carries SQLite's message (never a body, key or identity: SQLite messages
// name tables and columns, not values). Nothing here throws or aborts.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "relay/sqlite_handle.h"
#include "relay/store.h"

namespace e2e::relay {

class SqliteQuery;

class SqliteStore final : public Store {
 public:
  // open opens (creating when absent or empty) the relay database at |path|.
  // Errors (all kIo, detail names the path and SQLite's reason): the file
  // cannot be opened or created, is locked by another SqliteStore, is not an
  // SQLite database or is corrupt, is an SQLite database of something else
  // (tables but no e2eproof application id), or has another schema version.
  static Result<std::unique_ptr<SqliteStore>> open(const std::string& path);

  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  Result<std::optional<DeviceRecord>> device(const proto::Id& device) const override;
  Result<size_t> device_count() const override;
  Result<std::optional<ChatRecord>> chat(const proto::Id& chat) const override;
  Result<size_t> chat_count() const override;
  Result<bool> is_member(const proto::Id& chat, const proto::Id& device) const override;
  Result<std::vector<proto::Id>> members(const proto::Id& chat) const override;
  Result<std::vector<Bytes>> invites(const proto::Id& chat) const override;
  Result<size_t> mailbox_size(const proto::Id& device) const override;
  Result<std::vector<proto::Deliver>> mailbox(const proto::Id& device) const override;
  Result<uint64_t> next_item_id() const override;
  Result<std::optional<DedupRecord>> dedup(const proto::Id& sender,
                                           const proto::Id& cmid) const override;
  // apply runs |batch| in one transaction. Besides I/O (kIo), it refuses with
  // kInvalidArgument, changing nothing, a Post whose ids do not fit SQLite's
  // signed 64-bit integers (id >= 2^63 - 1; the core allocates ids from 1 up)
  // or a dedup record whose ids do not. After a committed batch that deleted
  // mailbox items, invites or chats it checkpoints the WAL (see scrub()).
  Result<void> apply(const Batch& batch) override;
  // expire_items deletes items with ts <= |not_after| in one statement, then
  // checkpoints like apply().
  Result<size_t> expire_items(UnixMillis not_after) override;

  // checkpoint copies the WAL into the database file and truncates the WAL to
  // zero bytes (wal_checkpoint(TRUNCATE)). kIo when SQLite cannot finish it.
  Result<void> checkpoint();

  // total_items returns the number of mailbox copies held for all devices.
  Result<size_t> total_items() const;
  // content_count returns the number of stored posting contents (bodies);
  // shared by copies, deleted with the last copy.
  Result<size_t> content_count() const;

  // Test-only knob: the |nth| sqlite3_step from now (1 = the very next one,
  // BEGIN and COMMIT included) fails with kIo "injected failure" instead of
  // running; 0 disables. Used to prove that a batch failing at any statement
  // leaves nothing behind. Never set outside tests.
  void fail_nth_step_for_testing(uint64_t nth) { fail_countdown_ = nth; }

 private:
  explicit SqliteStore(sqlite::Db db);

  Result<void> configure(const std::string& path);
  Result<void> ensure_schema(const std::string& path);
  // query returns the cached prepared statement for |sql| (a string literal),
  // preparing it on first use, wrapped in a cursor that resets it when done.
  Result<SqliteQuery> query(std::string_view sql) const;
  Result<void> run(std::string_view sql);
  Result<size_t> count(std::string_view sql, const proto::Id& key) const;
  Result<void> apply_op(const StoreOp& op);
  Result<void> apply_post(const Post& post);
  void rollback();
  // scrub checkpoints when a deletion is waiting to be wiped from the WAL; a
  // failure is kept pending and retried after the next write.
  void scrub();

  sqlite::Db db_;
  mutable std::unordered_map<std::string_view, sqlite::Stmt> stmts_;  // keyed by SQL literal
  mutable uint64_t fail_countdown_ = 0;
  bool deleted_in_batch_ = false;  // this transaction deleted wipe-worthy rows
  bool scrub_pending_ = false;     // a committed deletion is not yet checkpointed
  bool broken_ = false;            // a ROLLBACK failed: refuse everything
};

}  // namespace e2e::relay
