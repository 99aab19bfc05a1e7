// jwt.encode's fast path: a dict payload of JSON values (datetimes in exp, iat and nbf made
// NumericDates as PyJWT does), a str or bytes key, a known algorithm, at most a "kid" header;
// the token tessera makes is byte for byte PyJWT's. Signing keys are prepared once per
// (algorithm, key) and kept in a bounded cache.
#include <optional>
#include <string>
#include <string_view>

#include <Python.h>
#include <datetime.h>

#include <boost/json/object.hpp>

#include <tessera/jwt.hpp>

#include "arguments.hpp"
#include "fast_paths.hpp"
#include "from_python.hpp"
#include "key_forms.hpp"
#include "key_objects.hpp"
#include "lru_cache.hpp"
#include "py_ref.hpp"

namespace tessera::python {
namespace {

// PyJWT 2.12's encode parameters, in positional order.
constexpr std::array<std::string_view, 6> encode_names = {
    "payload", "key", "algorithm", "headers", "json_encoder", "sort_headers",
};
enum encode_parameter : std::uint8_t {
  p_payload,
  p_key,
  p_algorithm,
  p_headers,
  p_json_encoder,
  p_sort_headers
};

// A prepared signing key, or the knowledge that this one is not for the fast path.
struct prepared_signer {
  std::optional<signing_key> key;
};

lru_cache<prepared_signer>& signers() {
  static lru_cache<prepared_signer> cache(64);
  return cache;
}

// The signing key for (alg, key_bytes), from the cache or prepared now; nullopt when the fast
// path does not take the key (a form PyJWT does not read, or one libtessera refuses: a short
// secret, a PEM as a secret...), and PyJWT's code decides. A copy, so that nothing the caller
// does next (releasing the GIL) depends on the cache.
std::optional<signing_key> signer_for(algorithm alg, const std::string& key_bytes) {
  std::string cache_key;  // local: checking an HMAC secret runs Python code, which may re-enter
  cache_key.push_back(static_cast<char>(alg));
  cache_key.append(key_bytes);
  if (const auto* prepared = signers().find(cache_key)) return prepared->key;
  std::optional<signing_key> key;
  if (is_hmac(alg) ? !refused_as_hmac_secret(key_bytes) : pyjwt_reads_private_key(key_bytes, alg)) {
    auto made =
        is_hmac(alg) ? signing_key::hmac(alg, key_bytes) : signing_key::from_pem(alg, key_bytes);
    if (made) key = std::move(*made);
  }
  return signers().insert(cache_key, prepared_signer{std::move(key)}).key;
}

// calendar.timegm(value.utctimetuple()), as PyJWT makes a datetime a NumericDate.
std::optional<json::value> numeric_date_of(PyObject* value) {
  static PyObject* timegm = [] {
    py_ref calendar(PyImport_ImportModule("calendar"));
    return calendar ? PyObject_GetAttrString(calendar.get(), "timegm") : nullptr;
  }();
  if (timegm == nullptr) return std::nullopt;
  py_ref tuple(PyObject_CallMethod(value, "utctimetuple", nullptr));
  if (!tuple) return std::nullopt;
  py_ref seconds(PyObject_CallOneArg(timegm, tuple.get()));
  if (!seconds || !PyLong_CheckExact(seconds.get())) return std::nullopt;
  const long long s = PyLong_AsLongLong(seconds.get());
  if (s == -1 && PyErr_Occurred()) return std::nullopt;
  return json::value(static_cast<std::int64_t>(s));
}

bool is_datetime(PyObject* value) {
  static const bool imported = [] {
    PyDateTime_IMPORT;
    return PyDateTimeAPI != nullptr;
  }();
  return imported && PyDateTime_Check(value);
}

// The payload as claims; nullopt when the fast path does not handle it.
std::optional<claims> payload_of(PyObject* payload) {
  if (!PyDict_CheckExact(payload)) return std::nullopt;
  // Over a copy, as PyJWT's encode copies it: a datetime's utctimetuple() runs Python code
  // (a tzinfo's), which may change the caller's dict; nothing reaches the copy.
  py_ref copy(PyDict_Copy(payload));
  if (!copy) return std::nullopt;
  json::object members;
  members.reserve(static_cast<std::size_t>(PyDict_GET_SIZE(copy.get())));
  PyObject* key = nullptr;
  PyObject* value = nullptr;
  Py_ssize_t at = 0;
  while (PyDict_Next(copy.get(), &at, &key, &value)) {
    const auto name = text_of(key);
    if (!name) return std::nullopt;
    std::optional<json::value> member;
    const bool time_claim = *name == "exp" || *name == "iat" || *name == "nbf";
    if (time_claim && is_datetime(value)) {
      member = numeric_date_of(value);
    } else if (*name == "iss" && !PyUnicode_CheckExact(value)) {
      return std::nullopt;  // PyJWT 2.11 raises TypeError
    } else {
      member = from_python(value, 1);
    }
    if (!member) return std::nullopt;
    members.insert_or_assign(json::string_view(name->data(), name->size()), std::move(*member));
  }
  return claims(std::move(members));
}

// The header: only None or {"kid": str} here.
std::optional<header_options> header_of(PyObject* headers) {
  header_options header;
  if (is_none(headers)) return header;
  if (!PyDict_CheckExact(headers) || PyDict_GET_SIZE(headers) != 1) return std::nullopt;
  PyObject* name = nullptr;
  PyObject* value = nullptr;
  Py_ssize_t at = 0;
  if (!PyDict_Next(headers, &at, &name, &value)) return std::nullopt;
  // Read by iteration, not lookup: a lookup may compare with a str subclass's own __eq__.
  const auto member = text_of(name);
  const auto kid = text_of(value);
  if (!member || *member != "kid" || !kid) return std::nullopt;
  header.kid = std::string(*kid);
  return header;
}

PyObject* ascii_text(const std::string& s) {
  PyObject* out = PyUnicode_New(static_cast<Py_ssize_t>(s.size()), 127);
  if (out != nullptr) std::memcpy(PyUnicode_DATA(out), s.data(), s.size());
  return out;
}

}  // namespace

PyObject* fast_encode(PyObject* const* args, std::size_t nargsf, PyObject* kwnames) {
  call_arguments<6> a;
  static const auto interned = intern_names(encode_names);
  if (!read_arguments(args, nargsf, kwnames, encode_names, interned, 3, a)) return not_handled;
  if (!is_none(a[p_json_encoder])) return not_handled;
  if (a[p_sort_headers] != nullptr && a[p_sort_headers] != Py_True) return not_handled;
  if (a[p_key] == nullptr || a[p_payload] == nullptr) return not_handled;
  algorithm alg = algorithm::hs256;
  if (a[p_algorithm] != nullptr) {
    const auto name = text_of(a[p_algorithm]);
    if (!name) return not_handled;
    const auto parsed = parse_algorithm(*name);
    if (!parsed) return not_handled;
    alg = *parsed;
  }
  const auto header = header_of(a[p_headers]);
  if (!header) return not_handled;
  // The payload first: building it may run Python code, which may change the key objects'
  // cache; the key's material is copied before anything else runs.
  const auto payload = payload_of(a[p_payload]);
  if (!payload) return not_handled;
  const auto key_view = key_material(a[p_key], key_use::sign);
  if (!key_view) return not_handled;
  const std::string key_bytes(*key_view);
  const auto key = signer_for(alg, key_bytes);
  if (!key) return not_handled;

  result<std::string> token = std::unexpected(std::error_code{});
  if (is_hmac(alg)) {
    token = encode(*payload, *key, *header);
  } else {
    Py_BEGIN_ALLOW_THREADS token = encode(*payload, *key, *header);
    Py_END_ALLOW_THREADS
  }
  if (!token) return not_handled;
  return ascii_text(*token);
}

void clear_signers() { signers().clear(); }
std::size_t signers_held() { return signers().size(); }

}  // namespace tessera::python
