// The claims registry (reports/claims/*.json, format in reports/claims/schema.md):
// what each source document asserts, in our words, and which evidence bears on
// it. The loader is strict: an unknown field, a duplicate id, an unknown kind,
// preset or evidence target is an error naming the file and the claim.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "claims/rules.h"
#include "common/result.h"

namespace e2e::audit {

// The four forms of an evidence reference (docs/EVIDENCE.md §2).
enum class EvidenceType {
  kObservation,   // one observation of one variant of an attack on a preset
  kCompleteness,  // a list of what the server sees, against a variant's metadata sweep
  kProperty,      // a delivery property run on a preset
  kWycheproof,    // one vendored Wycheproof file
  kVectors,       // every file of one of our vector families
};

// Which way a reference points. Observation: `refutes` means the observation
// present (count > 0) contradicts the claim and recorded as 0 supports it;
// `supports` the other way round. Check: `supports` means passing supports the
// claim; `refutes` means passing demonstrates the weakness.
enum class Bears { kSupports, kRefutes };

struct EvidenceRef {
  EvidenceType type = EvidenceType::kObservation;
  std::string target;       // attack id, property id, Wycheproof file name, vector family
  std::string preset;       // observation, completeness and property: where it ran; else ""
  std::string variant;      // observation and completeness: the attack's variant
  std::string observation;  // observation: a name of attacks::observation_names()
  std::string qualifier;    // observation: its kind or category when the name takes one
  std::vector<std::string> complete;  // completeness: the categories the document lists
  Bears bears = Bears::kSupports;     // observation (required) and checks; not completeness
  std::string note;         // optional: why this evidence is relevant
  std::string condition;    // optional: the support holds only under this condition
};

struct Assumption {
  std::string text;
  bool from_preset = false;  // quoted from the preset's `e2eproof presets` assumptions
};

struct Claim {
  std::string id;              // "ARTHAS-07"
  std::string document;        // seed file name
  std::string section;         // where in it
  std::string preset;
  Kind kind = Kind::kProperty;
  std::string statement;       // our paraphrase
  std::vector<Assumption> assumptions;
  std::vector<EvidenceRef> evidence;
  std::string would_test;      // what evidence would test it ("" when evidence is listed)
  std::string registry_file;   // the file it came from (for messages)
};

struct RegistryFile {
  std::string file;   // file name, "eleven.json"
  std::string title;  // the document's name, for report headings
};

struct Registry {
  std::vector<RegistryFile> files;  // in load order (sorted by name)
  std::vector<Claim> claims;        // in file order, then in each file's order
  const Claim* find(std::string_view id) const;
};

// KnownEvidence: what evidence references may name. The CLI fills it from the
// catalog, the vendored Wycheproof files, the vector families, the property
// suite and the presets; tests build their own.
struct KnownEvidence {
  std::set<std::string> attacks;  // the attack catalog's ids (built or not)
  // The variant names of each implemented attack (attacks::registered_attacks()).
  // An attack listed here makes the loader refuse a reference to a variant it
  // does not have; an attack of the catalog that is not built yet accepts any
  // name, and the audit reports such a reference as missing evidence.
  std::map<std::string, std::set<std::string>> attack_variants;
  // The observation keys each (attack, variant) records (VariantSpec::records).
  // A reference to a key the variant never records is refused: it could never
  // be evidence. A variant that records nothing yet (N/A everywhere) is not
  // checked.
  std::map<std::pair<std::string, std::string>, std::set<std::string>> variant_records;
  std::set<std::string> properties;
  std::set<std::string> wycheproof_files;
  std::set<std::string> vector_families;
};

// Presets (names, claim prefixes, assumptions) always come from
// reference/protocol: a claim names a real preset.
//
// known_evidence_defaults: attacks from the catalog, vector families from
// vectors/verify, Wycheproof files from <vectors_dir>/third_party/wycheproof;
// kNotFound when the Wycheproof folder cannot be listed. Properties are left
// to the caller (the suite's property_ids()); attack_variants and
// variant_records come from attacks::registered_attacks().
Result<KnownEvidence> known_evidence_defaults(const std::filesystem::path& vectors_dir);

// kRegistrySchema: the only registry format the loader reads.
inline constexpr std::string_view kRegistrySchema = "e2eproof-claims@2";

// parse_registry_file checks one file's JSON and appends its claims; |name| is
// used in messages. Errors are kDecodeError with "<name>: claim <id>: ..."
// (evidence errors add ": evidence[<i>]"); an @1 file is refused with a
// message saying to rewrite it to @2.
Result<void> parse_registry_file(const nlohmann::json& doc, const std::string& name,
                                 const KnownEvidence& known, Registry& into);

// load_registry reads every *.json of |dir| (sorted by name). kNotFound when the
// directory has none; kDecodeError for any malformed file or a duplicate id.
Result<Registry> load_registry(const std::filesystem::path& dir, const KnownEvidence& known);

// check_variant_name: ok when |known| has no variant list for |attack| (the
// hook above) or the list has |variant|; else kDecodeError "<where>: attack
// <id> has no variant '<v>' (it has: ...)".
Result<void> check_variant_name(const KnownEvidence& known, const std::string& attack, const std::string& variant,
                                const std::string& where);

std::string_view evidence_type_name(EvidenceType t);  // "observation", "completeness", "property", ...
std::string_view bears_name(Bears b);                 // "supports", "refutes"
// evidence_label: "A01 unsigned-notice on eleven: attacker.decrypted",
// "G03 metadata on eleven: complete [member-id, chat-id]",
// "property delivery/x on hardened", "wycheproof aes_gcm_test.json", "vectors share_code".
std::string evidence_label(const EvidenceRef& ref);

}  // namespace e2e::audit
