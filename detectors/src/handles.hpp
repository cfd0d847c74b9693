// RAII owners for the C handles of Hyperscan and PCRE2: unique_ptr with stateless deleters.
#pragma once

#define PCRE2_CODE_UNIT_WIDTH 8
#include <hs.h>
#include <pcre2.h>

#include <memory>

namespace vigil::detectors {

struct HsDatabaseFree {
  void operator()(hs_database_t* p) const noexcept { hs_free_database(p); }
};
struct HsScratchFree {
  void operator()(hs_scratch_t* p) const noexcept { hs_free_scratch(p); }
};
struct Pcre2CodeFree {
  void operator()(pcre2_code* p) const noexcept { pcre2_code_free(p); }
};
struct Pcre2MatchDataFree {
  void operator()(pcre2_match_data* p) const noexcept { pcre2_match_data_free(p); }
};
struct Pcre2MatchContextFree {
  void operator()(pcre2_match_context* p) const noexcept { pcre2_match_context_free(p); }
};
struct Pcre2JitStackFree {
  void operator()(pcre2_jit_stack* p) const noexcept { pcre2_jit_stack_free(p); }
};

using HsDatabase = std::unique_ptr<hs_database_t, HsDatabaseFree>;
using HsScratch = std::unique_ptr<hs_scratch_t, HsScratchFree>;
using Pcre2Code = std::unique_ptr<pcre2_code, Pcre2CodeFree>;
using Pcre2MatchData = std::unique_ptr<pcre2_match_data, Pcre2MatchDataFree>;
using Pcre2MatchContext = std::unique_ptr<pcre2_match_context, Pcre2MatchContextFree>;
using Pcre2JitStack = std::unique_ptr<pcre2_jit_stack, Pcre2JitStackFree>;

} // namespace vigil::detectors
