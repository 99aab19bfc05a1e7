#include "from_python.hpp"

#include <cmath>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "py_ref.hpp"

namespace tessera::python {
namespace {

constexpr int max_depth = 64;

std::optional<std::string_view> utf8_of(PyObject* text) {
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(text, &size);
  if (data == nullptr) {  // a lone surrogate: json.dumps escapes it, the fast path declines
    PyErr_Clear();
    return std::nullopt;
  }
  return std::string_view(data, static_cast<std::size_t>(size));
}

std::optional<json::value> integer_of(PyObject* number) {
  int overflow = 0;
  const long long value = PyLong_AsLongLongAndOverflow(number, &overflow);
  if (overflow == 0) return json::value(static_cast<std::int64_t>(value));
  // Beyond 64 bits: kept exactly, as Python writes it.
  py_ref digits(PyObject_Str(number));
  if (!digits) {
    PyErr_Clear();
    return std::nullopt;
  }
  const auto text = utf8_of(digits.get());
  if (!text) return std::nullopt;
  auto big = make_big_integer(*text);
  if (!big) return std::nullopt;
  return std::move(*big);
}

}  // namespace

std::optional<json::value> from_python(PyObject* object, int depth) {
  if (depth > max_depth) return std::nullopt;
  if (PyUnicode_CheckExact(object)) {
    const auto text = utf8_of(object);
    if (!text) return std::nullopt;
    return json::value(json::string_view(text->data(), text->size()));
  }
  if (object == Py_None) return json::value(nullptr);
  if (PyBool_Check(object)) return json::value(object == Py_True);
  if (PyLong_CheckExact(object)) return integer_of(object);
  if (PyFloat_CheckExact(object)) {
    const double d = PyFloat_AS_DOUBLE(object);
    if (!std::isfinite(d)) return std::nullopt;
    return json::value(d);
  }
  if (PyDict_CheckExact(object)) {
    json::object members;
    members.reserve(static_cast<std::size_t>(PyDict_GET_SIZE(object)));
    PyObject* key = nullptr;
    PyObject* value = nullptr;
    Py_ssize_t at = 0;
    while (PyDict_Next(object, &at, &key, &value)) {
      if (!PyUnicode_CheckExact(key)) return std::nullopt;  // json.dumps converts; we decline
      const auto name = utf8_of(key);
      if (!name) return std::nullopt;
      auto member = from_python(value, depth + 1);
      if (!member) return std::nullopt;
      members.insert_or_assign(json::string_view(name->data(), name->size()), std::move(*member));
    }
    return json::value(std::move(members));
  }
  if (PyList_CheckExact(object)) {
    json::array elements;
    const Py_ssize_t n = PyList_GET_SIZE(object);
    elements.reserve(static_cast<std::size_t>(n));
    for (Py_ssize_t i = 0; i < n; ++i) {
      auto element = from_python(PyList_GET_ITEM(object, i), depth + 1);
      if (!element) return std::nullopt;
      elements.push_back(std::move(*element));
    }
    return json::value(std::move(elements));
  }
  return std::nullopt;
}

}  // namespace tessera::python
