// The Verifier (see verifier.hpp): plans which secrets are asked about (each distinct secret
// once, by the most specific provider rule; the cache first), hands requests to the engine and
// turns answers into verdicts.
#include "vigil/verifiers/verifier.hpp"

#include "aws_sigv4.hpp"
#include "http_engine.hpp"
#include "outcome.hpp"
#include "request_builder.hpp"
#include "scrub.hpp"
#include "template.hpp"
#include "verify_cache.hpp"
#include "verify_spec.hpp"

#include <condition_variable>
#include <ctime>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

namespace vigil::verifiers {
namespace {

using SpecResult = detectors::Result<VerifySpec>;

Verdict not_checked(Reason reason, std::string detail) {
  Verdict v;
  v.status = Status::not_checked;
  v.reason = reason;
  v.detail = std::move(detail);
  return v;
}

std::set<std::string> spec_variables(const VerifySpec& s) {
  std::set<std::string> out;
  const auto add = [&](const std::string& t) {
    for (auto& v : template_variables(t)) out.insert(v);
  };
  const auto& r = s.request;
  add(r.url);
  for (const auto& [k, v] : r.headers) add(v);
  for (const auto& [k, v] : r.form) add(v);
  if (r.body) add(*r.body);
  if (r.bearer) add(*r.bearer);
  if (r.basic) add(r.basic->first), add(r.basic->second);
  if (r.sigv4) {
    for (const auto* t : {&r.sigv4->access_key_id, &r.sigv4->secret_access_key,
                          &r.sigv4->session_token, &r.sigv4->region, &r.sigv4->service})
      add(*t);
  }
  out.erase("secret");
  return out;
}

// One request to make: a rule, its values, and the inputs waiting for the answer.
struct Task {
  const detectors::Rule* rule = nullptr;
  const VerifySpec* spec = nullptr;
  std::map<std::string, std::string> values;
  std::string cache_key;
  std::vector<std::size_t> inputs;
};

} // namespace

struct Verifier::State {
  explicit State(VerifyOptions o) : options(std::move(o)), engine(options) {
    if (options.cache_file)
      cache.emplace(*options.cache_file, options.valid_ttl, options.invalid_ttl);
  }
  VerifyOptions options;
  HttpEngine engine;
  std::optional<VerifyCache> cache;
  std::mutex mutex; // guards cache, stats, specs and verdicts being filled
  VerifyStats stats;
  std::map<const detectors::Rule*, std::unique_ptr<SpecResult>> specs;

  const SpecResult& spec_for(const detectors::Rule* rule) {
    auto& slot = specs[rule];
    if (!slot) slot = std::make_unique<SpecResult>(parse_verify_spec(*rule));
    return *slot;
  }

