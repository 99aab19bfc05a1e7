// The strict base64url decoder and JSON parser of libtessera, for the Python layers' slow paths:
// whatever the fast path refuses and the Python code then judges is judged with the same rules.
#pragma once

#include <Python.h>

namespace tessera::python {

/// b64decode(data: bytes | str) -> bytes: canonical base64url, no padding; ValueError otherwise.
PyObject* strict_b64decode(PyObject* module, PyObject* data);

/// loads(data: bytes | str) -> object: strict JSON (duplicate members, non-finite numbers and
/// invalid UTF-8 refused; big integers kept); ValueError with the reason otherwise.
PyObject* strict_loads(PyObject* module, PyObject* data);

/// The bytes of a str (UTF-8) or bytes object, borrowed from it; false with TypeError set for
/// anything else.
bool bytes_view(PyObject* object, const char*& data, Py_ssize_t& size);

}  // namespace tessera::python
