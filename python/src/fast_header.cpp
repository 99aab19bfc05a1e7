// jwt.get_unverified_header's fast path: the whole token decoded and checked as PyJWT's loader
// does (structure, base64url of every segment, the header a JSON object, "kid" a string).
#include <tessera/jwt.hpp>

#include "arguments.hpp"
#include "fast_paths.hpp"
#include "to_python.hpp"

namespace tessera::python {

PyObject* fast_unverified_header(PyObject* const* args, std::size_t nargsf, PyObject* kwnames) {
  call_arguments<1> a;
  if (!read_arguments(args, nargsf, kwnames, std::array<std::string_view, 1>{"jwt"}, 1, a)) {
    return not_handled;
  }
  const auto token = bytes_of(a[0]);
  if (!token) return not_handled;
  const auto parts = unsafe::decode_unverified(*token);
  if (!parts) return not_handled;
  // "kid" must be a string; "crit" is judged by the Python implementation (PyJWT 2.12's rules).
  const auto* kid = parts->header.if_contains("kid");
  if ((kid != nullptr && !kid->is_string()) || parts->header.contains("crit")) return not_handled;
  return to_python(parts->header);
}

}  // namespace tessera::python
