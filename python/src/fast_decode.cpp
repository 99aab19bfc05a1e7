// jwt.decode's fast path: PyJWT 2.12's semantics for the common call (a str or bytes key, a list
// of algorithms, every verification on), on a tessera verifier made once per distinct call
// configuration and kept in a bounded cache. tessera's claim checks are PyJWT's or stricter; the
// few places where PyJWT is laxer (a subject or issuer expected but absent, fractional or string
// dates, a falsy "aud" when no audience is expected...) make the fast path decline, and the
// Python implementation decides.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include <tessera/jwt.hpp>

#include "arguments.hpp"
#include "claims_to_python.hpp"
#include "fast_paths.hpp"
#include "key_forms.hpp"
#include "key_objects.hpp"
#include "lru_cache.hpp"
#include "py_ref.hpp"

namespace tessera::python {
namespace {

// PyJWT 2.12's decode parameters, in positional order.
constexpr std::array<std::string_view, 10> decode_names = {
    "jwt",      "key",    "algorithms", "options", "verify", "detached_payload",
    "audience", "issuer", "subject",    "leeway",
};
enum decode_parameter : std::uint8_t {
  p_jwt,
  p_key,
  p_algorithms,
  p_options,
  p_verify,
  p_detached_payload,
  p_audience,
  p_issuer,
  p_subject,
  p_leeway,
};

// A prepared verifier, or the knowledge that this configuration is not for the fast path (a key
// tessera refuses, mixed algorithm families...), so that it is not prepared again on each call.
struct prepared_verifier {
  std::optional<verifier> checks;
  bool asymmetric = false;  // the signature work is long enough to release the GIL around
  std::vector<std::string> other_required;  // "require" names beyond the registered claims
};

lru_cache<std::shared_ptr<const prepared_verifier>>& verifiers() {
  static lru_cache<std::shared_ptr<const prepared_verifier>> cache(64);
  return cache;
}

// The objects of the last call that prepared or found a verifier, by identity: a service calls
// decode with the same key, algorithms, issuer and audience objects every time, and comparing
// pointers costs less than reading and hashing their text. Only immutable objects (str, bytes,
// int, key objects, and the str items of the algorithms list, itself mutable) are compared, each
// held so that its identity cannot pass to another object.
class last_configuration {
 public:
  [[nodiscard]] std::shared_ptr<const prepared_verifier> find(const call_arguments<10>& a) const {
    if (!prepared_ || !same(a)) return nullptr;
    return prepared_;
  }

  void record(const call_arguments<10>& a, std::shared_ptr<const prepared_verifier> prepared) {
    prepared_.reset();
    if (!recordable(a)) return;
    for (std::size_t i = 0; i < scalars.size(); ++i)
      held_[i] = py_ref::borrow(value(a, scalars[i]));
    PyObject* algs = a[p_algorithms];
    algorithm_count_ = static_cast<std::size_t>(PySequence_Fast_GET_SIZE(algs));
    for (std::size_t i = 0; i < algorithm_count_; ++i) {
      held_[scalars.size() + i] =
          py_ref::borrow(PySequence_Fast_ITEMS(algs)[static_cast<Py_ssize_t>(i)]);
    }
    prepared_ = std::move(prepared);
  }

  void clear() {
    prepared_.reset();
    for (auto& held : held_) held = py_ref();
  }

 private:
  static constexpr std::array<decode_parameter, 5> scalars = {p_key, p_audience, p_issuer,
                                                              p_subject, p_leeway};
  static constexpr std::size_t max_algorithms = 4;

  static PyObject* value(const call_arguments<10>& a, decode_parameter p) {
    return a[p] == nullptr ? Py_None : a[p];
  }

  static bool immutable_scalar(PyObject* o) {
    return o == Py_None || PyUnicode_CheckExact(o) || PyBytes_CheckExact(o) || PyLong_CheckExact(o);
  }

