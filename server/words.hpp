// Space-separated lists: the OAuth 2 "scope" parameter and claim (RFC 6749 section 3.3), and
// how the stores keep a user's scopes in one column.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tessera::server {

[[nodiscard]] inline std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out.push_back(' ');
    out += w;
  }
  return out;
}

/// The words of `text`; runs of spaces and empty input give no empty words.
[[nodiscard]] inline std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto space = text.find(' ');
    if (space != 0) out.emplace_back(text.substr(0, space));
    if (space == std::string_view::npos) break;
    text.remove_prefix(space + 1);
  }
  return out;
}

}  // namespace tessera::server
