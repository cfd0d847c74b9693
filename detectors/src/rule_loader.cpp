// Rule loading from YAML (see rule_loader.hpp). yaml-cpp stays inside this file.
#include "vigil/detectors/rule_loader.hpp"

#include "vigil/detectors/checksum.hpp"
#include "vigil/detectors/json_text.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace vigil::detectors {
namespace fs = std::filesystem;

std::string_view to_string(Confidence c) {
  switch (c) {
  case Confidence::low: return "low";
  case Confidence::medium: return "medium";
  case Confidence::high: return "high";
  }
  return "medium";
}

namespace {

const std::set<std::string> kKnownKeys = {
    "id",       "name",     "pattern",           "min_entropy", "confidence", "references",
    "categories", "examples", "negative_examples", "verify",    "description", "checksum"};

Error rule_error(std::string_view source, std::string_view id, const std::string& why) {
  return Error{std::string(source) + ":" + std::string(id.empty() ? "<no id>" : id) + ": " + why};
}

// Plain (unquoted) YAML scalars that read as numbers or booleans keep that type in JSON.
bool is_json_literal(const std::string& s) {
  if (s == "true" || s == "false" || s == "null") return true;
  if (s.empty()) return false;
  std::size_t i = (s[0] == '-') ? 1 : 0;
  if (i == s.size()) return false;
  bool dot = false;
  for (; i < s.size(); ++i) {
    if (s[i] == '.' && !dot) dot = true;
    else if (s[i] < '0' || s[i] > '9') return false;
  }
  return s.back() != '.';
}

void yaml_to_json(const YAML::Node& node, std::string& out) {
  switch (node.Type()) {
  case YAML::NodeType::Map: {
    out.push_back('{');
    bool first = true;
    for (const auto& kv : node) {
      if (!first) out.push_back(',');
      first = false;
      append_json_string(out, kv.first.as<std::string>());
      out.push_back(':');
      yaml_to_json(kv.second, out);
    }
    out.push_back('}');
    break;
  }
  case YAML::NodeType::Sequence: {
    out.push_back('[');
    for (std::size_t i = 0; i < node.size(); ++i) {
      if (i) out.push_back(',');
      yaml_to_json(node[i], out);
    }
    out.push_back(']');
    break;
  }
  case YAML::NodeType::Scalar: {
    const auto text = node.Scalar();
    if (node.Tag() != "!" && is_json_literal(text)) out += text;
    else append_json_string(out, text);
    break;
  }
  default: out += "null";
  }
}

Result<std::vector<std::string>> string_list(const YAML::Node& node, const char* key) {
  std::vector<std::string> out;
  const auto v = node[key];
  if (!v) return out;
  if (!v.IsSequence()) return Error{std::string("'") + key + "' must be a list of strings"};
  for (const auto& item : v) {
    if (!item.IsScalar()) return Error{std::string("'") + key + "' must be a list of strings"};
    out.push_back(item.Scalar());
  }
  return out;
}

Result<Rule> parse_rule(const YAML::Node& node, std::string_view source) {
  Rule rule;
  rule.source = std::string(source);
  if (!node.IsMap()) return rule_error(source, "", "each rule must be a mapping");
  if (node["id"] && node["id"].IsScalar()) rule.id = node["id"].Scalar();
  for (const auto& kv : node) {
    const auto key = kv.first.as<std::string>();
    if (!kKnownKeys.count(key)) return rule_error(source, rule.id, "unknown key '" + key + "'");
  }
  auto scalar = [&](const char* key, std::string& into) -> bool {
    const auto v = node[key];
    if (!v || !v.IsScalar()) return false;
    into = v.Scalar();
    return true;
  };
  if (!scalar("id", rule.id)) return rule_error(source, "", "missing 'id'");
  if (!scalar("name", rule.name)) return rule_error(source, rule.id, "missing 'name'");
  if (!scalar("pattern", rule.pattern)) return rule_error(source, rule.id, "missing 'pattern'");
  if (const auto v = node["min_entropy"]) {
    try {
      rule.min_entropy = v.as<double>();
    } catch (const YAML::Exception&) {
      return rule_error(source, rule.id, "'min_entropy' must be a number");
    }
    // Written so NaN fails too: a NaN threshold would silently disable the gate.
    if (!(rule.min_entropy >= 0 && rule.min_entropy <= 8))
      return rule_error(source, rule.id, "'min_entropy' must be between 0 and 8 bits per byte");
  }
  if (const auto v = node["confidence"]) {
    const auto c = v.IsScalar() ? v.Scalar() : std::string();
    if (c == "low") rule.confidence = Confidence::low;
    else if (c == "medium") rule.confidence = Confidence::medium;
    else if (c == "high") rule.confidence = Confidence::high;
    else return rule_error(source, rule.id, "'confidence' must be low, medium or high");
  }
  struct ListField {
    const char* key;
    std::vector<std::string>* into;
  };
  for (auto [key, into] : {ListField{"references", &rule.references},
                           ListField{"categories", &rule.categories},
                           ListField{"examples", &rule.examples},
                           ListField{"negative_examples", &rule.negative_examples}}) {
    auto list = string_list(node, key);
    if (!list) return rule_error(source, rule.id, list.error().message);
    *into = std::move(list.value());
  }
  if (const auto v = node["checksum"]) {
    rule.checksum = v.IsScalar() ? v.Scalar() : std::string();
    if (!is_known_checksum(rule.checksum))
      return rule_error(source, rule.id, "unknown checksum '" + rule.checksum + "'");
  }
  if (const auto v = node["verify"]) {
    if (!v.IsMap()) return rule_error(source, rule.id, "'verify' must be a mapping");
    yaml_to_json(v, rule.verify_json);
  }
  return rule;
}

bool well_formed_id(const std::string& id) {
  // Lower-case segments of [a-z0-9_-], separated by single dots, at least two segments.
  if (id.empty() || id.size() > 128 || id.front() == '.' || id.back() == '.') return false;
  bool dotted = false;
  char prev = 0;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
                    c == '.';
    if (!ok || (c == '.' && prev == '.')) return false;
    dotted = dotted || c == '.';
    prev = c;
  }
  return dotted;
}

} // namespace