  static bool recordable(const call_arguments<10>& a) {
    if (!is_none(a[p_options])) return false;  // a dict may change between calls
    for (const auto p : {p_audience, p_issuer, p_subject, p_leeway}) {
      if (!immutable_scalar(value(a, p))) return false;
    }
    const Py_ssize_t n = PySequence_Fast_GET_SIZE(a[p_algorithms]);
    return n > 0 && static_cast<std::size_t>(n) <= max_algorithms;
  }

  [[nodiscard]] bool same(const call_arguments<10>& a) const {
    if (!is_none(a[p_options])) return false;
    for (std::size_t i = 0; i < scalars.size(); ++i) {
      if (held_[i].get() != value(a, scalars[i])) return false;
    }
    PyObject* algs = a[p_algorithms];
    if (static_cast<std::size_t>(PySequence_Fast_GET_SIZE(algs)) != algorithm_count_) return false;
    for (std::size_t i = 0; i < algorithm_count_; ++i) {
      if (held_[scalars.size() + i].get() !=
          PySequence_Fast_ITEMS(algs)[static_cast<Py_ssize_t>(i)]) {
        return false;
      }
    }
    return true;
  }

  std::array<py_ref, scalars.size() + max_algorithms> held_;
  std::size_t algorithm_count_ = 0;
  std::shared_ptr<const prepared_verifier> prepared_;
};

// Never destroyed: its references must not be released after the interpreter has finalised.
last_configuration& last_call() {
  static auto* last = new last_configuration;
  return *last;
}

// The cache key is a sequence of self-delimiting fields: a tag byte, then a length-prefixed
// text, a count of them, or a fixed-size number, so that no two configurations write the same key.
void append_field(std::string& key, std::string_view field) {
  const auto n = static_cast<std::uint32_t>(field.size());
  key.append(reinterpret_cast<const char*>(&n), sizeof n);
  key.append(field);
}

void append_count(std::string& key, Py_ssize_t count) {
  const auto n = static_cast<std::uint32_t>(count);
  key.append(reinterpret_cast<const char*>(&n), sizeof n);
}

// The str items of a list or tuple, each appended; false for another item type, or for a str
// holding a NUL (looked up by name later, it would read as a shorter one).
bool append_items(std::string& key, PyObject* sequence) {
  const Py_ssize_t n = PySequence_Fast_GET_SIZE(sequence);
  append_count(key, n);
  PyObject** items = PySequence_Fast_ITEMS(sequence);
  for (Py_ssize_t i = 0; i < n; ++i) {
    const auto s = text_of(items[i]);
    if (!s || s->find('\0') != std::string_view::npos) return false;
    append_field(key, *s);
  }
  return true;
}

// audience or issuer: None, a str, or a non-empty list or tuple of str (an empty one reads as
// "no check" in libtessera, and as "none accepted" in PyJWT: declined).
bool append_accepted(std::string& key, PyObject* object, char tag) {
  key.push_back(tag);
  if (is_none(object)) {
    key.push_back('n');
    return true;
  }
  if (const auto one = text_of(object)) {
    key.push_back('s');
    append_field(key, *one);
    return true;
  }
  if (!PyList_CheckExact(object) && !PyTuple_CheckExact(object)) return false;
  if (PySequence_Fast_GET_SIZE(object) == 0) return false;
  key.push_back('l');
  return append_items(key, object);
}

// The options dict: every verification on (the fast path's condition), "require" (a list or
// tuple of str, as PyJWT iterates it) and "strict_aud" into the cache key. False for anything
// it does not handle.
bool append_options(std::string& key, PyObject* options, bool& strict_aud) {
  key.push_back('o');
  strict_aud = false;
  if (is_none(options)) {
    key.push_back('n');
    return true;
  }
  if (!PyDict_CheckExact(options)) return false;
  key.push_back('d');
  bool required = false;
  PyObject* name = nullptr;
  PyObject* value = nullptr;
  Py_ssize_t at = 0;
  while (PyDict_Next(options, &at, &name, &value)) {
    const auto option = text_of(name);
    if (!option) return false;
    if (option->starts_with("verify_")) {
      // verify_signature, verify_exp, ... : only all-on is the fast path's.
      constexpr std::array<std::string_view, 8> known = {
          "verify_signature", "verify_exp", "verify_nbf", "verify_iat",
          "verify_aud",       "verify_iss", "verify_sub", "verify_jti"};
      if (std::ranges::find(known, *option) == known.end() || value != Py_True) return false;
    } else if (*option == "require") {
      if (!PyList_CheckExact(value) && !PyTuple_CheckExact(value)) return false;
      required = true;
      key.push_back('r');
      if (!append_items(key, value)) return false;
    } else if (*option == "strict_aud") {
      if (!PyBool_Check(value)) return false;
      strict_aud = value == Py_True;
    } else if (*option == "enforce_minimum_key_length") {
      if (!PyBool_Check(value)) return false;  // short keys are refused here either way
    } else {
      return false;
    }
  }
  if (!required) key.push_back('-');
  key.push_back(strict_aud ? 'S' : 's');
  return true;
}

// The strings of a str or list/tuple of str, known to be one of those.
std::vector<std::string> strings_in(PyObject* object) {
  if (is_none(object)) return {};
  return strings_of(object).value_or(std::vector<std::string>{});
}

// Builds the verifier of a configuration the fast path handles, or a declining entry.
prepared_verifier prepare(std::string_view key_bytes, algorithm_set algorithms, bool asymmetric,
                          const call_arguments<10>& a, PyObject* options, bool strict_aud,
                          std::int64_t leeway) {
  prepared_verifier out;
  verify_options checks;
  checks.algorithms = algorithms;
  checks.issuer = strings_in(a[p_issuer]);
  checks.audience = strings_in(a[p_audience]);
  checks.strict_audience = strict_aud;
  if (const auto sub = text_of(a[p_subject])) checks.subject = std::string(*sub);
  checks.leeway = std::chrono::seconds(leeway);
  checks.reject_future_iat = true;
  if (!is_none(options)) {
    if (PyObject* require = PyDict_GetItemString(options, "require")) {
      for (const auto& name : strings_of(require).value_or(std::vector<std::string>{})) {
        if (const auto c = parse_claim(name)) {
          checks.required.push_back(*c);
        } else {
          out.other_required.push_back(name);
        }
      }
    }
  }
  // Only the key forms PyJWT reads for these algorithms; it decides (and says why) for others.
  if (asymmetric ? !pyjwt_reads_public_key(key_bytes, algorithms)
                 : refused_as_hmac_secret(key_bytes)) {
    return out;
  }
  auto key = asymmetric ? verifying_key::from_pem(key_bytes) : verifying_key::hmac(key_bytes);
  if (!key) return out;  // refused here: PyJWT's code decides (and warns or raises)
  auto made = verifier::create(std::move(*key), std::move(checks));
  if (!made) return out;
  out.checks = std::move(*made);
  out.asymmetric = asymmetric;
  return out;
}

// The verifier of the configuration `a` names, from the cache or made now; nullptr when the
// fast path does not handle the configuration (the Python implementation then takes the call).
std::shared_ptr<const prepared_verifier> find_prepared(const call_arguments<10>& a,
                                                       std::string_view key_bytes) {
  // leeway: a non-negative int (seconds).
  std::int64_t leeway = 0;
  if (a[p_leeway] != nullptr) {
    if (!PyLong_CheckExact(a[p_leeway])) return nullptr;
    leeway = PyLong_AsLongLong(a[p_leeway]);
    if (leeway < 0 || leeway > 365 * 24 * 3600) {
      PyErr_Clear();
      return nullptr;
    }
  }
  if (!is_none(a[p_subject]) && !text_of(a[p_subject])) return nullptr;

  // The cache key: everything the verifier is made from. Local: preparing a verifier may run
  // Python code (the HMAC secret check), which may call decode again.
  std::string cache_key;
  algorithm_set algorithms;
  bool any_hmac = false;
  bool any_asymmetric = false;
  PyObject* algs = a[p_algorithms];
  const Py_ssize_t count = PySequence_Fast_GET_SIZE(algs);
  if (count == 0) return nullptr;
  for (Py_ssize_t i = 0; i < count; ++i) {
    const auto name = text_of(PySequence_Fast_ITEMS(algs)[i]);
    if (!name) return nullptr;
    const auto alg = parse_algorithm(*name);
    if (!alg) return nullptr;  // "none", or a name PyJWT's registry may hold
    algorithms.insert(*alg);
    (is_hmac(*alg) ? any_hmac : any_asymmetric) = true;
    append_field(cache_key, *name);
  }
  if (any_hmac == any_asymmetric) return nullptr;  // one key serves one family
  bool strict_aud = false;
  if (!append_options(cache_key, a[p_options], strict_aud)) return nullptr;
  // PyJWT's strict audience takes one str only.
  if (strict_aud && !text_of(a[p_audience])) return nullptr;
  if (!append_accepted(cache_key, a[p_audience], 'a') ||
      !append_accepted(cache_key, a[p_issuer], 'i')) {
    return nullptr;
  }
  if (const auto sub = text_of(a[p_subject])) {
    cache_key.push_back('u');
    append_field(cache_key, *sub);
  } else {
    cache_key.push_back('-');
  }
  cache_key.push_back('l');
  cache_key.append(reinterpret_cast<const char*>(&leeway), sizeof leeway);
  cache_key.push_back('k');
  append_field(cache_key, key_bytes);

  if (const auto* cached = verifiers().find(cache_key)) return *cached;
  return verifiers().insert(
      cache_key, std::make_shared<const prepared_verifier>(prepare(
                     key_bytes, algorithms, any_asymmetric, a, a[p_options], strict_aud, leeway)));
}

}  // namespace

PyObject* fast_decode(PyObject* const* args, std::size_t nargsf, PyObject* kwnames) {
  call_arguments<10> a;
  static const auto interned = intern_names(decode_names);
  if (!read_arguments(args, nargsf, kwnames, decode_names, interned, 3, a)) return not_handled;
  const auto token = bytes_of(a[p_jwt]);
  if (!token || a[p_key] == nullptr || !is_none(a[p_verify]) || !is_none(a[p_detached_payload])) {
    return not_handled;
  }
  PyObject* algs = a[p_algorithms];
  if (algs == nullptr || !(PyList_CheckExact(algs) || PyTuple_CheckExact(algs))) return not_handled;
  // Held for the whole call: another thread (while the GIL is free) or Python code run by the
  // dict's allocations may clear or fill the caches meanwhile.
  std::shared_ptr<const prepared_verifier> prepared = last_call().find(a);
  if (!prepared) {
    // The key's material is read only here: the last call's key is recognised by identity. A
    // copy: the view may be into a cache that Python code run while preparing could change.
    const auto key_view = key_material(a[p_key], key_use::verify);
    if (!key_view) return not_handled;
    const std::string key_bytes(*key_view);
    prepared = find_prepared(a, key_bytes);
    if (!prepared) return not_handled;
    last_call().record(a, prepared);
  }
  if (!prepared->checks) return not_handled;

  result<verified_token> verified = std::unexpected(std::error_code{});
  if (prepared->asymmetric) {
    const verifier& checks = *prepared->checks;  // held by `prepared`
    const std::string token_copy(*token);        // the token's object may change meanwhile
    Py_BEGIN_ALLOW_THREADS verified = checks.verify(token_copy);
    Py_END_ALLOW_THREADS
  } else {
    verified = prepared->checks->verify(*token);
  }
  if (!verified) return not_handled;
  claims_facts facts;
  py_ref claims(claims_to_python(verified->claims(), facts));
  // PyJWT reads the dates with int(): only integers are read alike.
  if (!claims || facts.non_integer_date) return not_handled;
  for (const auto& name : prepared->other_required) {
    PyObject* value = PyDict_GetItemString(claims.get(), name.c_str());
    if (value == nullptr || value == Py_None) return not_handled;  // PyJWT: missing when None
  }
  return claims.release();
}

void clear_verifiers() {
  last_call().clear();
  verifiers().clear();
}
std::size_t verifiers_held() { return verifiers().size(); }

}  // namespace tessera::python
