// The objects behind the `tessera` package's own API: a verifier made once and reused (over a
// key or a remote JWK Set), a signing key bound to its algorithm, and the errors with the
// library's codes.
#pragma once

#include <Python.h>

namespace tessera::python {

/// Adds the Verifier and SigningKey types to `module`; false with a Python error set.
bool add_object_types(PyObject* module);

/// set_error_types(token_error, configuration_error): the exception classes (defined in Python,
/// tessera/_errors.py) this module raises, each called as cls(code, message).
PyObject* set_error_types(PyObject* module, PyObject* const* args, Py_ssize_t nargs);

/// make_verifier(key, jwks_url, algorithms, issuer, audience, subject, leeway, required,
/// allow_insecure_http, jwks_lifespan, jwks_timeout_ms): the arguments already normalised by
/// tessera.Verifier.
PyObject* make_verifier(PyObject* module, PyObject* const* args, Py_ssize_t nargs);

/// make_signing_key(algorithm, key): an HMAC secret or a private key (PEM).
PyObject* make_signing_key(PyObject* module, PyObject* const* args, Py_ssize_t nargs);

/// encode(claims, signing_key, kid): the compact token.
PyObject* encode_with(PyObject* module, PyObject* const* args, Py_ssize_t nargs);

}  // namespace tessera::python
