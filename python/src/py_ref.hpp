// An owned reference to a Python object, released on scope exit.
#pragma once

#include <Python.h>

#include <utility>

namespace tessera::python {

/// Owns one reference (or none). `release` hands it to a caller that steals it.
class py_ref {
 public:
  py_ref() noexcept = default;
  /// Takes ownership of a new reference (nullptr allowed: an error is pending).
  explicit py_ref(PyObject* owned) noexcept : object_(owned) {}
  py_ref(const py_ref&) = delete;
  py_ref& operator=(const py_ref&) = delete;
  py_ref(py_ref&& other) noexcept : object_(std::exchange(other.object_, nullptr)) {}
  py_ref& operator=(py_ref&& other) noexcept {
    if (this != &other) {
      Py_XDECREF(object_);
      object_ = std::exchange(other.object_, nullptr);
    }
    return *this;
  }
  ~py_ref() { Py_XDECREF(object_); }

  /// A new reference to `borrowed`.
  static py_ref borrow(PyObject* borrowed) noexcept {
    Py_XINCREF(borrowed);
    return py_ref(borrowed);
  }

  [[nodiscard]] PyObject* get() const noexcept { return object_; }
  [[nodiscard]] PyObject* release() noexcept { return std::exchange(object_, nullptr); }
  explicit operator bool() const noexcept { return object_ != nullptr; }

 private:
  PyObject* object_ = nullptr;
};

}  // namespace tessera::python
