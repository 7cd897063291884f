// SqliteStore writes: apply() runs a Batch as one transaction; expire_items()
// is one DELETE. Every op mirrors MemoryStore's (memory_store.cc) semantics,
// including the no-op cases; the contract suite (test/store_contract.cc)
// checks both backends against the same expectations.
#include <algorithm>
#include <limits>
#include <type_traits>

#include "relay/sqlite_store.h"

namespace e2e::relay {
namespace {

// Ids are SQLite INTEGERs (signed 64-bit); the counter holds max id + 1, so
// the largest storable id is one below INT64_MAX.
constexpr uint64_t kMaxStorableId = static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) - 1;

int64_t clamp_i64(size_t n) {
  return n > static_cast<size_t>(std::numeric_limits<int64_t>::max())
             ? std::numeric_limits<int64_t>::max()
             : static_cast<int64_t>(n);
}

}  // namespace

Result<void> SqliteStore::apply(const Batch& batch) {
  if (batch.empty()) return ok_result();
  deleted_in_batch_ = false;
  E2E_TRY(run("BEGIN IMMEDIATE"));
  for (const StoreOp& op : batch) {
    Result<void> r = apply_op(op);
    if (!r.ok()) {
      rollback();
      return r.error();
    }
  }
  Result<void> r = run("COMMIT");
  if (!r.ok()) {
    rollback();
    return r.error();
  }
  if (deleted_in_batch_) scrub_pending_ = true;
  scrub();
  return ok_result();
}

Result<size_t> SqliteStore::expire_items(UnixMillis not_after) {
  size_t n = 0;
  {
    E2E_ASSIGN_OR_RETURN(SqliteQuery q, query("DELETE FROM items WHERE ts <= ?1"));
    E2E_TRY(q.bind(1, static_cast<int64_t>(not_after)));
    E2E_TRY(q.run());  // one statement: atomic on its own
    n = static_cast<size_t>(q.changes());
  }
  if (n > 0) scrub_pending_ = true;
  scrub();
  return n;
}

