// C++ exceptions stopped at the boundary with CPython, which cannot unwind through them.
#pragma once

#include <Python.h>

#include <exception>
#include <new>

namespace tessera::python {

/// Runs `body` (which returns a new reference or nullptr with a Python error set); a C++
/// exception it throws becomes MemoryError (std::bad_alloc) or RuntimeError.
template <class Body>
PyObject* guarded(Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return PyErr_NoMemory();
  } catch (const std::exception& e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
    return nullptr;
  } catch (...) {
    PyErr_SetString(PyExc_RuntimeError, "unexpected C++ exception");
    return nullptr;
  }
}

}  // namespace tessera::python
