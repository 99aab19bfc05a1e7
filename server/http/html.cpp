#include "http/html.hpp"

#include <algorithm>
#include <vector>

namespace tessera::server {

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

result<std::string> expand_partials(
    std::string_view page,
    const std::function<const std::string_view*(std::string_view)>& partial) {
  std::string out;
  out.reserve(page.size() + 1024);
  while (!page.empty()) {
    const auto open = page.find("{{> ");
    out.append(page.substr(0, open));
    if (open == std::string_view::npos) break;
    const auto close = page.find("}}", open);
    if (close == std::string_view::npos) {
      return fail(errc::invalid_argument, "a template has an unclosed {{>");
    }
    const auto name = page.substr(open + 4, close - open - 4);
    const auto* text = partial(name);
    if (text == nullptr) {
      return fail(errc::invalid_argument, "no partial " + std::string(name));
    }
    out.append(*text);
    page.remove_prefix(close + 2);
  }
  return out;
}

result<std::string> render_html(std::string_view page, std::span<const html_value> values) {
  std::string out;
  out.reserve(page.size() + 256);
  std::vector<bool> used(values.size(), false);
  while (!page.empty()) {
    const auto open = page.find("{{");
    out.append(page.substr(0, open));
    if (open == std::string_view::npos) break;
    const auto close = page.find("}}", open + 2);
    if (close == std::string_view::npos) {
      return fail(errc::invalid_argument, "a template has an unclosed {{");
    }
    const auto name = page.substr(open + 2, close - open - 2);
    const auto found = std::ranges::find(values, name, &html_value::first);
    if (found == values.end()) {
      return fail(errc::invalid_argument,
                  "a template's {{" + std::string(name) + "}} has no value");
    }
    used[static_cast<std::size_t>(found - values.begin())] = true;
    out += escape_html(found->second);
    page.remove_prefix(close + 2);
  }
  for (std::size_t i = 0; i < used.size(); ++i) {
    if (!used[i]) {
      return fail(errc::invalid_argument,
                  "no {{" + std::string(values[i].first) + "}} in the template");
    }
  }
  return out;
}

}  // namespace tessera::server
