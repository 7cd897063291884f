// The run functions of the implemented scenarios (one file each). Tests call
// them directly; everything else goes through scenarios().
#pragma once

#include <cstdint>
#include <vector>

#include "attacks/scenario.h"

namespace e2e::attacks {

// A01 ghost member: the relay adds an attacker device to a chat nobody invited it to.
Result<std::vector<Outcome>> run_a01_ghost_member(const proto::Preset& preset,
                                                  const driver::DriverFactory& factory, uint64_t seed);
// A03 directory key substitution: per-requester directory answers with attacker keys.
Result<std::vector<Outcome>> run_a03_key_substitution(const proto::Preset& preset,
                                                      const driver::DriverFactory& factory, uint64_t seed);
// B01 replay of captured items (v1..v6).
Result<std::vector<Outcome>> run_b01_replay(const proto::Preset& preset, const driver::DriverFactory& factory,
                                            uint64_t seed);
// G03 database theft and canary sweep over a real SQLite store.
Result<std::vector<Outcome>> run_g03_db_theft(const proto::Preset& preset, const driver::DriverFactory& factory,
                                              uint64_t seed);

}  // namespace e2e::attacks
