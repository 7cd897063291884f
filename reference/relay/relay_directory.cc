// Directory handlers: register and lookup (PROTO-RELAY-01).
#include <unordered_set>

#include "relay/relay.h"

namespace e2e::relay {

//= docs/PROTOCOL.md#3
//# PROTO-RELAY-01: `register` with a device id that exists and the same keys and
//# name is a no-op (`ok`); with different keys or name it is refused with
//# `E2E_ERR_STATE`. The honest relay never changes a registered key.
Result<void> Relay::on(const proto::Id& dev, const proto::Register& f, Out& out) {
  DeviceRecord rec{dev, f.name, f.dh, f.sig};
  E2E_ASSIGN_OR_RETURN(std::optional<DeviceRecord> existing, store_.device(dev));
  if (existing) {
    if (!(*existing == rec)) return make_error(Errc::kState, "device already registered with other keys or name");
  } else {
    E2E_ASSIGN_OR_RETURN(size_t n, store_.device_count());
    if (n >= policy_.max_devices) return make_error(Errc::kLimitExceeded, "directory full");
    E2E_TRY(apply(Batch{PutDevice{std::move(rec)}}));
  }
  out.push_back(Outbound{dev, proto::Ok{f.rid}});
  return ok_result();
}

// lookup answers in request order; a device asked for twice is answered once.
Result<void> Relay::on(const proto::Id& dev, const proto::Lookup& f, Out& out) {
  proto::Keys keys{f.rid, {}, {}};
  std::unordered_set<proto::Id> seen;
  for (const proto::Id& d : f.devices) {
    if (!seen.insert(d).second) continue;
    E2E_ASSIGN_OR_RETURN(std::optional<DeviceRecord> rec, store_.device(d));
    if (rec) {
      keys.entries.push_back(proto::DirectoryEntry{rec->device, rec->name, rec->dh, rec->sig});
    } else {
      keys.missing.push_back(d);
    }
  }
  out.push_back(Outbound{dev, std::move(keys)});
  return ok_result();
}

}  // namespace e2e::relay
