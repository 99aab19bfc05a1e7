#include "to_python.hpp"

#include <string>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

#include "py_ref.hpp"

namespace tessera::python {
namespace {

PyObject* text(std::string_view s) {
  return PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "strict");
}

PyObject* list_of(const json::array& array) {
  py_ref list(PyList_New(static_cast<Py_ssize_t>(array.size())));
  if (!list) return nullptr;
  Py_ssize_t i = 0;
  for (const auto& element : array) {
    PyObject* item = to_python(element);
    if (item == nullptr) return nullptr;
    PyList_SET_ITEM(list.get(), i++, item);  // steals the reference
  }
  return list.release();
}

}  // namespace

PyObject* to_python(const json::object& object) {
  py_ref dict(_PyDict_NewPresized(static_cast<Py_ssize_t>(object.size())));
  if (!dict) return nullptr;
  for (const auto& member : object) {
    py_ref key(text(member.key()));
    if (!key) return nullptr;
    py_ref value(to_python(member.value()));
    if (!value || PyDict_SetItem(dict.get(), key.get(), value.get()) != 0) return nullptr;
  }
  return dict.release();
}

PyObject* to_python(const json::value& value) {
  switch (value.kind()) {
    case json::kind::object:
      return to_python(value.get_object());
    case json::kind::array:
      return list_of(value.get_array());
    case json::kind::string: {
      if (const auto digits = big_integer_digits(value)) {
        const std::string terminated(*digits);  // PyLong_FromString reads a C string
        return PyLong_FromString(terminated.c_str(), nullptr, 10);
      }
      return text(value.get_string());
    }
    case json::kind::int64:
      return PyLong_FromLongLong(value.get_int64());
    case json::kind::uint64:
      return PyLong_FromUnsignedLongLong(value.get_uint64());
    case json::kind::double_:
      return PyFloat_FromDouble(value.get_double());
    case json::kind::bool_:
      return PyBool_FromLong(value.get_bool() ? 1 : 0);
    case json::kind::null:
      Py_RETURN_NONE;
  }
  Py_RETURN_NONE;
}

}  // namespace tessera::python
