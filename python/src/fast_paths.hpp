// The fast paths of jwt.decode, jwt.encode and jwt.get_unverified_header: the common calls done
// in C++ from the arguments to the result. Each returns a new reference with the result, or
// `not_handled` when the call is outside what it handles or does not succeed; the caller then
// runs the Python implementation with the same arguments, which decides (and raises the PyJWT
// exception) for every unusual call and every failure. So a fast path must never accept what
// the Python implementation refuses; refusing what it accepts only costs time.
#pragma once

#include <Python.h>

#include <cstddef>

namespace tessera::python {

/// What a fast path returns when the Python implementation must take the call. Never a Python
/// object: no reference is held on it.
inline PyObject* const not_handled = nullptr;

/// jwt.decode(jwt, key, algorithms, *, options, audience, issuer, subject, leeway).
PyObject* fast_decode(PyObject* const* args, std::size_t nargsf, PyObject* kwnames);

/// jwt.encode(payload, key, algorithm, *, headers, sort_headers).
PyObject* fast_encode(PyObject* const* args, std::size_t nargsf, PyObject* kwnames);

/// jwt.get_unverified_header(jwt).
PyObject* fast_unverified_header(PyObject* const* args, std::size_t nargsf, PyObject* kwnames);

/// Drops the prepared verifiers of fast_decode, or the prepared signing keys of fast_encode.
void clear_verifiers();
void clear_signers();

/// Entries held now by each bounded cache.
std::size_t verifiers_held();
std::size_t signers_held();

}  // namespace tessera::python
