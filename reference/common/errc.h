// Errc: the small, versioned set of error codes e2eproof exposes. The category
// sits in the high 16 bits so callers can branch on the kind of failure. Names
// ("E2E_ERR_...") are a public contract: the conformance harness compares them.
// Every authentication failure, whatever its cause, is the single kAuthFailed.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace e2e {

enum class ErrCategory : uint16_t {
  kUsage = 1,      // the caller broke the API contract
  kMalformed = 2,  // input could not be decoded or is not acceptable as a value
  kAuth = 3,       // authentication or trust failed
  kReplay = 4,     // a message was seen before or belongs to an old epoch
  kState = 5,      // the operation does not fit the current state
  kResource = 6,   // a bound or rate was exceeded
  kIo = 7,         // files, sockets, storage
  kInternal = 8,   // a library call failed for no reason the input explains
};

// X(name, category, index, stable_name, message)
#define E2E_ERRC_LIST(X)                                                                          \
  X(kInvalidArgument, kUsage, 1, "E2E_ERR_INVALID_ARGUMENT", "invalid argument")                  \
  X(kUnsupported, kUsage, 2, "E2E_ERR_UNSUPPORTED", "unsupported parameter or feature")           \
  X(kDecodeError, kMalformed, 1, "E2E_ERR_DECODE", "malformed encoding")                          \
  X(kInvalidKey, kMalformed, 2, "E2E_ERR_INVALID_KEY", "key rejected")                            \
  X(kAuthFailed, kAuth, 1, "E2E_ERR_AUTH_FAILED", "authentication failed")                        \
  X(kUntrustedIdentity, kAuth, 2, "E2E_ERR_UNTRUSTED_IDENTITY", "identity not trusted")           \
  X(kUnknownSender, kAuth, 3, "E2E_ERR_UNKNOWN_SENDER", "sender not a member")                    \
  X(kDowngrade, kAuth, 4, "E2E_ERR_DOWNGRADE", "security downgrade refused")                      \
  X(kReplay, kReplay, 1, "E2E_ERR_REPLAY", "message already processed")                           \
  X(kStaleEpoch, kReplay, 2, "E2E_ERR_STALE_EPOCH", "message from an old epoch")                  \
  X(kState, kState, 1, "E2E_ERR_STATE", "operation not valid in this state")                      \
  X(kExpired, kState, 2, "E2E_ERR_EXPIRED", "expired")                                            \
  X(kLimitExceeded, kResource, 1, "E2E_ERR_LIMIT", "size or count limit exceeded")                \
  X(kRateLimited, kResource, 2, "E2E_ERR_RATE_LIMITED", "rate limit exceeded")                    \
  X(kIo, kIo, 1, "E2E_ERR_IO", "input/output failure")                                            \
  X(kNotFound, kIo, 2, "E2E_ERR_NOT_FOUND", "not found")                                          \
  X(kInternal, kInternal, 1, "E2E_ERR_INTERNAL", "internal error")

enum class Errc : uint32_t {
#define E2E_ERRC_ENUM(name, cat, idx, stable, msg) \
  name = (static_cast<uint32_t>(ErrCategory::cat) << 16) | idx,
  E2E_ERRC_LIST(E2E_ERRC_ENUM)
#undef E2E_ERRC_ENUM
};

// category returns the high bits of |c|.
constexpr ErrCategory category(Errc c) {
  return static_cast<ErrCategory>(static_cast<uint32_t>(c) >> 16);
}

// errc_name returns the stable "E2E_ERR_..." name of |c|.
std::string_view errc_name(Errc c);
// errc_message returns a short human description of |c|.
std::string_view errc_message(Errc c);
// errc_from_name maps a stable name back to its code; nullopt for unknown names.
std::optional<Errc> errc_from_name(std::string_view name);

}  // namespace e2e
