// JSON values as Python objects, as json.loads makes them.
#pragma once

#include <Python.h>

#include <tessera/json.hpp>

namespace tessera::python {

/// A new reference to the Python form of `value`: dict (members in order), list, str, int (big
/// integers exactly), float, bool or None. nullptr with a Python error set on failure.
[[nodiscard]] PyObject* to_python(const json::value& value);

/// As above, for an object: a dict.
[[nodiscard]] PyObject* to_python(const json::object& object);

}  // namespace tessera::python
