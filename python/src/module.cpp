// tessera._core: libtessera for Python. The `jwt` package (PyJWT's API) puts the fast paths of
// this module in front of its Python implementation: `fast_function(kind, fallback)` makes a
// callable that runs the fast path of `kind` and hands every call it does not complete to
// `fallback` with the same arguments.
#include <Python.h>
#include <structmember.h>

#include <cstddef>
#include <string_view>

#include <tessera/version.hpp>

#include "fast_paths.hpp"
#include "key_forms.hpp"
#include "key_objects.hpp"
#include "objects.hpp"
#include "py_ref.hpp"
#include "strict.hpp"

namespace tessera::python {
namespace {

using fast_path = PyObject* (*)(PyObject* const*, std::size_t, PyObject*);

// A callable: the fast path, then the fallback.
struct fast_function {
  PyObject ob_base;  // PyObject_HEAD
  vectorcallfunc vectorcall;
  fast_path fast;
  PyObject* fallback;
  PyObject* name;
  char enabled;  // cleared when the Python side changes what the fast path assumes (T_BOOL)
};

PyObject* fast_function_call(PyObject* self, PyObject* const* args, std::size_t nargsf,
                             PyObject* kwnames) {
  auto* f = reinterpret_cast<fast_function*>(self);
  if (f->fallback == nullptr) {  // cleared by the garbage collector's cycle breaking
    PyErr_SetString(PyExc_RuntimeError, "this fast path's Python implementation is gone");
    return nullptr;
  }
  if (f->enabled != 0) {
    PyObject* result = nullptr;
    try {
      result = f->fast(args, nargsf, kwnames);
    } catch (...) {  // bad_alloc, a length error: the Python implementation decides
      result = nullptr;
    }
    if (result != nullptr) return result;
    // Whatever went wrong is the Python implementation's to find and say, but an interrupt
    // (KeyboardInterrupt, SystemExit) raised by Python code the fast path ran stands.
    if (PyErr_Occurred() != nullptr) {
      if (!PyErr_ExceptionMatches(PyExc_Exception)) return nullptr;
      PyErr_Clear();
    }
  }
  return PyObject_Vectorcall(f->fallback, args, nargsf, kwnames);
}

void fast_function_dealloc(PyObject* self) {
  auto* f = reinterpret_cast<fast_function*>(self);
  PyObject_GC_UnTrack(self);
  Py_CLEAR(f->fallback);
  Py_CLEAR(f->name);
  Py_TYPE(self)->tp_free(self);
}

int fast_function_traverse(PyObject* self, visitproc visit, void* arg) {
  auto* f = reinterpret_cast<fast_function*>(self);
  Py_VISIT(f->fallback);
  return 0;
}

int fast_function_clear(PyObject* self) {
  Py_CLEAR(reinterpret_cast<fast_function*>(self)->fallback);
  return 0;
}

PyObject* fast_function_repr(PyObject* self) {
  auto* f = reinterpret_cast<fast_function*>(self);
  return PyUnicode_FromFormat("<tessera fast path of %S>", f->name);
}

// Descriptor protocol: a fast function stored on a class behaves as a plain function (bound to
// the instance), so that PyJWT-style classes may hold one.
PyObject* fast_function_get(PyObject* self, PyObject* instance, PyObject* /*owner*/) {
  if (instance == nullptr || instance == Py_None) return Py_NewRef(self);
  return PyMethod_New(self, instance);
}

PyObject* fast_function_fallback(PyObject* self, void* /*closure*/) {
  PyObject* fallback = reinterpret_cast<fast_function*>(self)->fallback;
  return Py_NewRef(fallback != nullptr ? fallback : Py_None);
}

// What introspection asks a function (inspect.signature follows __wrapped__; help() reads
// __doc__): the Python implementation's answers.
PyObject* fallback_attribute(PyObject* self, void* name) {
  PyObject* fallback = reinterpret_cast<fast_function*>(self)->fallback;
  if (fallback == nullptr) Py_RETURN_NONE;
  return PyObject_GetAttrString(fallback, static_cast<const char*>(name));
}

PyGetSetDef fast_function_getset[] = {
    {"fallback", fast_function_fallback, nullptr, "The Python implementation it hands calls to.",
     nullptr},
    {"__wrapped__", fast_function_fallback, nullptr, "The Python implementation.", nullptr},
    {"__doc__", fallback_attribute, nullptr, nullptr, const_cast<char*>("__doc__")},
    {"__name__", fallback_attribute, nullptr, nullptr, const_cast<char*>("__name__")},
    {"__qualname__", fallback_attribute, nullptr, nullptr, const_cast<char*>("__qualname__")},
    {nullptr, nullptr, nullptr, nullptr, nullptr},
};

PyMemberDef fast_function_members[] = {
    {"enabled", T_BOOL, offsetof(fast_function, enabled), 0,
     "Whether calls try the fast path first (the jwt package clears it when an algorithm of the "
     "global registry changes)."},
    {nullptr, 0, 0, 0, nullptr},
};

PyTypeObject fast_function_type = [] {
  PyTypeObject t{PyVarObject_HEAD_INIT(nullptr, 0)};
  t.tp_name = "tessera._core.fast_function";
  t.tp_basicsize = sizeof(fast_function);
  t.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL;
  t.tp_vectorcall_offset = offsetof(fast_function, vectorcall);
  t.tp_call = PyVectorcall_Call;
  t.tp_dealloc = fast_function_dealloc;
  t.tp_traverse = fast_function_traverse;
  t.tp_clear = fast_function_clear;
  t.tp_repr = fast_function_repr;
  t.tp_descr_get = fast_function_get;
  t.tp_getset = fast_function_getset;
  t.tp_members = fast_function_members;
  return t;
}();

PyObject* make_fast_function(PyObject* /*module*/, PyObject* const* args, Py_ssize_t nargs) {
  if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyCallable_Check(args[1])) {
    PyErr_SetString(PyExc_TypeError, "fast_function(kind: str, fallback: callable)");
    return nullptr;
  }
  const char* kind = PyUnicode_AsUTF8(args[0]);
  if (kind == nullptr) return nullptr;
  const std::string_view k(kind);
  fast_path path = nullptr;
  if (k == "decode") {
    path = fast_decode;
  } else if (k == "encode") {
    path = fast_encode;
  } else if (k == "get_unverified_header") {
    path = fast_unverified_header;
  } else {
    PyErr_Format(PyExc_ValueError, "no fast path for %s", kind);
    return nullptr;
  }
  auto* f = PyObject_GC_New(fast_function, &fast_function_type);
  if (f == nullptr) return nullptr;
  f->vectorcall = fast_function_call;
  f->fast = path;
  f->fallback = Py_NewRef(args[1]);
  f->name = Py_NewRef(args[0]);
  f->enabled = 1;
  PyObject_GC_Track(reinterpret_cast<PyObject*>(f));
  return reinterpret_cast<PyObject*>(f);
}

PyObject* clear_caches(PyObject* /*module*/, PyObject* /*unused*/) {
  clear_verifiers();
  clear_signers();
  clear_key_objects();
  Py_RETURN_NONE;
}

PyObject* cache_sizes(PyObject* /*module*/, PyObject* /*unused*/) {
  return Py_BuildValue("{s:n,s:n}", "verifiers", static_cast<Py_ssize_t>(verifiers_held()),
                       "signing_keys", static_cast<Py_ssize_t>(signers_held()));
}

PyMethodDef methods[] = {
    {"fast_function",
     reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(make_fast_function)), METH_FASTCALL,
     "fast_function(kind, fallback): the fast path of 'decode', 'encode' or "
     "'get_unverified_header' in front of fallback."},
    {"b64decode", strict_b64decode, METH_O,
     "b64decode(data) -> bytes: strict base64url (canonical, unpadded); ValueError otherwise."},
    {"loads", strict_loads, METH_O,
     "loads(data) -> object: strict JSON (no duplicate members, finite numbers); ValueError "
     "otherwise."},
    {"set_hmac_secret_check", set_hmac_secret_check, METH_O,
     "set_hmac_secret_check(fn): fn(key: bytes) -> bool, PyJWT's refusal of a PEM or SSH key "
     "as an HMAC secret."},
    {"set_key_serializer", set_key_serializer, METH_O,
     "set_key_serializer(fn): fn(key) -> PEM bytes or None, for key objects given to the fast "
     "paths."},
    {"set_error_types",
     reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(set_error_types)), METH_FASTCALL,
     "set_error_types(token_error, configuration_error)"},
    {"make_verifier", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(make_verifier)),
     METH_FASTCALL, "make_verifier(...): see tessera.Verifier."},
    {"make_signing_key",
     reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(make_signing_key)), METH_FASTCALL,
     "make_signing_key(algorithm, key): see tessera.SigningKey."},
    {"encode", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(encode_with)),
     METH_FASTCALL, "encode(claims, signing_key, kid): see tessera.encode."},
    {"clear_caches", clear_caches, METH_NOARGS,
     "Drops the prepared keys and verifiers of the fast paths."},
    {"cache_sizes", cache_sizes, METH_NOARGS,
     "The number of prepared verifiers and signing keys held (each cache is bounded)."},
    {nullptr, nullptr, 0, nullptr},
};

PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    "tessera._core",
    "libtessera's C++ core: strict decoding and the fast paths of the jwt package.",
    -1,
    methods,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
};

}  // namespace
}  // namespace tessera::python

PyMODINIT_FUNC PyInit__core() {
  using namespace tessera::python;
  if (PyType_Ready(&fast_function_type) < 0) return nullptr;
  py_ref module(PyModule_Create(&module_def));
  if (!module) return nullptr;
  if (PyModule_AddStringConstant(module.get(), "version", TESSERA_VERSION_STRING) < 0) {
    return nullptr;
  }
  if (!add_object_types(module.get())) return nullptr;
  return module.release();
}
