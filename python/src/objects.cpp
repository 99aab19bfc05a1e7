#include "objects.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <boost/json/object.hpp>

#include <tessera/error.hpp>
#include <tessera/jwks_client.hpp>
#include <tessera/jwt.hpp>

#include "arguments.hpp"
#include "claims_to_python.hpp"
#include "from_python.hpp"
#include "guarded.hpp"
#include "py_ref.hpp"

namespace tessera::python {
namespace {

PyObject* token_error_type = nullptr;
PyObject* configuration_error_type = nullptr;

// Raises cls(code, message) for a library error.
std::nullptr_t raise(PyObject* cls, const std::error_code& code) {
  PyObject* type = cls != nullptr ? cls : PyExc_ValueError;
  py_ref error(PyObject_CallFunction(type, "ss", to_name(code), code.message().c_str()));
  if (error) PyErr_SetObject(type, error.get());
  return nullptr;
}

std::nullptr_t raise_configuration(std::string_view what) {
  PyObject* type =
      configuration_error_type != nullptr ? configuration_error_type : PyExc_ValueError;
  py_ref error(PyObject_CallFunction(type, "ss#", "invalid_configuration", what.data(),
                                     static_cast<Py_ssize_t>(what.size())));
  if (error) PyErr_SetObject(type, error.get());
  return nullptr;
}

// ---- Verifier ----

struct verifier_object {
  PyObject ob_base;  // PyObject_HEAD
  std::optional<verifier> checks;
  std::shared_ptr<jwks_client> remote;  // when verifying against a remote JWK Set
  bool asymmetric;
};

void verifier_dealloc(PyObject* self) {
  auto* v = reinterpret_cast<verifier_object*>(self);
  {
    // Stopping a remote key set's fetcher joins its thread, which may be in a fetch: without
    // the GIL, so that other threads run meanwhile.
    std::optional<verifier> checks = std::move(v->checks);
    std::shared_ptr<jwks_client> remote = std::move(v->remote);
    Py_BEGIN_ALLOW_THREADS checks.reset();
    remote.reset();
    Py_END_ALLOW_THREADS
  }
  v->checks.~optional();
  v->remote.~shared_ptr();
  Py_TYPE(self)->tp_free(self);
}

PyObject* verifier_verify_body(PyObject* self, PyObject* token_object) {
  auto* v = reinterpret_cast<verifier_object*>(self);
  const auto token = bytes_of(token_object);
  if (!token) {
    PyErr_SetString(PyExc_TypeError, "the token must be str or bytes");
    return nullptr;
  }
  result<verified_token> verified = std::unexpected(std::error_code{});
  if (v->asymmetric) {
    const std::string copy(*token);
    const verifier& checks = *v->checks;  // the object outlives the call
    Py_BEGIN_ALLOW_THREADS verified = checks.verify(copy);
    Py_END_ALLOW_THREADS
  } else {
    verified = v->checks->verify(*token);
  }
  if (!verified) return raise(token_error_type, verified.error());
  claims_facts facts;
  return claims_to_python(verified->claims(), facts);
}

PyObject* verifier_verify(PyObject* self, PyObject* token) {
  return guarded([&] { return verifier_verify_body(self, token); });
}

PyObject* verifier_wait_ready(PyObject* self, PyObject* timeout) {
  auto* v = reinterpret_cast<verifier_object*>(self);
  double seconds = PyFloat_AsDouble(timeout);
  if (seconds == -1.0 && PyErr_Occurred()) return nullptr;
  if (!v->remote) Py_RETURN_TRUE;
  // Within [0, one day]: NaN, infinities and huge values would overflow the conversion.
  constexpr double longest = 24.0 * 3600.0;
  if (!(seconds >= 0.0)) seconds = 0.0;
  if (seconds > longest) seconds = longest;
  bool ready = false;
  const auto wait = std::chrono::milliseconds(static_cast<long long>(seconds * 1000.0));
  const std::shared_ptr<jwks_client> remote = v->remote;
  Py_BEGIN_ALLOW_THREADS ready = remote->wait_ready(wait);
  Py_END_ALLOW_THREADS return PyBool_FromLong(ready ? 1 : 0);
}

PyMethodDef verifier_methods[] = {
    {"verify", verifier_verify, METH_O,
     "verify(token) -> dict: the claims, or TokenError with the library's code."},
    {"wait_ready", verifier_wait_ready, METH_O,
     "wait_ready(seconds) -> bool: whether the remote key set is there (True for a key)."},
    {nullptr, nullptr, 0, nullptr},
};

PyTypeObject verifier_type = [] {
  PyTypeObject t{PyVarObject_HEAD_INIT(nullptr, 0)};
  t.tp_name = "tessera._core.Verifier";
  t.tp_basicsize = sizeof(verifier_object);
  t.tp_flags = Py_TPFLAGS_DEFAULT;
  t.tp_dealloc = verifier_dealloc;
  t.tp_methods = verifier_methods;
  t.tp_doc = "A tessera verifier: made once (tessera.Verifier), shared, thread-safe.";
  return t;
}();

// ---- SigningKey ----

struct signing_key_object {
  PyObject ob_base;  // PyObject_HEAD
  std::optional<signing_key> key;
};

void signing_key_dealloc(PyObject* self) {
  reinterpret_cast<signing_key_object*>(self)->key.~optional();
  Py_TYPE(self)->tp_free(self);
}

PyObject* signing_key_algorithm(PyObject* self, void* /*closure*/) {
  const auto name = to_string(reinterpret_cast<signing_key_object*>(self)->key->alg());
  return PyUnicode_FromStringAndSize(name.data(), static_cast<Py_ssize_t>(name.size()));
}

PyGetSetDef signing_key_getset[] = {
    {"algorithm", signing_key_algorithm, nullptr, "The algorithm the key signs with.", nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr},
};

PyTypeObject signing_key_type = [] {
  PyTypeObject t{PyVarObject_HEAD_INIT(nullptr, 0)};
  t.tp_name = "tessera._core.SigningKey";
  t.tp_basicsize = sizeof(signing_key_object);
  t.tp_flags = Py_TPFLAGS_DEFAULT;
  t.tp_dealloc = signing_key_dealloc;
  t.tp_getset = signing_key_getset;
  t.tp_doc = "A signing key bound to its algorithm (tessera.SigningKey).";
  return t;
}();

std::optional<std::vector<std::string>> string_list(PyObject* object) {
  if (is_none(object)) return std::vector<std::string>{};
  return strings_of(object);
}

}  // namespace

bool add_object_types(PyObject* module) {
  if (PyType_Ready(&verifier_type) < 0 || PyType_Ready(&signing_key_type) < 0) return false;
  return PyModule_AddObjectRef(module, "Verifier", reinterpret_cast<PyObject*>(&verifier_type)) ==
             0 &&
         PyModule_AddObjectRef(module, "SigningKey",
                               reinterpret_cast<PyObject*>(&signing_key_type)) == 0;
}

PyObject* set_error_types(PyObject* /*module*/, PyObject* const* args, Py_ssize_t nargs) {
  if (nargs != 2) {
    PyErr_SetString(PyExc_TypeError, "set_error_types(token_error, configuration_error)");
    return nullptr;
  }
  Py_XSETREF(token_error_type, Py_NewRef(args[0]));
  Py_XSETREF(configuration_error_type, Py_NewRef(args[1]));
  Py_RETURN_NONE;
}

namespace {

PyObject* make_verifier_body(PyObject* const* args, Py_ssize_t nargs) {
  if (nargs != 11) {
    PyErr_SetString(PyExc_TypeError, "make_verifier takes 11 normalised arguments");
    return nullptr;
  }
  const auto algorithms = string_list(args[2]);
  const auto issuer = string_list(args[3]);
  const auto audience = string_list(args[4]);
  const auto required = string_list(args[7]);
  if (!algorithms || !issuer || !audience || !required) {
    return raise_configuration("algorithms, issuer, audience and required are lists of str");
  }
  verify_options options;
  bool asymmetric = false;
  for (const auto& name : *algorithms) {
    const auto alg = parse_algorithm(name);
    if (!alg) return raise(configuration_error_type, alg.error());
    options.algorithms.insert(*alg);
    asymmetric = asymmetric || !is_hmac(*alg);
  }
  options.issuer = *issuer;
  options.audience = *audience;
  if (const auto subject = text_of(args[5])) options.subject = std::string(*subject);
  const long long leeway = PyLong_AsLongLong(args[6]);
  if (leeway == -1 && PyErr_Occurred()) return nullptr;
  options.leeway = std::chrono::seconds(leeway);
  for (const auto& name : *required) {
    const auto c = parse_claim(name);
    if (!c) return raise_configuration("required names a claim that is not registered: " + name);
    options.required.push_back(*c);
  }

  py_ref made(PyType_GenericAlloc(&verifier_type, 0));
  if (!made) return nullptr;
  auto* v = reinterpret_cast<verifier_object*>(made.get());
  new (&v->checks) std::optional<verifier>();
  new (&v->remote) std::shared_ptr<jwks_client>();
  v->asymmetric = asymmetric;

  if (const auto url = text_of(args[1])) {
    jwks_client_options remote{.url = std::string(*url)};
    remote.allow_insecure_http = PyObject_IsTrue(args[8]) == 1;
    remote.lifespan = std::chrono::seconds(PyLong_AsLongLong(args[9]));
    remote.timeout = std::chrono::milliseconds(PyLong_AsLongLong(args[10]));
    if (PyErr_Occurred()) return nullptr;
    auto client = jwks_client::start(std::move(remote));
    if (!client) return raise(configuration_error_type, client.error());
    v->remote = *client;
    v->asymmetric = true;  // whatever the set holds, keys are looked up and may be slow
    auto checks =
        verifier::create(std::shared_ptr<const key_resolver>(*client), std::move(options));
    if (!checks) return raise(configuration_error_type, checks.error());
    v->checks = std::move(*checks);
    return made.release();
  }
  const auto key_bytes = bytes_of(args[0]);
  if (!key_bytes) return raise_configuration("the key is str or bytes");
  auto key = asymmetric ? verifying_key::from_pem(*key_bytes) : verifying_key::hmac(*key_bytes);
  if (!key) return raise(configuration_error_type, key.error());
  auto checks = verifier::create(std::move(*key), std::move(options));
  if (!checks) return raise(configuration_error_type, checks.error());
  v->checks = std::move(*checks);
  return made.release();
}

PyObject* make_signing_key_body(PyObject* const* args, Py_ssize_t nargs) {
  if (nargs != 2) {
    PyErr_SetString(PyExc_TypeError, "make_signing_key(algorithm, key)");
    return nullptr;
  }
  const auto name = text_of(args[0]);
  const auto key_bytes = bytes_of(args[1]);
  if (!name || !key_bytes) return raise_configuration("algorithm is a str, the key str or bytes");
  const auto alg = parse_algorithm(*name);
  if (!alg) return raise(configuration_error_type, alg.error());
  auto key =
      is_hmac(*alg) ? signing_key::hmac(*alg, *key_bytes) : signing_key::from_pem(*alg, *key_bytes);
  if (!key) return raise(configuration_error_type, key.error());
  py_ref made(PyType_GenericAlloc(&signing_key_type, 0));
  if (!made) return nullptr;
  auto* k = reinterpret_cast<signing_key_object*>(made.get());
  new (&k->key) std::optional<signing_key>(std::move(*key));
  return made.release();
}

PyObject* encode_with_body(PyObject* const* args, Py_ssize_t nargs) {
  if (nargs != 3 || !PyObject_TypeCheck(args[1], &signing_key_type)) {
    PyErr_SetString(PyExc_TypeError, "encode(claims, signing_key, kid)");
    return nullptr;
  }
  auto payload = from_python(args[0]);
  if (!payload || !payload->is_object()) {
    return raise_configuration("the claims are a dict of JSON values (str keys)");
  }
  header_options header;
  if (const auto kid = text_of(args[2])) header.kid = std::string(*kid);
  const signing_key& key = *reinterpret_cast<signing_key_object*>(args[1])->key;
  const claims payload_claims(std::move(payload->get_object()));
  result<std::string> token = std::unexpected(std::error_code{});
  if (is_hmac(key.alg())) {
    token = encode(payload_claims, key, header);
  } else {
    Py_BEGIN_ALLOW_THREADS token = encode(payload_claims, key, header);
    Py_END_ALLOW_THREADS
  }
  if (!token) return raise(configuration_error_type, token.error());
  return PyUnicode_FromStringAndSize(token->data(), static_cast<Py_ssize_t>(token->size()));
}

}  // namespace

PyObject* make_verifier(PyObject* /*module*/, PyObject* const* args, Py_ssize_t nargs) {
  return guarded([&] { return make_verifier_body(args, nargs); });
}

PyObject* make_signing_key(PyObject* /*module*/, PyObject* const* args, Py_ssize_t nargs) {
  return guarded([&] { return make_signing_key_body(args, nargs); });
}

PyObject* encode_with(PyObject* /*module*/, PyObject* const* args, Py_ssize_t nargs) {
  return guarded([&] { return encode_with_body(args, nargs); });
}

}  // namespace tessera::python
