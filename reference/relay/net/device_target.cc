#include "net/device_target.h"

#include "protocol/ids.h"

namespace e2e::net {

Result<proto::Id> device_from_target(std::string_view target) {
  const size_t q = target.find('?');
  if (q == std::string_view::npos || target.substr(0, q) != kWsPath)
    return make_error(Errc::kInvalidArgument, "target must be /v1?device=<id>");
  std::string_view query = target.substr(q + 1);
  constexpr std::string_view kKey = "device=";
  if (query.substr(0, kKey.size()) != kKey)
    return make_error(Errc::kInvalidArgument, "target must be /v1?device=<id>");
  const std::string_view id = query.substr(kKey.size());
  if (!proto::valid_id(id)) return make_error(Errc::kInvalidArgument, "invalid device id");
  return proto::Id(id);
}

std::string target_for(std::string_view device) {
  return std::string(kWsPath) + "?device=" + std::string(device);
}

}  // namespace e2e::net
