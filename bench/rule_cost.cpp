// rule_cost: which rules make the Hyperscan prefilter slow. Compiles each built-in rule alone
// and the whole set, scans the same sample with each, and prints the whole set's throughput
// beside the slowest single rules (MB/s and Hyperscan hits), so a pattern that defeats
// Hyperscan's literal acceleration shows up by name. Usage: rule_cost FILE... [--mib N] [--top N] [--leave-one-out [--by-file] [--only FILE-SUBSTRING]]
#include "vigil/detectors/builtin_rules.hpp"

#include <hs.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

struct Cost {
  std::string id;
  double mb_per_s = 0;
  unsigned long long hits = 0;
};

int count_hit(unsigned, unsigned long long, unsigned long long, unsigned, void* ctx) {
  ++*static_cast<unsigned long long*>(ctx);
  return 0;
}

// Hyperscan alone, without the PCRE2 validation RuleSet::compile adds: the flags must stay
// those of detectors/src/rule_set_impl.hpp (kHsFlags) for the figures to mean the product's.
hs_database_t* compile(const std::vector<const vigil::detectors::Rule*>& rules) {
  std::vector<const char*> patterns;
  std::vector<unsigned> flags, ids;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    patterns.push_back(rules[i]->pattern.c_str());
    flags.push_back(HS_FLAG_MULTILINE);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(patterns.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(patterns.size()), HS_MODE_BLOCK, nullptr, &db,
                       &error) != HS_SUCCESS) {
    std::fprintf(stderr, "compile failed: %s\n", error ? error->message : "?");
    hs_free_compile_error(error);
    return nullptr;
  }
  return db;
}

// Scans every sample in 4 MiB blocks, as the product does, and returns MB/s.
Cost measure(hs_database_t* db, const std::vector<std::string>& samples) {
  hs_scratch_t* scratch = nullptr;
  hs_alloc_scratch(db, &scratch);
  Cost cost;
  std::size_t bytes = 0;
  const auto start = std::chrono::steady_clock::now();
  for (const auto& s : samples)
    for (std::size_t at = 0; at < s.size(); at += 4u << 20) {
      const std::size_t n = std::min<std::size_t>(4u << 20, s.size() - at);
      hs_scan(db, s.data() + at, static_cast<unsigned>(n), 0, scratch, count_hit, &cost.hits);
      bytes += n;
    }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  cost.mb_per_s = static_cast<double>(bytes) / 1e6 / secs;
  hs_free_scratch(scratch);
  return cost;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: rule_cost FILE... [--mib N] [--top N] [--leave-one-out [--by-file] [--only FILE-SUBSTRING]]\n");
    return 2;
  }
  std::size_t mib = 32, top = 25;
  bool leave_one_out = false, by_file = false;
  std::string only; // leave out only rules from files whose name contains this
  std::vector<std::string> samples;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--mib" && i + 1 < argc) { mib = std::stoul(argv[++i]); continue; }
    if (arg == "--top" && i + 1 < argc) { top = std::stoul(argv[++i]); continue; }
    if (arg == "--leave-one-out") { leave_one_out = true; continue; }
    if (arg == "--by-file") { by_file = true; continue; }
    if (arg == "--only" && i + 1 < argc) { only = argv[++i]; continue; }
    std::ifstream in(arg, std::ios::binary);
    std::string s(mib << 20, '\0');
    in.read(s.data(), static_cast<std::streamsize>(s.size()));
    s.resize(static_cast<std::size_t>(in.gcount()));
    samples.push_back(std::move(s));
  }
  const auto& table = vigil::detectors::builtin_rule_table();
  std::vector<const vigil::detectors::Rule*> all;
  for (const auto& r : table) all.push_back(&r);
  const auto compile_start = std::chrono::steady_clock::now();
  hs_database_t* whole = compile(all);
  std::printf("compile: %.2f s\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - compile_start).count());
  if (!whole) return 1;
  const Cost whole_cost = measure(whole, samples);
  std::printf("all %zu rules: %.0f MB/s, %llu hits\n", all.size(), whole_cost.mb_per_s,
              whole_cost.hits);
  std::vector<Cost> costs;
  for (const auto* rule : all) {
    hs_database_t* db = compile({rule});
    if (!db) continue;
    Cost c = measure(db, samples);
    c.id = rule->id;
    costs.push_back(c);
    hs_free_database(db);
  }
  std::sort(costs.begin(), costs.end(),
            [](const Cost& a, const Cost& b) { return a.mb_per_s < b.mb_per_s; });
  std::printf("%-48s %10s %12s\n", "slowest rules alone", "MB/s", "hits");
  for (std::size_t i = 0; i < std::min(top, costs.size()); ++i)
    std::printf("%-48s %10.0f %12llu\n", costs[i].id.c_str(), costs[i].mb_per_s, costs[i].hits);
  if (leave_one_out) {
    // What the whole set gains without each rule: the rules that cost the set the most.
    // --by-file leaves out a whole rule file at a time: 81 compiles instead of 248.
    std::vector<std::string> groups;
    for (const auto* rule : all) {
      const std::string key = by_file ? rule->source : rule->id;
      if (!only.empty() && rule->source.find(only) == std::string::npos) continue;
      if (std::find(groups.begin(), groups.end(), key) == groups.end()) groups.push_back(key);
    }
    std::vector<Cost> gains;
    for (const auto& group : groups) {
      std::vector<const vigil::detectors::Rule*> rest;
      for (const auto* rule : all)
        if ((by_file ? rule->source : rule->id) != group) rest.push_back(rule);
      hs_database_t* db = compile(rest);
      if (!db) continue;
      Cost c = measure(db, samples);
      c.id = group;
      gains.push_back(c);
      hs_free_database(db);
    }
    std::sort(gains.begin(), gains.end(),
              [](const Cost& a, const Cost& b) { return a.mb_per_s > b.mb_per_s; });
    std::printf("%-48s %10s\n", "whole set without the rule", "MB/s");
    for (std::size_t i = 0; i < std::min(top, gains.size()); ++i)
      std::printf("%-48s %10.0f\n", gains[i].id.c_str(), gains[i].mb_per_s);
  }
  hs_free_database(whole);
  return 0;
}
