#include "claims/registry.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "attacks/attack_spec.h"
#include "attacks/observation.h"
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

Result<Bears> parse_bears(const Fields& f) {
  E2E_ASSIGN_OR_RETURN(std::string b, f.str("bears"));
  if (b == "supports") return Bears::kSupports;
  if (b == "refutes") return Bears::kRefutes;
  return f.fail("'bears' must be \"supports\" or \"refutes\", not '" + b + "'");
}

Result<std::string> parse_preset(const Fields& f, const Claim& claim) {
  if (!f.has("preset")) return claim.preset;  // the claim's own preset unless said otherwise
  E2E_ASSIGN_OR_RETURN(std::string p, f.str("preset"));
  if (!proto::find_preset(p).ok()) return f.fail("unknown preset '" + p + "'");
  return p;
}

bool is_category(std::string_view c) {
  for (const attacks::MetadataCategory& m : attacks::metadata_categories()) {
    if (m.name == c) return true;
  }
  return false;
}

std::string categories_list() {
  std::string s;
  for (const attacks::MetadataCategory& m : attacks::metadata_categories()) {
    s += (s.empty() ? "" : ", ") + std::string(m.name);
  }
  return s;
}

// check_qualifier: the qualifiers whose values are a closed list (metadata
// categories, warning kinds) must name one of them; secret kinds are open.
Result<void> check_qualifier(const Fields& f, const std::string& name, const std::string& q) {
  if (name == "metadata" || name == "sweep.looked_for") {
    if (!is_category(q)) return f.fail("unknown metadata category '" + q + "' (" + categories_list() + ")");
  } else if (name == "client.warned") {
    const auto& kinds = attacks::warning_kinds();
    if (std::find(kinds.begin(), kinds.end(), q) == kinds.end()) {
      return f.fail("unknown warning kind '" + q + "'");
    }
  }
  return ok_result();
}

// The attack and variant parts shared by observation and completeness references.
Result<void> parse_attack_variant(const Fields& f, const Claim& claim, const KnownEvidence& known, EvidenceRef& ref) {
  E2E_ASSIGN_OR_RETURN(ref.target, f.str("attack"));
  if (!known.attacks.contains(ref.target)) return f.fail("unknown attack '" + ref.target + "'");
  E2E_ASSIGN_OR_RETURN(ref.variant, f.str("variant"));
  E2E_TRY(check_variant_name(known, ref.target, ref.variant, f.where()));
  E2E_ASSIGN_OR_RETURN(ref.preset, parse_preset(f, claim));
  return ok_result();
}

Result<EvidenceRef> parse_observation_ref(const Fields& f, const Claim& claim, const KnownEvidence& known) {
  E2E_TRY(f.only({"attack", "variant", "observation", "qualifier", "preset", "bears", "note", "condition"}));
  EvidenceRef ref;
  ref.type = EvidenceType::kObservation;
  E2E_TRY(parse_attack_variant(f, claim, known, ref));
  E2E_ASSIGN_OR_RETURN(ref.observation, f.str("observation"));
  const attacks::ObservationName* n = attacks::find_observation_name(ref.observation);
  if (n == nullptr) return f.fail("unknown observation '" + ref.observation + "' (docs/EVIDENCE.md §1)");
  if (n->qualified && !f.has("qualifier")) {
    return f.fail("observation '" + ref.observation + "' needs a 'qualifier'");
  }
  if (!n->qualified && f.has("qualifier")) {
    return f.fail("observation '" + ref.observation + "' takes no 'qualifier'");
  }
  E2E_ASSIGN_OR_RETURN(ref.qualifier, f.opt_str("qualifier"));
  if (n->qualified) E2E_TRY(check_qualifier(f, ref.observation, ref.qualifier));
  const auto records = known.variant_records.find({ref.target, ref.variant});
  const std::string key = attacks::observation_key(ref.observation, ref.qualifier);
  if (records != known.variant_records.end() && !records->second.empty() && !records->second.contains(key)) {
    return f.fail("variant " + ref.variant + " of " + ref.target + " never records '" + key +
                  "' (attacks/README.md lists what each variant records)");
  }
  // No default: which way an observation points is the heart of the binding.
  if (!f.has("bears")) return f.fail("missing field 'bears' (\"refutes\" or \"supports\")");
  E2E_ASSIGN_OR_RETURN(ref.bears, parse_bears(f));
  return ref;
}

Result<EvidenceRef> parse_completeness_ref(const Fields& f, const Claim& claim, const KnownEvidence& known) {
  E2E_TRY(f.only({"attack", "variant", "complete", "preset", "note", "condition"}));
  EvidenceRef ref;
  ref.type = EvidenceType::kCompleteness;
  E2E_TRY(parse_attack_variant(f, claim, known, ref));
  E2E_ASSIGN_OR_RETURN(const json* list, f.array("complete"));
  if (list->empty()) return f.fail("'complete' is empty");
  for (const json& c : *list) {
    if (!c.is_string()) return f.fail("'complete' must list category names");
    const std::string name = c.get<std::string>();
    if (!is_category(name)) return f.fail("unknown metadata category '" + name + "' (" + categories_list() + ")");
    if (std::find(ref.complete.begin(), ref.complete.end(), name) != ref.complete.end()) {
      return f.fail("category '" + name + "' listed twice");
    }
    ref.complete.push_back(name);
  }
  return ref;
}

