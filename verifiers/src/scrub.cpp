// Secret scrubbing (see scrub.hpp).
#include "scrub.hpp"

#include "template.hpp"
#include "vigil/detectors/json_text.hpp"

#include <algorithm>

namespace vigil::verifiers {

void Scrubber::add(std::string_view value) {
  if (value.size() < 4) return;
  const auto json = detectors::json_string(value);
  for (std::string form : {std::string(value), url_encode(value), url_encode_path(value),
                           base64_encode(value), json.substr(1, json.size() - 2)}) {
    if (std::find(forms_.begin(), forms_.end(), form) == forms_.end()) forms_.push_back(form);
  }
  // Longest first, so a longer form is not half-replaced through a shorter one.
  std::sort(forms_.begin(), forms_.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string Scrubber::apply(std::string_view text) const {
  std::string out(text);
  for (const auto& form : forms_) {
    std::size_t pos = 0;
    while ((pos = out.find(form, pos)) != std::string::npos) {
      out.replace(pos, form.size(), "[redacted]");
      pos += 10;
    }
  }
  return out;
}

std::string printable(std::string_view text, std::size_t max) {
  std::string out;
  for (unsigned char c : text) {
    if (out.size() >= max) {
      out += "...";
      break;
    }
    if (c >= 0x20 && c != 0x7f) out.push_back(static_cast<char>(c));
    else if (c == '\n' || c == '\t') out.push_back(' ');
  }
  return out;
}

} // namespace vigil::verifiers
