// The key forms PyJWT reads, so that the fast paths take no key PyJWT would refuse: libtessera
// also reads DER, certificates and looser OpenSSH lines, and screens HMAC secrets with rules of
// its own.
#pragma once

#include <Python.h>

#include <string_view>

#include <tessera/algorithm.hpp>

namespace tessera::python {

/// Whether PyJWT reads `key` as the public key of `algorithms` (one family: RSA for RS* and
/// PS*, EC for ES*, OKP for EdDSA): a PEM public key, or an OpenSSH line of the family.
[[nodiscard]] bool pyjwt_reads_public_key(std::string_view key, algorithm_set algorithms) noexcept;

/// Whether PyJWT reads `key` as an unencrypted PEM private key for `alg`.
[[nodiscard]] bool pyjwt_reads_private_key(std::string_view key, algorithm alg) noexcept;

/// set_hmac_secret_check(fn): fn(key: bytes) -> bool, PyJWT's own refusal of a PEM or SSH key
/// as an HMAC secret (jwt.utils.is_pem_format or is_ssh_key).
PyObject* set_hmac_secret_check(PyObject* module, PyObject* check);

/// Whether PyJWT refuses `key` as an HMAC secret (true when it cannot be asked). Runs Python
/// code: callers copy whatever a re-entrant call could change first.
[[nodiscard]] bool refused_as_hmac_secret(std::string_view key);

}  // namespace tessera::python
