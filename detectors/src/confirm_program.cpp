// Pattern validation and the lazily built PCRE2 confirm program (see rule_set_impl.hpp).
#include "rule_set_impl.hpp"

#include <climits>
#include <cstdlib>

namespace vigil::detectors {
namespace {

// The longest match any rule may have: bounds the confirm window and the chunk overlap.
constexpr std::size_t kMaxWindow = 64 * 1024;

std::string pcre2_message(int code) {
  PCRE2_UCHAR buffer[256];
  if (pcre2_get_error_message(code, buffer, sizeof buffer) < 0) return "unknown PCRE2 error";
  return reinterpret_cast<const char*>(buffer);
}

Error rule_error(const Rule& rule, const std::string& why) {
  return Error{rule.source + ":" + rule.id + ": " + why};
}

pcre2_code* compile_pcre2(const std::string& pattern, int& code, PCRE2_SIZE& offset) {
  return pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                       kPcre2Options, &code, &offset, nullptr);
}

} // namespace

Result<std::size_t> validate_pattern(const Rule& rule) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* hs_error = nullptr;
  if (hs_expression_info(rule.pattern.c_str(), kHsFlags, &info, &hs_error) != HS_SUCCESS) {
    std::string why = "Hyperscan rejects the pattern: ";
    why += hs_error ? hs_error->message : "unknown error";
    hs_free_compile_error(hs_error);
    return rule_error(rule, why);
  }
  const unsigned max_width = info->max_width;
  const unsigned min_width = info->min_width;
  std::free(info);
  if (max_width == UINT_MAX || max_width > kMaxWindow)
    return rule_error(rule, "pattern match length is unbounded or over 64 KiB; use bounded "
                            "repeats such as {1,200} instead of + or *");
  if (min_width == 0) return rule_error(rule, "pattern can match the empty string");

  int code = 0;
  PCRE2_SIZE offset = 0;
  Pcre2Code compiled(compile_pcre2(rule.pattern, code, offset));
  if (!compiled)
    return rule_error(rule, "PCRE2 rejects the pattern at offset " + std::to_string(offset) + ": " +
                                pcre2_message(code));
  std::uint32_t captures = 0;
  pcre2_pattern_info(compiled.get(), PCRE2_INFO_CAPTURECOUNT, &captures);
  if (captures >= kMaxGroups)
    return rule_error(rule, "pattern has more than " + std::to_string(kMaxGroups - 1) +
                                " capture groups");
  return std::size_t{max_width};
}

void ConfirmProgram::build() const {
  int code = 0;
  PCRE2_SIZE offset = 0;
  code_.reset(compile_pcre2(pattern_, code, offset));
  if (!code_) return;
  pcre2_jit_compile(code_.get(), PCRE2_JIT_COMPLETE);

  std::uint32_t capture_count = 0, name_count = 0, entry_size = 0;
  PCRE2_SPTR table = nullptr;
  pcre2_pattern_info(code_.get(), PCRE2_INFO_CAPTURECOUNT, &capture_count);
  pcre2_pattern_info(code_.get(), PCRE2_INFO_NAMECOUNT, &name_count);
  pcre2_pattern_info(code_.get(), PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
  pcre2_pattern_info(code_.get(), PCRE2_INFO_NAMETABLE, &table);
  bool has_secret_name = false;
  for (std::uint32_t i = 0; i < name_count; ++i) {
    const auto* entry = table + i * entry_size;
    const std::uint32_t number = (entry[0] << 8) | entry[1];
    std::string name(reinterpret_cast<const char*>(entry + 2));
    if (name == "secret") {
      secret_group_ = number;
      has_secret_name = true;
    } else {
      named_groups_.emplace_back(std::move(name), number);
    }
  }
  if (!has_secret_name && capture_count >= 1) secret_group_ = 1;
}

} // namespace vigil::detectors
