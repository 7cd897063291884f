#include "claims/registry.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "attacks/attack_spec.h"
#include "protocol/preset.h"
#include "verify/vectors.h"
#include "wycheproof/runner.h"

namespace e2e::audit {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Fields: strict access to one JSON object. Every message is prefixed with
// where we are ("eleven.json: claim ELEVEN-03: evidence[1]"), so an author
// can find the spot without a line number.
class Fields {
 public:
  Fields(const json& j, std::string where) : j_(j), where_(std::move(where)) {}

  Result<void> only(std::initializer_list<std::string_view> allowed) const {
    if (!j_.is_object()) return fail("must be a JSON object");
    for (const auto& [key, value] : j_.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        return fail("unknown field '" + key + "'");
      }
    }
    return ok_result();
  }
  bool has(const char* key) const { return j_.contains(key); }
  Result<std::string> str(const char* key) const {
    if (!j_.contains(key)) return fail(std::string("missing field '") + key + "'");
    const json& v = j_.at(key);
    if (!v.is_string() || v.get_ref<const std::string&>().empty()) {
      return fail(std::string("field '") + key + "' must be a non-empty string");
    }
    return v.get<std::string>();
  }
  Result<std::string> opt_str(const char* key) const {
    if (!j_.contains(key)) return std::string();
    return str(key);
  }
  Result<const json*> array(const char* key) const {
    if (!j_.contains(key)) return fail(std::string("missing field '") + key + "'");
    if (!j_.at(key).is_array()) return fail(std::string("field '") + key + "' must be an array");
    return &j_.at(key);
  }
  Result<const json*> object(const char* key) const {
    if (!j_.contains(key)) return fail(std::string("missing field '") + key + "'");
    if (!j_.at(key).is_object()) return fail(std::string("field '") + key + "' must be an object");
    return &j_.at(key);
  }
  Error fail(const std::string& why) const { return make_error(Errc::kDecodeError, where_ + ": " + why); }
  const std::string& where() const { return where_; }

 private:
  const json& j_;
  std::string where_;
};

Result<EvidenceRef> parse_evidence(const json& j, const std::string& where, const Claim& claim,
                                   const KnownEvidence& known) {
  Fields f(j, where);
  E2E_TRY(f.only({"attack", "property", "wycheproof", "vectors", "preset", "bears", "note"}));
  EvidenceRef ref;
  int kinds = 0;
  for (auto [key, type] : {std::pair{"attack", EvidenceType::kAttack},
                           std::pair{"property", EvidenceType::kProperty},
                           std::pair{"wycheproof", EvidenceType::kWycheproof},
                           std::pair{"vectors", EvidenceType::kVectors}}) {
    if (!f.has(key)) continue;
    ++kinds;
    ref.type = type;
    E2E_ASSIGN_OR_RETURN(ref.target, f.str(key));
  }
  if (kinds != 1) {
    return f.fail("needs exactly one of 'attack', 'property', 'wycheproof', 'vectors'");
  }
  E2E_ASSIGN_OR_RETURN(ref.note, f.opt_str("note"));
  const bool ran_on_preset = ref.type == EvidenceType::kAttack || ref.type == EvidenceType::kProperty;
  if (f.has("preset")) {
    if (!ran_on_preset) return f.fail("'preset' applies only to attack and property evidence");
    E2E_ASSIGN_OR_RETURN(ref.preset, f.str("preset"));
    if (!proto::find_preset(ref.preset).ok()) return f.fail("unknown preset '" + ref.preset + "'");
  } else if (ran_on_preset) {
    ref.preset = claim.preset;  // the claim's own preset unless said otherwise
  }
  if (f.has("bears")) {
    // An attack's verdict already says which way it points.
    if (ref.type == EvidenceType::kAttack) return f.fail("'bears' does not apply to attack evidence");
    E2E_ASSIGN_OR_RETURN(std::string b, f.str("bears"));
    if (b == "supports") {
      ref.bears = Bears::kSupports;
    } else if (b == "refutes") {
      ref.bears = Bears::kRefutes;
    } else {
      return f.fail("'bears' must be \"supports\" or \"refutes\", not '" + b + "'");
    }
  }
  const std::set<std::string>* set = nullptr;
  switch (ref.type) {
    case EvidenceType::kAttack: set = &known.attacks; break;
    case EvidenceType::kProperty: set = &known.properties; break;
    case EvidenceType::kWycheproof: set = &known.wycheproof_files; break;
    case EvidenceType::kVectors: set = &known.vector_families; break;
  }
  if (!set->contains(ref.target)) {
    return f.fail("unknown " + std::string(evidence_type_name(ref.type)) + " '" + ref.target + "'");
  }
  return ref;
}