Result<void> SqliteStore::apply_post(const Post& post) {
  if (post.copies.empty()) return ok_result();  // MemoryStore keeps nothing either
  uint64_t max_id = 0;
  for (const Copy& c : post.copies) {
    if (c.id > kMaxStorableId) {
      return make_error(Errc::kInvalidArgument, "sqlite store: item id beyond 2^63-2");
    }
    max_id = std::max(max_id, c.id);
  }
  // An id already in use (the core never reuses one) is replaced, as in
  // MemoryStore; deleting first lets the trigger release its old content.
  for (const Copy& c : post.copies) {
    E2E_ASSIGN_OR_RETURN(SqliteQuery q, query("DELETE FROM items WHERE id = ?1"));
    E2E_TRY(q.bind(1, static_cast<int64_t>(c.id)));
    E2E_TRY(q.run());
    if (q.changes() > 0) deleted_in_batch_ = true;
  }
  const proto::Deliver& d = post.content;
  int64_t cid = 0;
  {
    E2E_ASSIGN_OR_RETURN(
        SqliteQuery q,
        query("INSERT INTO contents(chat, sender, ts, kind, body, op, device, signed_op)"
              " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
    E2E_TRY(q.bind(1, d.chat));
    E2E_TRY(q.bind(2, d.from));
    E2E_TRY(q.bind(3, static_cast<int64_t>(d.ts)));
    E2E_TRY(q.bind(4, static_cast<int64_t>(d.kind)));
    if (d.body) {
      // The JSON text exactly as the wire serializer writes a body (protocol/strict_json.cc):
      // invalid UTF-8, which no parsed frame can carry, becomes U+FFFD there too.
      E2E_TRY(q.bind(5, d.body->dump(-1, ' ', false, proto::Json::error_handler_t::replace)));
    } else {
      E2E_TRY(q.bind_null(5));
    }
    if (d.op) {
      E2E_TRY(q.bind(6, static_cast<int64_t>(*d.op)));
    } else {
      E2E_TRY(q.bind_null(6));
    }
    if (d.device) {
      E2E_TRY(q.bind(7, *d.device));
    } else {
      E2E_TRY(q.bind_null(7));
    }
    if (d.signed_op) {
      E2E_TRY(q.bind_blob(8, *d.signed_op));
    } else {
      E2E_TRY(q.bind_null(8));
    }
    E2E_TRY(q.run());
    cid = sqlite3_last_insert_rowid(db_.get());
  }
  for (const Copy& c : post.copies) {
    // OR REPLACE only matters for an id listed twice in one Post: the later
    // copy wins, as in MemoryStore (same content, nothing to release).
    E2E_ASSIGN_OR_RETURN(SqliteQuery q,
                         query("INSERT OR REPLACE INTO items(id, recipient, cid, ts)"
                               " VALUES(?1, ?2, ?3, ?4)"));
    E2E_TRY(q.bind(1, static_cast<int64_t>(c.id)));
    E2E_TRY(q.bind(2, c.recipient));
    E2E_TRY(q.bind(3, cid));
    E2E_TRY(q.bind(4, static_cast<int64_t>(d.ts)));
    E2E_TRY(q.run());
  }
  E2E_ASSIGN_OR_RETURN(SqliteQuery q,
                       query("UPDATE meta SET value = MAX(value, ?1) WHERE key = 'next_item_id'"));
  E2E_TRY(q.bind(1, static_cast<int64_t>(max_id + 1)));
  return q.run();
}

Result<void> SqliteStore::apply_op(const StoreOp& op) {
  return std::visit(
      [this](const auto& o) -> Result<void> {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, PutDevice>) {
          E2E_ASSIGN_OR_RETURN(SqliteQuery q,
                               query("INSERT OR REPLACE INTO devices(device, name, dh, sig)"
                                     " VALUES(?1, ?2, ?3, ?4)"));
          E2E_TRY(q.bind(1, o.record.device));
          E2E_TRY(q.bind(2, o.record.name));
          E2E_TRY(q.bind_blob(3, o.record.dh));
          E2E_TRY(q.bind_blob(4, o.record.sig));
          return q.run();
        } else if constexpr (std::is_same_v<T, CreateChat>) {
          // Like MemoryStore's insert_or_assign: an existing chat is replaced
          // (roster and invites start over). The core never asks for that.
          {
            E2E_ASSIGN_OR_RETURN(SqliteQuery q, query("DELETE FROM chats WHERE chat = ?1"));
            E2E_TRY(q.bind(1, o.chat));
            E2E_TRY(q.run());
            if (q.changes() > 0) deleted_in_batch_ = true;
          }
          {
            E2E_ASSIGN_OR_RETURN(SqliteQuery q,
                                 query("INSERT INTO chats(chat, admin_hash) VALUES(?1, ?2)"));
            E2E_TRY(q.bind(1, o.chat));
            if (o.admin_hash) {
              E2E_TRY(q.bind_blob(2, *o.admin_hash));
            } else {
              E2E_TRY(q.bind_null(2));
            }
            E2E_TRY(q.run());
          }
          E2E_ASSIGN_OR_RETURN(SqliteQuery q,
                               query("INSERT INTO members(chat, device, seq) VALUES(?1, ?2, 1)"));
          E2E_TRY(q.bind(1, o.chat));
          E2E_TRY(q.bind(2, o.creator));
          return q.run();
        } else if constexpr (std::is_same_v<T, DeleteChat>) {
          // Roster and invites go with the chat (ON DELETE CASCADE); items stay.
          E2E_ASSIGN_OR_RETURN(SqliteQuery q, query("DELETE FROM chats WHERE chat = ?1"));
          E2E_TRY(q.bind(1, o.chat));
          E2E_TRY(q.run());
          if (q.changes() > 0) deleted_in_batch_ = true;
          return ok_result();
        } else if constexpr (std::is_same_v<T, AddMember>) {
          // Appended after the last member; no-op when present or no chat.
          E2E_ASSIGN_OR_RETURN(
              SqliteQuery q,
              query("INSERT OR IGNORE INTO members(chat, device, seq)"
                    " SELECT ?1, ?2, COALESCE((SELECT MAX(seq) FROM members WHERE chat = ?1), 0) + 1"
                    " WHERE EXISTS (SELECT 1 FROM chats WHERE chat = ?1)"));
          E2E_TRY(q.bind(1, o.chat));
          E2E_TRY(q.bind(2, o.device));
          return q.run();
        } else if constexpr (std::is_same_v<T, RemoveMember>) {
          E2E_ASSIGN_OR_RETURN(SqliteQuery q,
                               query("DELETE FROM members WHERE chat = ?1 AND device = ?2"));
          E2E_TRY(q.bind(1, o.chat));
          E2E_TRY(q.bind(2, o.device));
          return q.run();
        } else if constexpr (std::is_same_v<T, AddInvite>) {
          E2E_ASSIGN_OR_RETURN(
              SqliteQuery q,
              query("INSERT OR IGNORE INTO invites(chat, hash, seq)"
                    " SELECT ?1, ?2, COALESCE((SELECT MAX(seq) FROM invites WHERE chat = ?1), 0) + 1"
                    " WHERE EXISTS (SELECT 1 FROM chats WHERE chat = ?1)"));
          E2E_TRY(q.bind(1, o.chat));
          E2E_TRY(q.bind_blob(2, o.hash));
          return q.run();
        } else if constexpr (std::is_same_v<T, SpendInvite>) {
          // An invite hash is the redeem credential: wiped from the WAL too.
          E2E_ASSIGN_OR_RETURN(SqliteQuery q,
                               query("DELETE FROM invites WHERE chat = ?1 AND hash = ?2"));
          E2E_TRY(q.bind(1, o.chat));
          E2E_TRY(q.bind_blob(2, o.hash));
          E2E_TRY(q.run());
          if (q.changes() > 0) deleted_in_batch_ = true;
          return ok_result();
        } else if constexpr (std::is_same_v<T, Post>) {
          return apply_post(o);
        } else if constexpr (std::is_same_v<T, RemoveItems>) {
          // Only |device|'s own items; unknown ids (and ids SQLite cannot hold,
          // which were never stored) are ignored.
          for (uint64_t id : o.ids) {
            if (id > kMaxStorableId) continue;
            E2E_ASSIGN_OR_RETURN(SqliteQuery q,
                                 query("DELETE FROM items WHERE id = ?1 AND recipient = ?2"));
            E2E_TRY(q.bind(1, static_cast<int64_t>(id)));
            E2E_TRY(q.bind(2, o.device));
            E2E_TRY(q.run());
            if (q.changes() > 0) deleted_in_batch_ = true;
          }
          return ok_result();
        } else if constexpr (std::is_same_v<T, PutDedup>) {
          if (o.record.first_id > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
            return make_error(Errc::kInvalidArgument, "sqlite store: dedup id beyond 2^63-1");
          }
          {
            // A new cmid goes last in the eviction order; a known one keeps its
            // place and takes the new record (MemoryStore's insert_or_assign).
            E2E_ASSIGN_OR_RETURN(
                SqliteQuery q,
                query("INSERT INTO dedup(sender, cmid, first_id, count, seq)"
                      " VALUES(?1, ?2, ?3, ?4,"
                      "  COALESCE((SELECT MAX(seq) FROM dedup WHERE sender = ?1), 0) + 1)"
                      " ON CONFLICT(sender, cmid) DO UPDATE"
                      " SET first_id = excluded.first_id, count = excluded.count"));
            E2E_TRY(q.bind(1, o.sender));
            E2E_TRY(q.bind(2, o.record.cmid));
            E2E_TRY(q.bind(3, static_cast<int64_t>(o.record.first_id)));
            E2E_TRY(q.bind(4, clamp_i64(o.record.count)));
            E2E_TRY(q.run());
          }
          // Keep the newest keep_last: delete from the (keep_last+1)-th newest down.
          E2E_ASSIGN_OR_RETURN(
              SqliteQuery q,
              query("DELETE FROM dedup WHERE sender = ?1 AND seq <= (SELECT seq FROM dedup"
                    " WHERE sender = ?1 ORDER BY seq DESC LIMIT 1 OFFSET ?2)"));
          E2E_TRY(q.bind(1, o.sender));
          E2E_TRY(q.bind(2, clamp_i64(o.keep_last)));
          return q.run();
        }
      },
      op);
}

}  // namespace e2e::relay
