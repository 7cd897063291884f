#include "attacks/attacker.h"

#include "common/rng.h"

namespace e2e::attacks {

proto::DirectoryEntry AttackerKeys::entry(const proto::Id& as_device, const std::string& as_name) const {
  return proto::DirectoryEntry{as_device.empty() ? id : as_device, as_name.empty() ? name : as_name,
                               dh_public(), sig_public()};
}

proto::ClientFrame AttackerKeys::register_frame(uint64_t rid) const {
  return proto::Register{rid, name, dh_public(), sig_public()};
}

Result<AttackerKeys> make_attacker(const proto::Id& id, const std::string& name, uint64_t seed) {
  DeterministicRng rng(seed, "attacker/" + id);
  E2E_ASSIGN_OR_RETURN(crypto::P256PrivateKey dh, crypto::P256PrivateKey::generate(rng));
  E2E_ASSIGN_OR_RETURN(crypto::Ed25519PrivateKey sig, crypto::Ed25519PrivateKey::generate(rng));
  AttackerKeys k;
  k.id = id;
  k.name = name;
  k.dh = std::make_shared<const crypto::P256PrivateKey>(std::move(dh));
  k.sig = std::make_shared<const crypto::Ed25519PrivateKey>(std::move(sig));
  return k;
}

}  // namespace e2e::attacks