  void log(const Scrubber& scrubber, const std::string& line) {
    if (options.log) options.log(scrubber.apply(line));
  }
};

Verifier::Verifier(VerifyOptions options) : state_(std::make_unique<State>(std::move(options))) {}
Verifier::~Verifier() = default;

VerifyStats Verifier::stats() const {
  std::lock_guard lock(state_->mutex);
  auto s = state_->stats;
  s.attempts = state_->engine.attempts();
  return s;
}

std::vector<Verdict> Verifier::verify(const std::vector<VerifyInput>& inputs) {
  auto& st = *state_;
  std::vector<Verdict> verdicts(inputs.size());
  std::vector<Task> tasks;
  // Inputs answered by another rule's request for the same string: (input, task index).
  std::vector<std::pair<std::size_t, std::size_t>> copies;
  {
    std::lock_guard lock(st.mutex);
    st.stats.requested += inputs.size();
    std::unordered_map<std::string, std::vector<std::size_t>> by_secret;
    for (std::size_t i = 0; i < inputs.size(); ++i) by_secret[inputs[i].secret].push_back(i);

    for (auto& [secret, group] : by_secret) {
      // Candidate rules: those with a well-formed verify block, most specific first.
      const detectors::Rule* best = nullptr;
      const VerifySpec* best_spec = nullptr;
      std::set<std::string> tied_hosts;
      std::vector<std::string> tied_rules;
      for (auto i : group) {
        const auto* rule = inputs[i].rule;
        if (!rule || rule->verify_json.empty()) {
          verdicts[i] = not_checked(Reason::no_verifier, "the rule has no verify block");
          continue;
        }
        const auto& spec = st.spec_for(rule);
        if (!spec) {
          verdicts[i] = not_checked(Reason::no_verifier, spec.error().message);
          continue;
        }
        const auto* s = &spec.value();
        if (!best || s->specificity > best_spec->specificity) {
          best = rule, best_spec = s;
          tied_hosts = {s->url_host};
          tied_rules = {rule->id};
        } else if (s->specificity == best_spec->specificity && rule != best) {
          tied_hosts.insert(s->url_host);
          tied_rules.push_back(rule->id);
        }
      }
      if (!best) continue;
      if (tied_hosts.size() > 1) {
        for (auto i : group)
          verdicts[i] = not_checked(Reason::ambiguous, "claimed by " + tied_rules.front() + " and " +
                                                           tied_rules.back() +
                                                           "; not sent to either provider");
        continue;
      }
      ++st.stats.distinct;
      const auto needed = spec_variables(*best_spec);
      std::map<std::string, std::size_t> task_of; // needed capture values -> task
      std::vector<std::size_t> others;
      for (auto i : group) {
        if (inputs[i].rule != best) {
          others.push_back(i); // the same string under a less specific rule: same answer
          continue;
        }
        std::map<std::string, std::string> values{{"secret", inputs[i].secret}};
        for (const auto& [name, value] : inputs[i].captures)
          if (!values.count(name)) values[name] = value;
        std::string key;
        for (const auto& n : needed) {
          const auto it = values.find(n);
          key += (it == values.end() ? std::string("\x01") : it->second) + '\x00';
        }
        auto [it, fresh] = task_of.emplace(key, tasks.size());
        if (fresh) {
          Task t;
          t.rule = best;
          t.spec = best_spec;
          t.values = std::move(values);
          if (!inputs[i].cache_key.empty()) {
            // Captures take part in the key (an AWS secret with another key id is another
            // credential), hashed so the file holds nothing brute-forceable.
            t.cache_key = best->id + "|" + inputs[i].cache_key;
            if (!key.empty()) t.cache_key += "|" + sha256_hex(inputs[i].cache_key + key).substr(0, 32);
          }
          tasks.push_back(std::move(t));
        }
        tasks[it->second].inputs.push_back(i);
      }
      for (auto i : others) copies.emplace_back(i, task_of.begin()->second);
    }
  }

  std::mutex done_mutex;
  std::condition_variable done_cv;
  std::size_t pending = 0;
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  for (std::size_t t = 0; t < tasks.size(); ++t) {
    Task& task = tasks[t];
    auto scrubber = std::make_shared<Scrubber>();
    for (const auto& [name, value] : task.values) scrubber->add(value);
    const auto settle = [&, t, scrubber](const Verdict& v) {
      std::lock_guard lock(st.mutex);
      for (auto i : tasks[t].inputs) verdicts[i] = v;
      st.log(*scrubber, "verify " + tasks[t].rule->id + ": " + std::string(to_string(v.status)) +
                            (v.status == Status::unknown || v.status == Status::not_checked
                                 ? " (" + describe(v) + ")"
                                 : ""));
    };
    if (st.cache && !task.cache_key.empty()) {
      std::optional<Verdict> hit;
      {
        std::lock_guard lock(st.mutex);
        hit = st.cache->lookup(task.cache_key, now);
        if (hit) ++st.stats.from_cache;
      }
      if (hit) {
        settle(*hit);
        continue;
      }
    }
    auto built = build_request(*task.spec, task.values, st.options);
    if (auto* refusal = std::get_if<Verdict>(&built)) {
      settle(*refusal);
      continue;
    }
    {
      std::lock_guard lock(done_mutex);
      ++pending;
    }
    auto request = std::get<HttpRequest>(std::move(built));
    {
      std::lock_guard lock(st.mutex);
      st.log(*scrubber, "verify " + task.rule->id + ": asking " + request.provider);
    }
    st.engine.submit(std::move(request), [&, t, scrubber, settle](HttpResult result) {
      const auto v = decide_outcome(*tasks[t].spec, result, *scrubber);
      if (st.cache && !tasks[t].cache_key.empty()) {
        std::lock_guard lock(st.mutex);
        st.cache->store(tasks[t].cache_key, v);
      }
      settle(v);
      std::lock_guard lock(done_mutex);
      if (--pending == 0) done_cv.notify_all();
    });
  }
  {
    std::unique_lock lock(done_mutex);
    done_cv.wait(lock, [&] { return pending == 0; });
  }
  std::lock_guard lock(st.mutex);
  for (auto [i, t] : copies) {
    verdicts[i] = verdicts[tasks[t].inputs.front()];
    verdicts[i].detail = "as " + tasks[t].rule->id +
                         (verdicts[i].detail.empty() ? "" : ": " + verdicts[i].detail);
  }
  if (st.cache) st.cache->save(static_cast<std::int64_t>(std::time(nullptr)));
  return verdicts;
}

} // namespace vigil::verifiers
