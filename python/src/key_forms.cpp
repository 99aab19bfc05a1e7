#include "key_forms.hpp"

#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>

#include "py_ref.hpp"

namespace tessera::python {
namespace {

enum class family : std::uint8_t { rsa, ec, okp, mixed };

family family_of(algorithm alg) noexcept {
  switch (alg) {
    case algorithm::es256:
    case algorithm::es384:
    case algorithm::es512:
    case algorithm::es256k:
      return family::ec;
    case algorithm::eddsa:
      return family::okp;
    default:
      return family::rsa;  // RS*, PS*: HMAC never reaches here
  }
}

family family_of(algorithm_set algorithms) noexcept {
  std::optional<family> seen;
  bool mixed = false;
  algorithms.for_each([&](algorithm alg) {
    const family f = family_of(alg);
    if (seen && *seen != f) mixed = true;
    seen = f;
  });
  return mixed || !seen ? family::mixed : *seen;
}

bool starts_with_any(std::string_view key, std::initializer_list<std::string_view> prefixes) {
  for (const auto prefix : prefixes) {
    if (key.starts_with(prefix)) return true;
  }
  return false;
}

PyObject* hmac_secret_check = nullptr;

}  // namespace

bool pyjwt_reads_public_key(std::string_view key, algorithm_set algorithms) noexcept {
  switch (family_of(algorithms)) {
    case family::rsa:
      return starts_with_any(
          key, {"-----BEGIN PUBLIC KEY-----", "-----BEGIN RSA PUBLIC KEY-----", "ssh-rsa "});
    case family::ec:
      return starts_with_any(key, {"-----BEGIN PUBLIC KEY-----", "ecdsa-sha2-"});
    case family::okp:
      return starts_with_any(key, {"-----BEGIN PUBLIC KEY-----", "ssh-ed25519 "});
    case family::mixed:
      return false;
  }
  return false;
}

bool pyjwt_reads_private_key(std::string_view key, algorithm alg) noexcept {
  switch (family_of(alg)) {
    case family::rsa:
      return starts_with_any(key,
                             {"-----BEGIN PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY-----"});
    case family::ec:
      return starts_with_any(key,
                             {"-----BEGIN PRIVATE KEY-----", "-----BEGIN EC PRIVATE KEY-----"});
    case family::okp:
      return key.starts_with("-----BEGIN PRIVATE KEY-----");
    case family::mixed:
      return false;
  }
  return false;
}

PyObject* set_hmac_secret_check(PyObject* /*module*/, PyObject* check) {
  if (!PyCallable_Check(check)) {
    PyErr_SetString(PyExc_TypeError, "set_hmac_secret_check(fn): fn must be callable");
    return nullptr;
  }
  Py_XSETREF(hmac_secret_check, Py_NewRef(check));
  Py_RETURN_NONE;
}

bool refused_as_hmac_secret(std::string_view key) {
  if (hmac_secret_check == nullptr) return true;
  py_ref bytes(PyBytes_FromStringAndSize(key.data(), static_cast<Py_ssize_t>(key.size())));
  if (!bytes) return true;
  py_ref verdict(PyObject_CallOneArg(hmac_secret_check, bytes.get()));
  if (!verdict) return true;  // the error stays set: the caller declines, and an interrupt stands
  return PyObject_IsTrue(verdict.get()) != 0;
}

}  // namespace tessera::python
