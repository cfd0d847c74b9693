// Compiling a rule list into a RuleSet (see rule_set.hpp): confirm programs first (so a bad
// pattern is reported against its rule), then one Hyperscan database, from cache when possible.
#include "vigil/detectors/rule_set.hpp"

#include "rule_set_impl.hpp"
#include "vigil/detectors/rule_loader.hpp"

#include <algorithm>
#include <cstdlib>

namespace vigil::detectors {
namespace {

Result<HsDatabase> compile_database(const std::vector<Rule>& rules) {
  std::vector<const char*> patterns;
  std::vector<unsigned> flags(rules.size(), kHsFlags);
  std::vector<unsigned> ids;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    patterns.push_back(rules[i].pattern.c_str());
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(patterns.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(rules.size()), HS_MODE_BLOCK, nullptr, &db,
                       &error) != HS_SUCCESS) {
    std::string why = error ? error->message : "unknown error";
    std::string where = "rules";
    if (error && error->expression >= 0 && static_cast<std::size_t>(error->expression) < rules.size()) {
      const auto& rule = rules[static_cast<std::size_t>(error->expression)];
      where = rule.source + ":" + rule.id;
    }
    hs_free_compile_error(error);
    return Error{where + ": Hyperscan cannot compile the pattern: " + why};
  }
  return HsDatabase(db);
}

} // namespace

RuleSet::RuleSet(std::unique_ptr<RuleSetImpl> impl) : impl_(std::move(impl)) {}
RuleSet::~RuleSet() = default;

const std::vector<Rule>& RuleSet::rules() const { return impl_->rules; }
std::size_t RuleSet::max_window() const { return impl_->max_window; }
DatabaseOrigin RuleSet::origin() const { return impl_->origin; }

Result<std::shared_ptr<const RuleSet>> RuleSet::compile(std::vector<Rule> rules,
                                                        const CompileOptions& options) {
  if (auto checked = check_rule_fields(rules); !checked) return checked.error();
  if (hs_valid_platform() != HS_SUCCESS)
    return Error{"this CPU lacks the instructions Hyperscan needs (SSSE3)"};

  auto impl = std::make_unique<RuleSetImpl>();
  const std::string identity = database_identity(rules);
  std::vector<std::size_t> windows;
  if (options.cache_dir) {
    // Same identity means these exact patterns were validated when the cache was written.
    auto cached = load_cached_database(*options.cache_dir, identity, rules.size());
    if (cached.database) {
      impl->database = std::move(cached.database);
      windows = std::move(cached.windows);
      impl->origin = DatabaseOrigin::cache;
    }
  }
  if (!impl->database) {
    for (const auto& rule : rules) {
      auto window = validate_pattern(rule);
      if (!window) return window.error();
      windows.push_back(window.value());
    }
    auto db = compile_database(rules);
    if (!db) return db.error();
    impl->database = std::move(db.value());
    if (options.cache_dir)
      store_cached_database(*options.cache_dir, identity, impl->database.get(), windows);
  }
  for (std::size_t i = 0; i < rules.size(); ++i) {
    impl->max_window = std::max(impl->max_window, windows[i]);
    impl->programs.push_back(std::make_unique<ConfirmProgram>(rules[i].pattern, windows[i]));
  }
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(impl->database.get(), &scratch) != HS_SUCCESS)
    return Error{"Hyperscan could not allocate scratch space"};
  impl->scratch_prototype.reset(scratch);
  impl->rules = std::move(rules);
  return std::shared_ptr<const RuleSet>(new RuleSet(std::move(impl)));
}

std::optional<std::filesystem::path> default_cache_dir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "vigil";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".cache" / "vigil";
  return std::nullopt;
}

} // namespace vigil::detectors
