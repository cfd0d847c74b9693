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

  void confirm(unsigned rule_index, std::size_t end) noexcept;
};

namespace {

constexpr std::size_t npos = static_cast<std::size_t>(-1);
// Bounds on PCRE2's backtracking per confirm: a hostile input costs time, never a hang.
constexpr std::uint32_t kMatchLimit = 200000;
constexpr std::uint32_t kDepthLimit = 5000;

int on_hyperscan_hit(unsigned int id, unsigned long long, unsigned long long to, unsigned int,
                     void* context) {
  static_cast<MatcherState*>(context)->confirm(id, static_cast<std::size_t>(to));
  return 0;
}

} // namespace

void MatcherState::confirm(unsigned rule_index, std::size_t end) noexcept {
  const auto& impl = rules->impl();
  const ConfirmProgram& program = *impl.programs[rule_index];
  std::call_once(program.jit_once, [&] { pcre2_jit_compile(program.code.get(), PCRE2_JIT_COMPLETE); });
  const std::size_t start = end > program.window ? end - program.window : 0;
  // The subject ends at the hit, so an end-anchored match is the one Hyperscan saw; the text
  // before `start` stays visible to \b and other look-behind checks.
  const int rc = pcre2_match(program.code.get(), reinterpret_cast<PCRE2_SPTR>(data.data()), end,
                             start, 0, match_data.get(), match_context.get());
  if (rc <= 0) return;
  const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(match_data.get());
  Match m;
  m.rule = rule_index;
  m.begin = ov[0];
  m.end = ov[1];
  const std::uint32_t g = program.secret_group;
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
      for (const auto& [name, number] : program.named_groups)
        if (static_cast<int>(number) < rc && ov[2 * number] != PCRE2_UNSET)
          m.captures.push_back({name, ov[2 * number], ov[2 * number + 1]});
      prev = std::move(m);
    }
    return;
  }
  for (const auto& [name, number] : program.named_groups)
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

Result<Matcher> Matcher::create(std::shared_ptr<const RuleSet> rules) {
  auto state = std::make_unique<MatcherState>();
  const auto& impl = rules->impl();
  hs_scratch_t* scratch = nullptr;
  if (hs_clone_scratch(impl.scratch_prototype.get(), &scratch) != HS_SUCCESS)
    return Error{"Hyperscan could not clone scratch space"};
  state->scratch.reset(scratch);
  state->match_data.reset(pcre2_match_data_create(impl.max_groups, nullptr));
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
  for (const auto& m : s.found) {
    // Collapsed over the whole buffer first, so a chunk reports a match only when it has seen
    // every overlapping hit of that rule; the neighbouring chunk reports the rest.
    if (m.end <= report_from || m.end > report_until) continue;
    const auto& rule = rule_list[m.rule];
    const auto secret = data.substr(m.secret_begin, m.secret_end - m.secret_begin);
    if (rule.min_entropy > 0 && shannon_entropy(secret) < rule.min_entropy) continue;
    if (!rule.checksum.empty() && !checksum_ok(rule.checksum, secret)) continue;
    if (is_placeholder(secret)) continue;
    sink.on_match(m);
  }
  return {};
}

} // namespace vigil::detectors
