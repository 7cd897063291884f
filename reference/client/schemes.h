// Internal: the scheme modules, one per proto::KeySource (scheme.cc picks one).
#pragma once

#include "client/scheme.h"

namespace e2e::client {

const Scheme& share_code_scheme();  // scheme_share_code.cc (arthas)
const Scheme& chat_key_scheme();    // scheme_chat_key.cc (eleven)
const Scheme& epoch_key_scheme();   // scheme_epoch_key.cc (hardened)

}  // namespace e2e::client
