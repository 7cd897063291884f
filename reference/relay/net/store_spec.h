// store_spec: `--store sqlite:PATH` or `--store memory` to a relay::Store.
#pragma once

#include <memory>
#include <string_view>

#include "common/result.h"
#include "relay/store.h"

namespace e2e::net {

struct OpenedStore {
  std::unique_ptr<relay::Store> store;
  // flush makes everything durable before exit (a WAL checkpoint for SQLite;
  // nothing for memory, which by design keeps nothing).
  Result<void> (*flush)(relay::Store&) = nullptr;
  bool durable = false;
};

// open_store: "memory" (relay::MemoryStore: message bytes never touch disk) or
// "sqlite:PATH" (relay::SqliteStore, WAL, synchronous=FULL). kInvalidArgument
// for another spec; kIo when the database cannot be opened.
Result<OpenedStore> open_store(std::string_view spec);

}  // namespace e2e::net
