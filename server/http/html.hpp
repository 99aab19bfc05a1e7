// HTML pages from templates: `{{name}}` placeholders replaced by escaped text.
#pragma once

#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "error.hpp"

namespace tessera::server {

/// `text` with & < > " ' as character references: safe as element text and as a quoted
/// attribute value.
[[nodiscard]] std::string escape_html(std::string_view text);

/// A placeholder's name and its (unescaped) value.
using html_value = std::pair<std::string_view, std::string_view>;

/// `page` with each `{{name}}` replaced by its value, escaped. `errc::invalid_argument` for a
/// placeholder without a value or a value without a placeholder: templates and code must agree.
[[nodiscard]] result<std::string> render_html(std::string_view page,
                                              std::span<const html_value> values);
[[nodiscard]] inline result<std::string> render_html(std::string_view page,
                                                     std::initializer_list<html_value> values) {
  return render_html(page, std::span<const html_value>(values.begin(), values.size()));
}

/// `page` with each `{{> name}}` replaced, as it is, by `partial(name)`; `errc::invalid_argument`
/// when `partial` gives nothing for a name.
[[nodiscard]] result<std::string> expand_partials(
    std::string_view page, const std::function<const std::string_view*(std::string_view)>& partial);

}  // namespace tessera::server