Result<EvidenceRef> parse_check_ref(const Fields& f, const KnownEvidence& known, const Claim& claim) {
  E2E_TRY(f.only({"property", "wycheproof", "vectors", "preset", "bears", "note", "condition"}));
  EvidenceRef ref;
  int forms = 0;
  for (auto [key, type] : {std::pair{"property", EvidenceType::kProperty},
                           std::pair{"wycheproof", EvidenceType::kWycheproof},
                           std::pair{"vectors", EvidenceType::kVectors}}) {
    if (!f.has(key)) continue;
    ++forms;
    ref.type = type;
    E2E_ASSIGN_OR_RETURN(ref.target, f.str(key));
  }
  if (forms != 1) return f.fail("needs exactly one of 'property', 'wycheproof', 'vectors'");
  if (ref.type == EvidenceType::kProperty) {
    E2E_ASSIGN_OR_RETURN(ref.preset, parse_preset(f, claim));
  } else if (f.has("preset")) {
    return f.fail("'preset' applies only to property checks");
  }
  if (f.has("bears")) {
    E2E_ASSIGN_OR_RETURN(ref.bears, parse_bears(f));
  }
  const std::set<std::string>& set = ref.type == EvidenceType::kProperty     ? known.properties
                                     : ref.type == EvidenceType::kWycheproof ? known.wycheproof_files
                                                                             : known.vector_families;
  if (!set.contains(ref.target)) {
    return f.fail("unknown " + std::string(evidence_type_name(ref.type)) + " '" + ref.target + "'");
  }
  return ref;
}

// parse_evidence: exactly one form, told apart by its distinguishing field.
Result<EvidenceRef> parse_evidence(const json& j, const std::string& where, const Claim& claim,
                                   const KnownEvidence& known) {
  Fields f(j, where);
  if (!j.is_object()) return f.fail("must be a JSON object");
  const bool check = f.has("property") || f.has("wycheproof") || f.has("vectors");
  const int forms = (f.has("observation") ? 1 : 0) + (f.has("complete") ? 1 : 0) + (check ? 1 : 0);
  if (forms != 1 || (check && f.has("attack"))) {
    return f.fail("needs exactly one of an observation ('attack', 'variant', 'observation'), a completeness "
                  "check ('attack', 'variant', 'complete') or a check ('property', 'wycheproof', 'vectors')");
  }
  Result<EvidenceRef> ref = f.has("observation") ? parse_observation_ref(f, claim, known)
                            : f.has("complete")  ? parse_completeness_ref(f, claim, known)
                                                 : parse_check_ref(f, known, claim);
  if (!ref.ok()) return ref;
  EvidenceRef out = std::move(ref).value();
  E2E_ASSIGN_OR_RETURN(out.note, f.opt_str("note"));
  E2E_ASSIGN_OR_RETURN(out.condition, f.opt_str("condition"));
  return out;
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
  for (const attacks::AttackSpec* spec : attacks::registered_attacks()) {
    auto& names = k.attack_variants[spec->id];
    for (const attacks::VariantSpec& v : spec->variants) {
      names.insert(v.name);
      k.variant_records[{spec->id, v.name}] = {v.records.begin(), v.records.end()};
    }
  }
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
  if (schema == "e2eproof-claims@1") {
    return f.fail("schema e2eproof-claims@1 is no longer read: evidence now names attack variants and "
                  "observations; rewrite the file to " + std::string(kRegistrySchema) +
                  " (reports/claims/schema.md)");
  }
  if (schema != kRegistrySchema) {
    return f.fail("unknown schema '" + schema + "' (expected " + std::string(kRegistrySchema) + ")");
  }
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

Result<void> check_variant_name(const KnownEvidence& known, const std::string& attack, const std::string& variant,
                                const std::string& where) {
  const auto it = known.attack_variants.find(attack);
  if (it == known.attack_variants.end() || it->second.contains(variant)) return ok_result();
  std::string names;
  for (const std::string& v : it->second) names += (names.empty() ? "" : ", ") + v;
  return make_error(Errc::kDecodeError,
                    where + ": attack " + attack + " has no variant '" + variant + "' (it has: " + names + ")");
}

std::string_view evidence_type_name(EvidenceType t) {
  switch (t) {
    case EvidenceType::kObservation: return "observation";
    case EvidenceType::kCompleteness: return "completeness";
    case EvidenceType::kProperty: return "property";
    case EvidenceType::kWycheproof: return "wycheproof";
    case EvidenceType::kVectors: return "vectors";
  }
  return "?";
}

std::string_view bears_name(Bears b) { return b == Bears::kSupports ? "supports" : "refutes"; }

std::string evidence_label(const EvidenceRef& ref) {
  switch (ref.type) {
    case EvidenceType::kObservation:
      return ref.target + " " + ref.variant + " on " + ref.preset + ": " +
             attacks::observation_key(ref.observation, ref.qualifier);
    case EvidenceType::kCompleteness: {
      std::string list;
      for (const std::string& c : ref.complete) list += (list.empty() ? "" : ", ") + c;
      return ref.target + " " + ref.variant + " on " + ref.preset + ": complete [" + list + "]";
    }
    case EvidenceType::kProperty: return "property " + ref.target + " on " + ref.preset;
    case EvidenceType::kWycheproof: return "wycheproof " + ref.target;
    case EvidenceType::kVectors: return "vectors " + ref.target;
  }
  return ref.target;
}

}  // namespace e2e::audit
