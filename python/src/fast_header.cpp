// jwt.get_unverified_header's fast path: the whole token decoded and checked as PyJWT's loader
// does (structure, base64url of every segment, the header a JSON object, "kid" a string).
#include <span>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include <tessera/base64url.hpp>
#include <tessera/json.hpp>

#include "arguments.hpp"
#include "fast_paths.hpp"
#include "to_python.hpp"

namespace tessera::python {

PyObject* fast_unverified_header(PyObject* const* args, std::size_t nargsf, PyObject* kwnames) {
  call_arguments<1> a;
  static constexpr std::array<std::string_view, 1> names = {"jwt"};
  static const auto interned = intern_names(names);
  if (!read_arguments(args, nargsf, kwnames, names, interned, 1, a)) {
    return not_handled;
  }
  const auto token = bytes_of(a[0]);
  if (!token) return not_handled;
  // PyJWT's loader: three segments, each valid base64url, the header a JSON object.
  const auto first = token->find('.');
  const auto second = first == std::string_view::npos ? first : token->find('.', first + 1);
  if (second == std::string_view::npos || token->find('.', second + 1) != std::string_view::npos ||
      token->size() > parse_limits{}.max_token_size) {
    return not_handled;
  }
  static std::string scratch;  // reused under the GIL
  const auto decodes = [](std::string_view segment) {
    const auto size = base64url_decoded_size(segment.size());
    if (!size) return false;
    scratch.resize(*size);
    return base64url_decode(segment, std::as_writable_bytes(std::span(scratch))).has_value();
  };
  if (!decodes(token->substr(first + 1, second - first - 1)) ||
      !decodes(token->substr(second + 1)) || !decodes(token->substr(0, first))) {
    return not_handled;
  }
  const auto header = parse_strict(scratch);
  if (!header || !header->is_object()) return not_handled;
  // "kid" must be a string; "crit" is judged by the Python implementation (PyJWT 2.12's rules).
  const auto& members = header->get_object();
  const auto* kid = members.if_contains("kid");
  if ((kid != nullptr && !kid->is_string()) || members.contains("crit")) return not_handled;
  return to_python(members);
}

}  // namespace tessera::python
