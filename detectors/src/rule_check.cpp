// Example and negative-example checks over a compiled rule set (see rule_check.hpp).
#include "vigil/detectors/rule_check.hpp"

#include "vigil/detectors/matcher.hpp"

namespace vigil::detectors {
namespace {

class RuleHits : public MatchSink {
public:
  explicit RuleHits(std::uint32_t rule) : rule_(rule) {}
  void on_match(const Match& m) override {
    if (m.rule == rule_ && m.secret_end > m.secret_begin) ++hits;
  }
  int hits = 0;

private:
  std::uint32_t rule_;
};

} // namespace

std::vector<RuleProblem> check_rule_examples(const RuleSet& rules) {
  std::vector<RuleProblem> problems;
  // A RuleSet is only reachable through shared_ptr; borrow it without owning it.
  std::shared_ptr<const RuleSet> borrowed(std::shared_ptr<const RuleSet>{}, &rules);
  auto matcher = Matcher::create(borrowed);
  if (!matcher) return {{"", matcher.error().message}};
  matcher.value().set_cross_rule_dedup(false);
  const auto& list = rules.rules();
  for (std::uint32_t i = 0; i < list.size(); ++i) {
    const auto& rule = list[i];
    const std::string where = rule.source + ":" + rule.id + ": ";
    for (std::size_t k = 0; k < rule.examples.size(); ++k) {
      RuleHits hits(i);
      if (auto ok = matcher.value().scan(rule.examples[k], hits); !ok)
        problems.push_back({rule.id, where + ok.error().message});
      else if (hits.hits == 0)
        problems.push_back({rule.id, where + "example " + std::to_string(k + 1) +
                                         " does not match (or fails the entropy gate)"});
    }
    for (std::size_t k = 0; k < rule.negative_examples.size(); ++k) {
      RuleHits hits(i);
      if (auto ok = matcher.value().scan(rule.negative_examples[k], hits); !ok)
        problems.push_back({rule.id, where + ok.error().message});
      else if (hits.hits != 0)
        problems.push_back(
            {rule.id, where + "negative example " + std::to_string(k + 1) + " matches"});
    }
  }
  return problems;
}

} // namespace vigil::detectors
