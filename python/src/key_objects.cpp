#include "key_objects.hpp"

#include <cstddef>
#include <list>
#include <string>
#include <unordered_map>
#include <utility>

#include "arguments.hpp"
#include "py_ref.hpp"

namespace tessera::python {
namespace {

PyObject* serializer = nullptr;

// Most recent first; each entry holds a reference to its object, so that its identity cannot be
// reused by another object while the entry lives. Used under the GIL.
struct cached_key {
  py_ref object;
  key_use use;
  std::string pem;
};
constexpr std::size_t max_key_objects = 64;
// Never destroyed: their references must not be released after the interpreter has finalised
// (static destructors run after it, without the GIL).
std::list<cached_key>& entries() {
  static auto* list = new std::list<cached_key>;
  return *list;
}
std::unordered_map<PyObject*, std::list<cached_key>::iterator>& index() {
  static auto* map = new std::unordered_map<PyObject*, std::list<cached_key>::iterator>;
  return *map;
}

}  // namespace

PyObject* set_key_serializer(PyObject* /*module*/, PyObject* fn) {
  if (!PyCallable_Check(fn)) {
    PyErr_SetString(PyExc_TypeError, "set_key_serializer(fn): fn must be callable");
    return nullptr;
  }
  Py_XSETREF(serializer, Py_NewRef(fn));
  Py_RETURN_NONE;
}

std::optional<std::string_view> key_material(PyObject* key, key_use use) {
  if (const auto bytes = bytes_of(key)) return bytes;
  if (key == nullptr || key == Py_None || serializer == nullptr) return std::nullopt;
  auto& list = entries();
  auto& map = index();
  if (const auto it = map.find(key); it != map.end()) {
    if (it->second->use != use) return std::nullopt;
    list.splice(list.begin(), list, it->second);
    return std::string_view(it->second->pem);
  }
  PyObject* private_key = use == key_use::sign ? Py_True : Py_False;
  py_ref pem(PyObject_CallFunctionObjArgs(serializer, key, private_key, nullptr));
  if (!pem || !PyBytes_CheckExact(pem.get())) {
    // Declined; an interrupt (KeyboardInterrupt, SystemExit) raised meanwhile stands.
    if (PyErr_Occurred() != nullptr && PyErr_ExceptionMatches(PyExc_Exception)) PyErr_Clear();
    return std::nullopt;
  }
  list.push_front({py_ref::borrow(key), use,
                   std::string(PyBytes_AS_STRING(pem.get()),
                               static_cast<std::size_t>(PyBytes_GET_SIZE(pem.get())))});
  map.emplace(key, list.begin());
  if (list.size() > max_key_objects) {
    map.erase(list.back().object.get());
    list.pop_back();
  }
  return std::string_view(list.front().pem);
}

void clear_key_objects() {
  index().clear();
  entries().clear();
}

}  // namespace tessera::python