Result<std::vector<Rule>> parse_rules(std::string_view yaml_text, std::string_view source) {
  YAML::Node doc;
  try {
    doc = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    return Error{std::string(source) + ": YAML error at line " + std::to_string(e.mark.line + 1) +
                 ", column " + std::to_string(e.mark.column + 1) + ": " + e.msg};
  }
  if (!doc.IsMap() || !doc["rules"] || !doc["rules"].IsSequence())
    return Error{std::string(source) + ": expected a top-level 'rules:' list"};
  std::vector<Rule> rules;
  try {
    for (const auto& node : doc["rules"]) {
      auto rule = parse_rule(node, source);
      if (!rule) return rule.error();
      rules.push_back(std::move(rule.value()));
    }
  } catch (const YAML::Exception& e) {
    return Error{std::string(source) + ": " + e.msg};
  }
  return rules;
}

Result<std::vector<Rule>> load_rules_path(const fs::path& path) {
  std::error_code ec;
  std::vector<fs::path> files;
  if (fs::is_directory(path, ec)) {
    for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
      const auto ext = it->path().extension();
      if (it->is_regular_file(ec) && (ext == ".yml" || ext == ".yaml")) files.push_back(it->path());
    }
    if (ec) return Error{path.string() + ": cannot read rule folder: " + ec.message()};
    std::sort(files.begin(), files.end());
  } else if (fs::exists(path, ec)) {
    files.push_back(path);
  } else {
    return Error{path.string() + ": no such rule file or folder"};
  }
  std::vector<Rule> rules;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{file.string() + ": cannot open rule file"};
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = parse_rules(text.str(), file.string());
    if (!parsed) return parsed.error();
    for (auto& r : parsed.value()) rules.push_back(std::move(r));
  }
  if (rules.empty()) return Error{path.string() + ": no rules found"};
  return rules;
}

Result<void> check_rule_fields(const std::vector<Rule>& rules) {
  if (rules.empty()) return Error{"no rules loaded: a scan without rules would find nothing"};
  std::set<std::string> seen;
  for (const auto& r : rules) {
    if (!well_formed_id(r.id))
      return rule_error(r.source, r.id,
                        "id must be lower-case dotted segments of [a-z0-9_-], e.g. 'github.pat'");
    if (!seen.insert(r.id).second) return rule_error(r.source, r.id, "duplicate rule id");
    if (r.name.empty()) return rule_error(r.source, r.id, "empty name");
    if (r.pattern.empty()) return rule_error(r.source, r.id, "empty pattern");
    if (r.examples.empty())
      return rule_error(r.source, r.id, "needs at least one example that must match");
    if (r.negative_examples.empty())
      return rule_error(r.source, r.id, "needs at least one negative example that must not match");
  }
  return {};
}

} // namespace vigil::detectors
