// The chat command's state file: the client core's export_state document,
// written atomically (temporary file, fsync, rename) with mode 0600 since it
// holds the device's private keys and chat keys.
#pragma once

#include <optional>
#include <string>

#include "common/result.h"
#include "common/secret_bytes.h"

namespace e2e::cli {

// read_state_file: the document, or nullopt when |path| does not exist.
Result<std::optional<SecretBytes>> read_state_file(const std::string& path);
// write_state_file replaces |path| atomically; the file is created 0600.
Result<void> write_state_file(const std::string& path, ByteView document);

}  // namespace e2e::cli
