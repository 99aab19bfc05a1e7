// Python values as JSON, as json.dumps reads them, for the fast path of encode.
#pragma once

#include <Python.h>

#include <optional>

#include <tessera/json.hpp>

namespace tessera::python {

/**
 * The JSON of `object` when it is made only of exact dict (str keys), list, str, int, float
 * (finite), bool and None, nested at most 64 deep; nullopt otherwise (a tuple, a subclass, a
 * datetime, NaN...), with no Python error left set: json.dumps' own rules then decide.
 */
[[nodiscard]] std::optional<json::value> from_python(PyObject* object, int depth = 0);

}  // namespace tessera::python
