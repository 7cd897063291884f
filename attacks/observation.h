// Named observations: what one variant of an attack saw, as typed facts.
// Claims bind to observations of named variants (docs/EVIDENCE.md), never to
// a whole matrix cell, so a variant that tests something else cannot decide a
// claim it has no bearing on. Every name is in observation_names(); a claim
// that cites an unknown one is refused when the registry loads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace e2e::attacks {

// One fact. |count| 0 means "looked, and did not see it"; a fact that was not
// looked for is not recorded at all, and a claim bound to it has no evidence.
struct Observation {
  std::string name;       // one of observation_names(): "attacker.decrypted", ...
  std::string qualifier;  // kind or category ("key_changed", "display-name"); "" when the name takes none
  uint64_t count = 0;
  std::string detail;     // one clause for the report: what exactly was seen

  bool present() const { return count > 0; }
};

struct ObservationName {
  std::string_view name;
  bool qualified;            // takes a qualifier (client.warned{kind}, metadata{category}, ...)
  std::string_view meaning;  // printed in docs/EVIDENCE.md and the report
};

// observation_names: the closed vocabulary, in a stable order.
const std::vector<ObservationName>& observation_names();
// find_observation_name: the entry for |name|, or nullptr.
const ObservationName* find_observation_name(std::string_view name);

// observation_key: "client.warned{key_changed}", or the bare name.
std::string observation_key(std::string_view name, std::string_view qualifier);
inline std::string observation_key(const Observation& o) { return observation_key(o.name, o.qualifier); }

// find_observation: the observation with |name| and |qualifier| in |list|, or nullopt.
std::optional<Observation> find_observation(const std::vector<Observation>& list, std::string_view name,
                                            std::string_view qualifier = {});

// The warning kinds a client can raise (client.warned{kind}); every variant
// that ran an honest client records all of them, 0 or more.
const std::vector<std::string>& warning_kinds();

// metadata_categories: every category of metadata the relay can observe,
// whether or not a sweep looks for it yet. A claim that the document's list of
// what the server sees is complete is judged against all of these: a
// category nobody looked for leaves it not testable.
struct MetadataCategory {
  std::string_view name;     // "display-name"
  std::string_view meaning;  // "members' screen names"
};
const std::vector<MetadataCategory>& metadata_categories();

nlohmann::json to_json(const Observation& o);

}  // namespace e2e::attacks
