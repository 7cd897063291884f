// e2e_vectors_gen [OUT_DIR]: writes every family's <name>-new.json under
// OUT_DIR (default: the source tree's vectors/). Deterministic: the same build
// writes the same bytes. Random values a construction draws are recorded with
// RecordingRng and stored in the case as inputs (the verifier replays them).
// Each family's generator is in gen_<family>.cc; the shared builder in gen_common.h.
#include <filesystem>
#include <iostream>
#include <string_view>

#include "gen_common.h"

int main(int argc, char** argv) {
  namespace gen = e2e::vectors::gen;
  // An option is never taken for a folder to write into.
  if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
    const bool help = argc == 2 && (std::string_view(argv[1]) == "-h" || std::string_view(argv[1]) == "--help");
    (help ? std::cout : std::cerr) << "usage: e2e_vectors_gen [OUT_DIR]\n"
                                      "writes every vector family's <name>-new.json under OUT_DIR "
                                      "(default: the source tree's vectors/)\n";
    return help ? 0 : 2;
  }
  const std::filesystem::path out = argc > 1 ? std::filesystem::path(argv[1]) : std::filesystem::path(E2E_VECTORS_DIR);
  // The order is the original one; each family draws from its own seeded Rng.
  gen::gen_hkdf_labels(out);
  gen::gen_padding(out);
  gen::gen_share_code(out);
  gen::gen_ecies_wrap(out);
  gen::gen_envelope_hardened(out);
  gen::gen_roster_op(out);
  gen::gen_frames(out);
  gen::gen_envelope_arthas(out);
  gen::gen_envelope_eleven(out);
  gen::gen_invites(out);
  return 0;
}