// resolve_assumption: {"preset": "<phrase>"} quotes the one assumption of the
// claim's preset containing <phrase> (a phrase, not an index, so reordering
// the preset's list cannot silently change what a claim cites).
Result<Assumption> parse_assumption(const json& j, const std::string& where, const proto::Preset& preset) {
  Fields f(j, where);
  E2E_TRY(f.only({"preset", "note"}));
  if (f.has("preset") == f.has("note")) return f.fail("needs exactly one of 'preset', 'note'");
  if (f.has("note")) {
    E2E_ASSIGN_OR_RETURN(std::string text, f.str("note"));
    return Assumption{std::move(text), false};
  }
  E2E_ASSIGN_OR_RETURN(std::string phrase, f.str("preset"));
  const std::string* match = nullptr;
  for (const std::string& a : preset.assumptions) {
    if (a.find(phrase) == std::string::npos) continue;
    if (match != nullptr) {
      return f.fail("phrase '" + phrase + "' matches more than one assumption of preset " + preset.name);
    }
    match = &a;
  }
  if (match == nullptr) {
    return f.fail("phrase '" + phrase + "' matches no assumption of preset " + preset.name +
                  " (see `e2eproof presets`)");
  }
  return Assumption{*match, true};
}

Result<Claim> parse_claim(const json& j, const std::string& name, size_t index, const KnownEvidence& known) {
  Fields f(j, name + ": claims[" + std::to_string(index) + "]");
  if (!j.is_object()) return f.fail("must be a JSON object");
  Claim c;
  E2E_ASSIGN_OR_RETURN(c.id, f.str("id"));
  Fields g(j, name + ": claim " + c.id);
  E2E_TRY(g.only({"id", "document", "preset", "kind", "statement", "assumptions", "evidence", "would_test"}));

  E2E_ASSIGN_OR_RETURN(const json* doc, g.object("document"));
  Fields d(*doc, g.where() + ": document");
  E2E_TRY(d.only({"file", "section"}));
  E2E_ASSIGN_OR_RETURN(c.document, d.str("file"));
  E2E_ASSIGN_OR_RETURN(c.section, d.str("section"));

  E2E_ASSIGN_OR_RETURN(c.preset, g.str("preset"));
  Result<proto::Preset> preset = proto::find_preset(c.preset);
  if (!preset.ok()) return g.fail("unknown preset '" + c.preset + "'");
  const std::string prefix = preset->claims_prefix + "-";
  if (c.id.rfind(prefix, 0) != 0 || c.id.size() == prefix.size()) {
    return g.fail("id must start with '" + prefix + "' (the claims prefix of preset " + c.preset + ")");
  }

  E2E_ASSIGN_OR_RETURN(std::string kind, g.str("kind"));
  std::optional<Kind> k = kind_from_name(kind);
  if (!k) {
    return g.fail("unknown kind '" + kind +
                  "' (property, limit, metadata, format, operational, consistency)");
  }
  c.kind = *k;
  E2E_ASSIGN_OR_RETURN(c.statement, g.str("statement"));

  E2E_ASSIGN_OR_RETURN(const json* assumptions, g.array("assumptions"));
  for (size_t i = 0; i < assumptions->size(); ++i) {
    E2E_ASSIGN_OR_RETURN(Assumption a, parse_assumption((*assumptions)[i],
                                                        g.where() + ": assumptions[" + std::to_string(i) + "]",
                                                        *preset));
    c.assumptions.push_back(std::move(a));
  }
  E2E_ASSIGN_OR_RETURN(const json* evidence, g.array("evidence"));
  for (size_t i = 0; i < evidence->size(); ++i) {
    E2E_ASSIGN_OR_RETURN(EvidenceRef ref, parse_evidence((*evidence)[i],
                                                         g.where() + ": evidence[" + std::to_string(i) + "]",
                                                         c, known));
    c.evidence.push_back(std::move(ref));
  }
  E2E_ASSIGN_OR_RETURN(c.would_test, g.opt_str("would_test"));
  // A claim without evidence must say what would test it: the report prints
  // that as the reason it is not testable yet.
  if (c.evidence.empty() && c.would_test.empty()) {
    return g.fail("no evidence: add 'would_test' saying what would test it");
  }
  c.registry_file = name;
  return c;
}

}  // namespace

