#include "web/assets.hpp"

#include <algorithm>

namespace tessera::server {

const web_asset* find_web_asset(std::string_view name) noexcept {
  const auto all = web_assets();
  const auto it = std::ranges::lower_bound(all, name, {}, &web_asset::name);
  return it != all.end() && it->name == name ? &*it : nullptr;
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) noexcept {
  while (!if_none_match.empty()) {
    const auto comma = if_none_match.find(',');
    auto tag = if_none_match.substr(0, comma);
    if_none_match =
        comma == std::string_view::npos ? std::string_view{} : if_none_match.substr(comma + 1);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag == "*") return true;
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == etag) return true;
  }
  return false;
}

}  // namespace tessera::server
