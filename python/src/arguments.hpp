// Reading a vectorcall's arguments by name, for the fast paths: any argument they do not know,
// or of a type they do not handle, makes them hand the call to the Python implementation.
#pragma once

#include <Python.h>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::python {

/// The arguments of one call, by the position of their name in `Names`; nullptr when absent.
template <std::size_t N>
struct call_arguments {
  std::array<PyObject*, N> values{};
  [[nodiscard]] PyObject* operator[](std::size_t i) const noexcept { return values[i]; }
};

/// `names` as interned str objects, made once per call site: keyword names at a call site are
/// interned too, so most are matched by identity, without comparing text.
template <std::size_t N>
std::array<PyObject*, N> intern_names(const std::array<std::string_view, N>& names) {
  std::array<PyObject*, N> out{};
  for (std::size_t i = 0; i < N; ++i) {
    out[i] = PyUnicode_FromStringAndSize(names[i].data(), static_cast<Py_ssize_t>(names[i].size()));
    if (out[i] != nullptr) PyUnicode_InternInPlace(&out[i]);  // kept for the process's life
  }
  return out;
}

/**
 * Reads `args` (vectorcall layout) against `names`, the parameters in positional order (and
 * `interned`, the same names from intern_names, matched first); at most
 * `max_positional` may come by position. False, with no Python error set, for more positional
 * arguments, a keyword not in `names`, or a parameter given twice: the caller then falls back.
 */
template <std::size_t N>
bool read_arguments(PyObject* const* args, std::size_t nargsf, PyObject* kwnames,
                    const std::array<std::string_view, N>& names,
                    const std::array<PyObject*, N>& interned, std::size_t max_positional,
                    call_arguments<N>& out) {
  const auto positional = static_cast<std::size_t>(PyVectorcall_NARGS(nargsf));
  if (positional > max_positional || positional > N) return false;
  for (std::size_t i = 0; i < positional; ++i) out.values[i] = args[i];
  if (kwnames == nullptr) return true;
  const auto keywords = static_cast<std::size_t>(PyTuple_GET_SIZE(kwnames));
  for (std::size_t k = 0; k < keywords; ++k) {
    PyObject* keyword_object = PyTuple_GET_ITEM(kwnames, static_cast<Py_ssize_t>(k));
    std::size_t at = 0;
    while (at < N && interned[at] != keyword_object) ++at;
    if (at < N) {
      if (out.values[at] != nullptr) return false;
      out.values[at] = args[positional + k];
      continue;
    }
    Py_ssize_t length = 0;
    const char* name =
        PyUnicode_AsUTF8AndSize(PyTuple_GET_ITEM(kwnames, static_cast<Py_ssize_t>(k)), &length);
    if (name == nullptr) {
      PyErr_Clear();
      return false;
    }
    const std::string_view keyword(name, static_cast<std::size_t>(length));
    std::size_t i = 0;
    while (i < N && names[i] != keyword) ++i;
    if (i == N || out.values[i] != nullptr) return false;
    out.values[i] = args[positional + k];
  }
  return true;
}

/// True when `object` is absent or None.
[[nodiscard]] inline bool is_none(PyObject* object) noexcept {
  return object == nullptr || object == Py_None;
}

/// The text of a str, borrowed; nullopt for anything else (no error left set).
[[nodiscard]] inline std::optional<std::string_view> text_of(PyObject* object) noexcept {
  if (object == nullptr || !PyUnicode_CheckExact(object)) return std::nullopt;
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(object, &size);
  if (data == nullptr) {
    PyErr_Clear();
    return std::nullopt;
  }
  return std::string_view(data, static_cast<std::size_t>(size));
}

/// The bytes of a str (UTF-8) or bytes, borrowed; nullopt for anything else.
[[nodiscard]] inline std::optional<std::string_view> bytes_of(PyObject* object) noexcept {
  if (object != nullptr && PyBytes_CheckExact(object)) {
    return std::string_view(PyBytes_AS_STRING(object),
                            static_cast<std::size_t>(PyBytes_GET_SIZE(object)));
  }
  return text_of(object);
}

/// The strings of a str (one) or a list or tuple of str; nullopt for anything else.
[[nodiscard]] inline std::optional<std::vector<std::string>> strings_of(PyObject* object) {
  std::vector<std::string> out;
  if (const auto one = text_of(object)) {
    out.emplace_back(*one);
    return out;
  }
  if (object == nullptr || !(PyList_CheckExact(object) || PyTuple_CheckExact(object))) {
    return std::nullopt;
  }
  const Py_ssize_t n = PySequence_Fast_GET_SIZE(object);
  PyObject** items = PySequence_Fast_ITEMS(object);
  for (Py_ssize_t i = 0; i < n; ++i) {
    const auto s = text_of(items[i]);
    if (!s) return std::nullopt;
    out.emplace_back(*s);
  }
  return out;
}

}  // namespace tessera::python
