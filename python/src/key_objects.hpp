// Key objects (cryptography's) for the fast paths: serialised once by a Python function the jwt
// package registers, the PEM kept with the object in a bounded cache keyed by its identity.
#pragma once

#include <Python.h>

#include <cstdint>
#include <optional>
#include <string_view>

namespace tessera::python {

/// set_key_serializer(fn): fn(key, private) -> bytes | None, the PEM of a key object (a public
/// key, or with `private` a private key).
PyObject* set_key_serializer(PyObject* module, PyObject* serializer);

/// Which keys a fast path takes.
enum class key_use : std::uint8_t { verify, sign };

/// The key material of `key`: the bytes of a str or bytes, or the PEM of a key object the
/// serializer knows (public keys to verify, private keys to sign, as PyJWT uses them); nullopt
/// otherwise (no Python error left set). The view is valid until the next call (the cache may
/// drop the entry then).
[[nodiscard]] std::optional<std::string_view> key_material(PyObject* key, key_use use);

/// Drops the cached key objects.
void clear_key_objects();

}  // namespace tessera::python
