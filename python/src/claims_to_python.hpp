// A verified token's claims as a Python dict, built straight from the token (claims_view::visit:
// no JSON values in between), as json.loads would make it.
#pragma once

#include <Python.h>

#include <tessera/claims.hpp>

namespace tessera::python {

/// What the caller learns besides the dict.
struct claims_facts {
  /// "exp", "nbf" or "iat" is present and not an integer (PyJWT reads them with int(), which the
  /// fast path does not imitate).
  bool non_integer_date = false;
};

/// A new dict of the claims, or nullptr with a Python error set.
[[nodiscard]] PyObject* claims_to_python(const claims_view& claims, claims_facts& facts);

}  // namespace tessera::python
