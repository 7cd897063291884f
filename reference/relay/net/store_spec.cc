#include "net/store_spec.h"

#include <string>

#include "relay/memory_store.h"
#include "relay/sqlite_store.h"

namespace e2e::net {

Result<OpenedStore> open_store(std::string_view spec) {
  OpenedStore out;
  if (spec == "memory") {
    out.store = std::make_unique<relay::MemoryStore>();
    out.flush = [](relay::Store&) { return ok_result(); };
    return out;
  }
  constexpr std::string_view kSqlite = "sqlite:";
  if (spec.substr(0, kSqlite.size()) == kSqlite && spec.size() > kSqlite.size()) {
    E2E_ASSIGN_OR_RETURN(auto db, relay::SqliteStore::open(std::string(spec.substr(kSqlite.size()))));
    out.store = std::move(db);
    out.flush = [](relay::Store& s) { return static_cast<relay::SqliteStore&>(s).checkpoint(); };
    out.durable = true;
    return out;
  }
  return make_error(Errc::kInvalidArgument, "--store must be 'memory' or 'sqlite:PATH'");
}

}  // namespace e2e::net
