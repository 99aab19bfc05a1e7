#include "strict.hpp"

#include <cstddef>
#include <span>
#include <string_view>

#include <tessera/base64url.hpp>
#include <tessera/json.hpp>

#include "guarded.hpp"
#include "py_ref.hpp"
#include "to_python.hpp"

namespace tessera::python {
namespace {

PyObject* decode_segment(PyObject* data) {
  const char* text = nullptr;
  Py_ssize_t size = 0;
  if (!bytes_view(data, text, size)) return nullptr;
  const std::string_view segment(text, static_cast<std::size_t>(size));
  const auto decoded_size = base64url_decoded_size(segment.size());
  if (!decoded_size) {
    PyErr_SetString(PyExc_ValueError, "invalid base64url: its length is impossible");
    return nullptr;
  }
  py_ref out(PyBytes_FromStringAndSize(nullptr, static_cast<Py_ssize_t>(*decoded_size)));
  if (!out) return nullptr;
  std::span<std::byte> bytes(reinterpret_cast<std::byte*>(PyBytes_AS_STRING(out.get())),
                             *decoded_size);
  if (!base64url_decode(segment, bytes)) {
    PyErr_SetString(PyExc_ValueError,
                    "invalid base64url: a character outside the URL-safe alphabet, padding, "
                    "or non-zero unused bits");
    return nullptr;
  }
  return out.release();
}

PyObject* parse(PyObject* data) {
  const char* text = nullptr;
  Py_ssize_t size = 0;
  if (!bytes_view(data, text, size)) return nullptr;
  const auto value = parse_strict(std::string_view(text, static_cast<std::size_t>(size)),
                                  parse_limits{}.max_depth, {}, big_integers::keep);
  if (!value) {
    PyErr_SetString(PyExc_ValueError, value.error().message().c_str());
    return nullptr;
  }
  return to_python(*value);
}

}  // namespace

bool bytes_view(PyObject* object, const char*& data, Py_ssize_t& size) {
  if (PyBytes_Check(object)) {
    data = PyBytes_AS_STRING(object);
    size = PyBytes_GET_SIZE(object);
    return true;
  }
  if (PyUnicode_Check(object)) {
    data = PyUnicode_AsUTF8AndSize(object, &size);
    return data != nullptr;
  }
  PyErr_SetString(PyExc_TypeError, "expected bytes or str");
  return false;
}

PyObject* strict_b64decode(PyObject* /*module*/, PyObject* data) {
  return guarded([&] { return decode_segment(data); });
}

PyObject* strict_loads(PyObject* /*module*/, PyObject* data) {
  return guarded([&] { return parse(data); });
}

}  // namespace tessera::python
