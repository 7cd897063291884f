#include "common/errc.h"

namespace e2e {

std::string_view errc_name(Errc c) {
  switch (c) {
#define E2E_ERRC_NAME(name, cat, idx, stable, msg) \
  case Errc::name:                                 \
    return stable;
    E2E_ERRC_LIST(E2E_ERRC_NAME)
#undef E2E_ERRC_NAME
  }
  return "E2E_ERR_UNKNOWN";
}

std::string_view errc_message(Errc c) {
  switch (c) {
#define E2E_ERRC_MSG(name, cat, idx, stable, msg) \
  case Errc::name:                                \
    return msg;
    E2E_ERRC_LIST(E2E_ERRC_MSG)
#undef E2E_ERRC_MSG
  }
  return "unknown error";
}

std::optional<Errc> errc_from_name(std::string_view n) {
#define E2E_ERRC_FROM(name, cat, idx, stable, msg) \
  if (n == stable) return Errc::name;
  E2E_ERRC_LIST(E2E_ERRC_FROM)
#undef E2E_ERRC_FROM
  return std::nullopt;
}

}  // namespace e2e
