// Two-stage matching (see matcher.hpp). Hyperscan reports only where a rule may end; PCRE2,
// end-anchored at that offset on a window as long as the rule's longest match, confirms it
// and extracts the captures. Overlapping matches of one rule collapse into the longest.
#include "vigil/detectors/matcher.hpp"

#include "rule_set_impl.hpp"
#include "vigil/detectors/checksum.hpp"
#include "vigil/detectors/entropy.hpp"
#include "vigil/detectors/placeholder.hpp"

#include <algorithm>
#include <limits>

namespace vigil::detectors {

class MatcherState {
public:
  std::shared_ptr<const RuleSet> rules;
  HsScratch scratch;
  Pcre2MatchData match_data;
  Pcre2MatchContext match_context;
  Pcre2JitStack jit_stack;

  // Per-scan state, reused across calls to avoid allocation.
  std::string_view data;
  std::vector<Match> found;
  std::vector<std::size_t> last_of_rule; // index into found of each rule's latest match, or npos
  std::vector<std::size_t> kept;         // indexes into found that pass every gate
  bool cross_rule_dedup = true;

  void confirm(unsigned rule_index, std::size_t end) noexcept;
};

namespace {

constexpr std::size_t npos = static_cast<std::size_t>(-1);
// Bounds on PCRE2's backtracking per confirm: a hostile input costs time, never a hang.
constexpr std::uint32_t kMatchLimit = 200000;
constexpr std::uint32_t kDepthLimit = 5000;

bool is_generic(const Rule& rule) {
  return std::find(rule.categories.begin(), rule.categories.end(), "generic") !=
         rule.categories.end();
}

// Whether a should be reported instead of b when b's secret lies inside a's: a provider rule
// beats a generic one (category "generic"), then the more confident rule wins, then the one
// whose whole match carries more context (a key-pair rule over a lone keyword rule).
bool dominates(const Match& a, const Match& b, const std::vector<Rule>& rules) {
  if (a.rule == b.rule || b.secret_begin < a.secret_begin || b.secret_end > a.secret_end)
    return false;
  const bool ga = is_generic(rules[a.rule]), gb = is_generic(rules[b.rule]);
  if (ga != gb) return gb;
  const auto ca = rules[a.rule].confidence, cb = rules[b.rule].confidence;
  if (ca != cb) return ca > cb;
  return a.end - a.begin > b.end - b.begin;
}

// One secret claimed by several rules (a generic assignment rule and a provider rule, a key
// pair rule and a keyword rule) is reported once, by the dominating rule. `kept` is sorted by
// secret start, so only the run of overlapping neighbours needs comparing.
void drop_dominated(const std::vector<Match>& found, std::vector<std::size_t>& kept,
                    const std::vector<Rule>& rules) {
  std::vector<bool> dropped(kept.size(), false);
  for (std::size_t i = 0; i < kept.size(); ++i) {
    const Match& a = found[kept[i]];
    for (std::size_t j = i + 1; j < kept.size(); ++j) {
      const Match& b = found[kept[j]];
      if (b.secret_begin >= a.secret_end) break;
      if (dominates(a, b, rules)) dropped[j] = true;
      else if (dominates(b, a, rules)) dropped[i] = true;
    }
  }
  std::size_t out = 0;
  for (std::size_t i = 0; i < kept.size(); ++i)
    if (!dropped[i]) kept[out++] = kept[i];
  kept.resize(out);
}

int on_hyperscan_hit(unsigned int id, unsigned long long, unsigned long long to, unsigned int,
                     void* context) {
  static_cast<MatcherState*>(context)->confirm(id, static_cast<std::size_t>(to));
  return 0;
}

} // namespace

void MatcherState::confirm(unsigned rule_index, std::size_t end) noexcept {
  const auto& impl = rules->impl();
  const ConfirmProgram& program = *impl.programs[rule_index];
  if (!program.ready()) return;
  const std::size_t start = end > program.window() ? end - program.window() : 0;
  // The subject ends at the hit, so an end-anchored match is the one Hyperscan saw; the text
  // before `start` stays visible to \b and other look-behind checks.
  const int rc = pcre2_match(program.code(), reinterpret_cast<PCRE2_SPTR>(data.data()), end,
                             start, 0, match_data.get(), match_context.get());
  if (rc <= 0) return;
  const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(match_data.get());
  Match m;
  m.rule = rule_index;
  m.begin = ov[0];
  m.end = ov[1];
  const std::uint32_t g = program.secret_group();
  if (g > 0 && static_cast<int>(g) < rc && ov[2 * g] != PCRE2_UNSET) {
    m.secret_begin = ov[2 * g];
    m.secret_end = ov[2 * g + 1];
  } else {
    m.secret_begin = m.begin;
    m.secret_end = m.end;
  }
  if (m.secret_end <= m.secret_begin) return;

  std::size_t& last = last_of_rule[rule_index];
  if (last != npos && found[last].end > m.begin) {
    // Overlaps this rule's previous match: keep whichever covers more.
    Match& prev = found[last];
    if (m.end - m.begin > prev.end - prev.begin) {
      for (const auto& [name, number] : program.named_groups())
        if (static_cast<int>(number) < rc && ov[2 * number] != PCRE2_UNSET)
          m.captures.push_back({name, ov[2 * number], ov[2 * number + 1]});
      prev = std::move(m);
    }
    return;
  }
  for (const auto& [name, number] : program.named_groups())
    if (static_cast<int>(number) < rc && ov[2 * number] != PCRE2_UNSET)
      m.captures.push_back({name, ov[2 * number], ov[2 * number + 1]});
  last = found.size();
  found.push_back(std::move(m));
}

Matcher::Matcher(std::unique_ptr<MatcherState> state) : state_(std::move(state)) {}
Matcher::Matcher(Matcher&&) noexcept = default;
Matcher& Matcher::operator=(Matcher&&) noexcept = default;
Matcher::~Matcher() = default;

const RuleSet& Matcher::rules() const { return *state_->rules; }

void Matcher::set_cross_rule_dedup(bool enabled) { state_->cross_rule_dedup = enabled; }

Result<Matcher> Matcher::create(std::shared_ptr<const RuleSet> rules) {
  auto state = std::make_unique<MatcherState>();
  const auto& impl = rules->impl();
  hs_scratch_t* scratch = nullptr;
  if (hs_clone_scratch(impl.scratch_prototype.get(), &scratch) != HS_SUCCESS)
    return Error{"Hyperscan could not clone scratch space"};
  state->scratch.reset(scratch);
  state->match_data.reset(pcre2_match_data_create(kMaxGroups, nullptr));
  state->match_context.reset(pcre2_match_context_create(nullptr));
  state->jit_stack.reset(pcre2_jit_stack_create(32 * 1024, 1024 * 1024, nullptr));
  if (!state->match_data || !state->match_context || !state->jit_stack)
    return Error{"PCRE2 could not allocate match state"};
  pcre2_set_match_limit(state->match_context.get(), kMatchLimit);
  pcre2_set_depth_limit(state->match_context.get(), kDepthLimit);
  pcre2_jit_stack_assign(state->match_context.get(), nullptr, state->jit_stack.get());
  state->last_of_rule.assign(rules->rules().size(), npos);
  state->rules = std::move(rules);
  return Matcher(std::move(state));
}

Result<void> Matcher::scan(std::string_view data, std::size_t report_from,
                           std::size_t report_until, MatchSink& sink) {
  auto& s = *state_;
  // No rule matches the empty string, and hs_scan rejects the null pointer an empty view may hold.
  if (data.empty()) return {};
  // Hyperscan block mode takes a 32-bit length; a longer buffer must be chunked by the caller,
  // never silently cut short.
  if (data.size() > std::numeric_limits<unsigned>::max())
    return Error{"buffer of " + std::to_string(data.size()) +
                 " bytes is over the 4 GiB a single scan takes; scan it in chunks"};
  s.data = data;
  s.found.clear();
  std::fill(s.last_of_rule.begin(), s.last_of_rule.end(), npos);
  const hs_error_t rc = hs_scan(s.rules->impl().database.get(), data.data(),
                                static_cast<unsigned>(data.size()), 0, s.scratch.get(),
                                on_hyperscan_hit, &s);
  if (rc != HS_SUCCESS) return Error{"Hyperscan scan failed with code " + std::to_string(rc)};
  const auto& rule_list = s.rules->rules();
  std::sort(s.found.begin(), s.found.end(), [](const Match& a, const Match& b) {
    return a.secret_begin != b.secret_begin ? a.secret_begin < b.secret_begin : a.rule < b.rule;
  });
  // Gates and cross-rule dominance are decided over the whole buffer, like the collapse, so
  // neighbouring chunks agree; then each chunk reports only matches ending in its own range.
  s.kept.clear();
  for (std::size_t i = 0; i < s.found.size(); ++i) {
    const Match& m = s.found[i];
    const auto& rule = rule_list[m.rule];
    const auto secret = data.substr(m.secret_begin, m.secret_end - m.secret_begin);
    if (rule.min_entropy > 0 && shannon_entropy(secret) < rule.min_entropy) continue;
    if (!rule.checksum.empty() && !checksum_ok(rule.checksum, secret)) continue;
    if (is_placeholder(secret)) continue;
    s.kept.push_back(i);
  }
  if (s.cross_rule_dedup) drop_dominated(s.found, s.kept, rule_list);
  for (std::size_t i : s.kept) {
    const Match& m = s.found[i];
    if (m.end > report_from && m.end <= report_until) sink.on_match(m);
  }
  return {};
}

} // namespace vigil::detectors
