// The claims registry (reports/claims/*.json, format in reports/claims/schema.md):
// what each source document asserts, in our words, and which evidence bears on
// it. The loader is strict: an unknown field, a duplicate id, an unknown kind,
// preset or evidence target is an error naming the file and the claim.
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "claims/rules.h"
#include "common/result.h"

namespace e2e::audit {

enum class EvidenceType { kAttack, kProperty, kWycheproof, kVectors };

// Which way a check's success points (attacks carry their own direction).
enum class Bears { kSupports, kRefutes };

struct EvidenceRef {
  EvidenceType type;
  std::string target;  // attack id, property id, Wycheproof file name, vector family
  std::string preset;  // attacks and properties: the preset they ran on; else ""
  Bears bears = Bears::kSupports;
  std::string note;    // optional: why this evidence is relevant
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
  std::set<std::string> attacks;
  std::set<std::string> properties;
  std::set<std::string> wycheproof_files;
  std::set<std::string> vector_families;
};

// Presets (names, claim prefixes, assumptions) always come from
// reference/protocol: a claim names a real preset.
//
// known_evidence_defaults: attacks from the catalog, vector families from
// vectors/verify, Wycheproof files from <vectors_dir>/third_party/wycheproof.
// Properties are left to the caller (the suite's property_ids()).
Result<KnownEvidence> known_evidence_defaults(const std::filesystem::path& vectors_dir);

// parse_registry_file checks one file's JSON and appends its claims; |name| is
// used in messages. Errors are kDecodeError with "<name>: claim <id>: ...".
Result<void> parse_registry_file(const nlohmann::json& doc, const std::string& name,
                                 const KnownEvidence& known, Registry& into);

// load_registry reads every *.json of |dir| (sorted by name). kNotFound when the
// directory has none; kDecodeError for any malformed file or a duplicate id.
Result<Registry> load_registry(const std::filesystem::path& dir, const KnownEvidence& known);

std::string_view evidence_type_name(EvidenceType t);  // "attack", "property", ...
// evidence_label: "B01 on arthas", "property delivery/x on hardened", "wycheproof aes_gcm_test.json".
std::string evidence_label(const EvidenceRef& ref);

}  // namespace e2e::audit
