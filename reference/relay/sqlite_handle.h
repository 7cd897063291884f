// RAII for the SQLite objects of the relay's SQLite backend: the connection
// (sqlite3*), prepared statements (sqlite3_stmt*), and SqliteQuery, a cursor
// over one cached statement that binds, steps, reads columns and resets the
// statement when it goes away. Nothing else calls sqlite3_close /
// sqlite3_finalize / sqlite3_reset directly. Internal to relay/sqlite_store*.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/result.h"

namespace e2e::relay {
namespace sqlite {

struct Deleter {
  // sqlite3_close_v2 defers the close until every statement is finalized, so
  // the order in which a SqliteStore's members are destroyed does not matter.
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  void operator()(sqlite3_stmt* st) const { sqlite3_finalize(st); }
};

using Db = std::unique_ptr<sqlite3, Deleter>;
using Stmt = std::unique_ptr<sqlite3_stmt, Deleter>;

// io_error is kIo "<what>: <SQLite's message for |db|>".
inline Error io_error(sqlite3* db, std::string_view what) {
  return make_error(Errc::kIo, std::string(what) + ": " + sqlite3_errmsg(db));
}

}  // namespace sqlite

// SqliteQuery: one use of a cached statement. Binding indexes start at 1,
// column indexes at 0 (SQLite's convention). Every call is checked; failures
// are kIo naming the statement's purpose.
class SqliteQuery {
 public:
  SqliteQuery(sqlite3* db, sqlite3_stmt* st, uint64_t* fail_countdown)
      : db_(db), st_(st), fail_countdown_(fail_countdown) {}
  SqliteQuery(SqliteQuery&& o) noexcept
      : db_(o.db_), st_(o.st_), fail_countdown_(o.fail_countdown_) {
    o.st_ = nullptr;
  }
  SqliteQuery& operator=(SqliteQuery&&) = delete;
  SqliteQuery(const SqliteQuery&) = delete;
  SqliteQuery& operator=(const SqliteQuery&) = delete;
  ~SqliteQuery() {
    if (st_ == nullptr) return;
    sqlite3_reset(st_);  // its return code repeats the last step's, already reported
    sqlite3_clear_bindings(st_);
  }

  Result<void> bind(int i, int64_t v) { return check(sqlite3_bind_int64(st_, i, v), "bind"); }
  Result<void> bind(int i, std::string_view text) {
    return check(sqlite3_bind_text64(st_, i, text.empty() ? "" : text.data(), text.size(),
                                     SQLITE_TRANSIENT, SQLITE_UTF8),
                 "bind");
  }
  // bind_blob binds |b| as a blob; an empty |b| is a zero-length blob, not NULL.
  Result<void> bind_blob(int i, ByteView b) {
    static const uint8_t kEmpty = 0;
    return check(sqlite3_bind_blob64(st_, i, b.empty() ? &kEmpty : b.data(), b.size(),
                                     SQLITE_TRANSIENT),
                 "bind");
  }
  Result<void> bind_null(int i) { return check(sqlite3_bind_null(st_, i), "bind"); }

  // step runs the statement one row further: true when a row is available,
  // false when done.
  Result<bool> step() {
    if (fail_countdown_ != nullptr && *fail_countdown_ > 0 && --*fail_countdown_ == 0) {
      return make_error(Errc::kIo, "sqlite step: injected failure (test knob)");
    }
    const int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return sqlite::io_error(db_, "sqlite step");
  }
  // run steps to completion, ignoring any rows.
  Result<void> run() {
    for (;;) {
      E2E_ASSIGN_OR_RETURN(const bool row, step());
      if (!row) return ok_result();
    }
  }
  // changes is the number of rows the last run changed directly (not through
  // triggers or foreign-key actions).
  int64_t changes() const { return sqlite3_changes64(db_); }

  bool is_null(int col) const { return sqlite3_column_type(st_, col) == SQLITE_NULL; }
  int64_t i64(int col) const { return sqlite3_column_int64(st_, col); }
  std::string text(int col) const {
    const unsigned char* p = sqlite3_column_text(st_, col);
    const int n = sqlite3_column_bytes(st_, col);
    if (p == nullptr || n <= 0) return std::string();
    return std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
  }
  Bytes blob(int col) const {
    const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(st_, col));
    const int n = sqlite3_column_bytes(st_, col);
    if (p == nullptr || n <= 0) return Bytes();
    return Bytes(p, p + n);
  }

 private:
  Result<void> check(int rc, std::string_view what) {
    if (rc == SQLITE_OK) return ok_result();
    return sqlite::io_error(db_, std::string("sqlite ") + std::string(what));
  }

  sqlite3* db_;
  sqlite3_stmt* st_;
  uint64_t* fail_countdown_;
};

}  // namespace e2e::relay