const Claim* Registry::find(std::string_view id) const {
  for (const Claim& c : claims) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

Result<KnownEvidence> known_evidence_defaults(const fs::path& vectors_dir) {
  KnownEvidence k;
  for (const attacks::CatalogEntry& e : attacks::attack_catalog()) k.attacks.emplace(e.id);
  for (const vectors::Family& f : vectors::families()) k.vector_families.emplace(f.name);
  auto files = wycheproof::vendored_files(vectors_dir.string());
  if (!files.ok()) return make_error(Errc::kNotFound, files.error().to_string());
  for (const std::string& p : files.value()) k.wycheproof_files.insert(fs::path(p).filename().string());
  return k;
}

Result<void> parse_registry_file(const json& doc, const std::string& name, const KnownEvidence& known,
                                 Registry& into) {
  Fields f(doc, name);
  E2E_TRY(f.only({"schema", "title", "claims"}));
  E2E_ASSIGN_OR_RETURN(std::string schema, f.str("schema"));
  if (schema != "e2eproof-claims@1") return f.fail("unknown schema '" + schema + "' (expected e2eproof-claims@1)");
  RegistryFile file{name, ""};
  E2E_ASSIGN_OR_RETURN(file.title, f.str("title"));
  E2E_ASSIGN_OR_RETURN(const json* claims, f.array("claims"));
  if (claims->empty()) return f.fail("'claims' is empty");
  for (size_t i = 0; i < claims->size(); ++i) {
    E2E_ASSIGN_OR_RETURN(Claim c, parse_claim((*claims)[i], name, i, known));
    if (const Claim* other = into.find(c.id)) {
      return f.fail("claim " + c.id + ": duplicate id (also in " + other->registry_file + ")");
    }
    into.claims.push_back(std::move(c));
  }
  into.files.push_back(std::move(file));
  return ok_result();
}

Result<Registry> load_registry(const fs::path& dir, const KnownEvidence& known) {
  std::error_code ec;
  std::vector<fs::path> paths;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".json") paths.push_back(it->path());
  }
  if (ec) return make_error(Errc::kNotFound, dir.string() + ": " + ec.message());
  if (paths.empty()) return make_error(Errc::kNotFound, dir.string() + ": no claims registry (*.json)");
  std::sort(paths.begin(), paths.end());
  Registry reg;
  for (const fs::path& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) return make_error(Errc::kIo, p.string() + ": cannot read");
    json doc = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return make_error(Errc::kDecodeError, p.string() + ": not valid JSON");
    E2E_TRY(parse_registry_file(doc, p.string(), known, reg));
  }
  return reg;
}

std::string_view evidence_type_name(EvidenceType t) {
  switch (t) {
    case EvidenceType::kAttack: return "attack";
    case EvidenceType::kProperty: return "property";
    case EvidenceType::kWycheproof: return "wycheproof";
    case EvidenceType::kVectors: return "vectors";
  }
  return "?";
}

std::string evidence_label(const EvidenceRef& ref) {
  switch (ref.type) {
    case EvidenceType::kAttack: return ref.target + " on " + ref.preset;
    case EvidenceType::kProperty: return "property " + ref.target + " on " + ref.preset;
    case EvidenceType::kWycheproof: return "wycheproof " + ref.target;
    case EvidenceType::kVectors: return "vectors " + ref.target;
  }
  return ref.target;
}

}  // namespace e2e::audit
