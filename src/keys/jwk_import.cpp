// JWK import (RFC 7517 section 4, RFC 7518 section 6, RFC 8037 section 2).
#include <array>
#include <cstring>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <boost/json/array.hpp>

#include <tessera/base64url.hpp>
#include <tessera/error.hpp>
#include <tessera/jwk.hpp>

#include "jwa/evp_signature.hpp"
#include "jwa/hmac.hpp"
#include "keys/jwk_state.hpp"
#include "keys/key_access.hpp"
#include "keys/secret_screening.hpp"

namespace tessera {
namespace detail {
namespace {

std::unexpected<std::error_code> fail(errc e) { return std::unexpected(make_error_code(e)); }

// Reads the members of one JWK, every failure being errc::invalid_jwk.
class member_reader {
 public:
  explicit member_reader(const json::object& members) : members_(members) {}

  result<std::optional<std::string>> optional_string(std::string_view name) const {
    const auto* v = members_.if_contains(name);
    if (v == nullptr) return std::optional<std::string>{};
    if (!v->is_string()) return fail(errc::invalid_jwk);
    return std::optional<std::string>(std::string(v->get_string()));
  }

  result<std::string> required_string(std::string_view name) const {
    auto member = optional_string(name);
    if (!member) return std::unexpected(member.error());
    auto& s = *member;
    if (!s) return fail(errc::invalid_jwk);
    return std::move(*s);
  }

  /// A base64url member decoded; nullopt when absent.
  result<std::optional<std::vector<unsigned char>>> optional_bytes(std::string_view name) const {
    auto member = optional_string(name);
    if (!member) return std::unexpected(member.error());
    const auto& s = *member;
    if (!s) return std::optional<std::vector<unsigned char>>{};
    auto bytes = base64url_decode(*s);
    if (!bytes || bytes->empty()) return fail(errc::invalid_jwk);
    std::vector<unsigned char> out(bytes->size());
    std::memcpy(out.data(), bytes->data(), bytes->size());
    OPENSSL_cleanse(bytes->data(), bytes->size());
    return std::optional<std::vector<unsigned char>>(std::move(out));
  }

  result<std::vector<unsigned char>> required_bytes(std::string_view name) const {
    auto member = optional_bytes(name);
    if (!member) return std::unexpected(member.error());
    auto& b = *member;
    if (!b) return fail(errc::invalid_jwk);
    return std::move(*b);
  }

  result<std::optional<std::vector<std::string>>> optional_string_list(
      std::string_view name) const {
    const auto* v = members_.if_contains(name);
    if (v == nullptr) return std::optional<std::vector<std::string>>{};
    const auto* list = v->if_array();
    if (list == nullptr) return fail(errc::invalid_jwk);
    std::vector<std::string> out;
    for (const auto& entry : *list) {
      if (!entry.is_string()) return fail(errc::invalid_jwk);
      out.emplace_back(entry.get_string());
    }
    return std::optional<std::vector<std::string>>(std::move(out));
  }

  [[nodiscard]] bool has(std::string_view name) const { return members_.contains(name); }

 private:
  const json::object& members_;
};

// Private key bytes are wiped when they go.
struct wiped_bytes {
  std::vector<unsigned char> bytes;
  wiped_bytes(const wiped_bytes&) = delete;
  wiped_bytes& operator=(const wiped_bytes&) = delete;
  wiped_bytes(wiped_bytes&& other) noexcept : bytes(std::move(other.bytes)) {}
  wiped_bytes& operator=(wiped_bytes&&) = delete;
  explicit wiped_bytes(std::vector<unsigned char> b) : bytes(std::move(b)) {}
  ~wiped_bytes() {
    if (!bytes.empty()) OPENSSL_cleanse(bytes.data(), bytes.size());
  }
};

// The private member "d" of an RSA, EC or OKP JWK (RFC 7518 6.3.2.1 and 6.2.2.1, RFC 8037 2),
// wiped when it goes; nothing for a public JWK.
result<std::optional<wiped_bytes>> private_member(const member_reader& r) {
  auto d = r.optional_bytes("d");
  if (!d) return std::unexpected(d.error());
  auto& bytes = *d;
  if (!bytes) return std::optional<wiped_bytes>{};
  return std::optional<wiped_bytes>(wiped_bytes(std::move(*bytes)));
}

pkey_ptr from_params(const char* type, OSSL_PARAM_BLD* builder, int selection) {
  const params_ptr params(OSSL_PARAM_BLD_to_param(builder));
  const pkey_ctx_ptr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* pkey = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &pkey, selection, params.get()) != 1) {
    ERR_clear_error();
    return nullptr;
  }
  return pkey_ptr(pkey);
}

bool push_bn(OSSL_PARAM_BLD* builder, const char* name, const std::vector<unsigned char>& bytes,
             std::vector<bignum_ptr>& keep) {
  BIGNUM* bn = BN_secure_new();
  if (bn == nullptr || BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), bn) == nullptr) {
    BN_clear_free(bn);
    return false;
  }
  keep.emplace_back(bn);
  return OSSL_PARAM_BLD_push_BN(builder, name, bn) == 1;
}

struct asymmetric_keys {
  pkey_ptr public_key;
  pkey_ptr private_key;  // null for a public JWK
};

result<asymmetric_keys> import_rsa(const member_reader& r) {
  auto n = r.required_bytes("n");
  auto e = r.required_bytes("e");
  if (!n || !e) return fail(errc::invalid_jwk);
  if (r.has("oth")) return fail(errc::unsupported_key_type);  // multi-prime RSA

  std::vector<bignum_ptr> keep;
  const param_bld_ptr pub(OSSL_PARAM_BLD_new());
  if (!pub || !push_bn(pub.get(), OSSL_PKEY_PARAM_RSA_N, *n, keep) ||
      !push_bn(pub.get(), OSSL_PKEY_PARAM_RSA_E, *e, keep)) {
    return fail(errc::invalid_key_parameters);
  }
  asymmetric_keys keys;
  keys.public_key = from_params("RSA", pub.get(), EVP_PKEY_PUBLIC_KEY);
  if (!keys.public_key) return fail(errc::invalid_key_parameters);

  auto d = private_member(r);
  if (!d) return std::unexpected(d.error());
  const auto& private_d = *d;
  if (!private_d) return keys;
  const wiped_bytes& d_bytes = *private_d;

  // RFC 7518 6.3.2: the CRT members come all together or not at all.
  constexpr std::array<std::string_view, 5> crt_names = {"p", "q", "dp", "dq", "qi"};
  constexpr std::array<const char*, 5> crt_params = {
      OSSL_PKEY_PARAM_RSA_FACTOR1, OSSL_PKEY_PARAM_RSA_FACTOR2, OSSL_PKEY_PARAM_RSA_EXPONENT1,
      OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1};
  std::size_t present = 0;
  for (auto name : crt_names) present += r.has(name) ? 1U : 0U;
  if (present != 0 && present != crt_names.size()) return fail(errc::invalid_jwk);

  const param_bld_ptr priv(OSSL_PARAM_BLD_new());
  if (!priv || !push_bn(priv.get(), OSSL_PKEY_PARAM_RSA_N, *n, keep) ||
      !push_bn(priv.get(), OSSL_PKEY_PARAM_RSA_E, *e, keep) ||
      !push_bn(priv.get(), OSSL_PKEY_PARAM_RSA_D, d_bytes.bytes, keep)) {
    return fail(errc::invalid_key_parameters);
  }
  for (std::size_t i = 0; i < crt_names.size() && present != 0; ++i) {
    auto bytes = r.required_bytes(crt_names[i]);
    if (!bytes) return std::unexpected(bytes.error());
    const wiped_bytes wiped(std::move(*bytes));
    if (!push_bn(priv.get(), crt_params[i], wiped.bytes, keep)) {
      return fail(errc::invalid_key_parameters);
    }
  }
  keys.private_key = from_params("RSA", priv.get(), EVP_PKEY_KEYPAIR);
  if (!keys.private_key) return fail(errc::invalid_key_parameters);
  return keys;
}

struct ec_curve {
  std::string_view crv;
  const char* group;
  std::size_t size;
};

constexpr ec_curve ec_curves[] = {
    {"P-256", "P-256", 32},
    {"P-384", "P-384", 48},
    {"P-521", "P-521", 66},
    {"secp256k1", "secp256k1", 32},
};

result<asymmetric_keys> import_ec(const member_reader& r) {
  auto crv = r.required_string("crv");
  if (!crv) return std::unexpected(crv.error());
  const ec_curve* curve = nullptr;
  for (const auto& c : ec_curves) {
    if (c.crv == *crv) curve = &c;
  }
  if (curve == nullptr) return fail(errc::unsupported_key_type);
  auto x = r.required_bytes("x");
  auto y = r.required_bytes("y");
  if (!x || !y) return fail(errc::invalid_jwk);
  // RFC 7518 6.2.1.2: the coordinates have the full width of the field.
  if (x->size() != curve->size || y->size() != curve->size) return fail(errc::invalid_jwk);
  std::vector<unsigned char> point{0x04};
  point.insert(point.end(), x->begin(), x->end());
  point.insert(point.end(), y->begin(), y->end());

  auto d_member = private_member(r);
  if (!d_member) return std::unexpected(d_member.error());
  const auto& d = *d_member;
  asymmetric_keys keys;
  for (const bool with_private : {false, true}) {
    if (with_private && !d) break;
    std::vector<bignum_ptr> keep;
    const param_bld_ptr builder(OSSL_PARAM_BLD_new());
    if (!builder ||
        OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve->group,
                                        0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                         point.size()) != 1) {
      return fail(errc::invalid_key_parameters);
    }
    if (with_private) {
      if (d->bytes.size() != curve->size) return fail(errc::invalid_jwk);
      if (!push_bn(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY, d->bytes, keep)) {
        return fail(errc::invalid_key_parameters);
      }
    }
    auto pkey =
        from_params("EC", builder.get(), with_private ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY);
    if (!pkey) return fail(errc::invalid_key_parameters);
    (with_private ? keys.private_key : keys.public_key) = std::move(pkey);
  }
  return keys;
}

result<asymmetric_keys> import_okp(const member_reader& r) {
  auto crv = r.required_string("crv");
  if (!crv) return std::unexpected(crv.error());
  const char* type = *crv == "Ed25519" ? "ED25519" : *crv == "Ed448" ? "ED448" : nullptr;
  if (type == nullptr) return fail(errc::unsupported_key_type);  // X25519, X448: not signatures
  const std::size_t size = *crv == "Ed25519" ? 32 : 57;
  auto x = r.required_bytes("x");
  if (!x) return std::unexpected(x.error());
  if (x->size() != size) return fail(errc::invalid_jwk);

  asymmetric_keys keys;
  keys.public_key.reset(EVP_PKEY_new_raw_public_key_ex(nullptr, type, nullptr, x->data(), size));
  if (!keys.public_key) return fail(errc::invalid_key_parameters);

  auto d = private_member(r);
  if (!d) return std::unexpected(d.error());
  const auto& private_d = *d;
  if (!private_d) return keys;
  const wiped_bytes& d_bytes = *private_d;
  if (d_bytes.bytes.size() != size) return fail(errc::invalid_jwk);
  keys.private_key.reset(
      EVP_PKEY_new_raw_private_key_ex(nullptr, type, nullptr, d_bytes.bytes.data(), size));
  if (!keys.private_key) return fail(errc::invalid_key_parameters);
  // The public key derived from "d" must be "x".
  std::array<unsigned char, 57> derived{};
  std::size_t derived_size = derived.size();
  if (EVP_PKEY_get_raw_public_key(keys.private_key.get(), derived.data(), &derived_size) != 1 ||
      derived_size != size || std::memcmp(derived.data(), x->data(), size) != 0) {
    return fail(errc::invalid_key_parameters);
  }
  return keys;
}

// A private JWK whose members do not belong together signs what its public half cannot verify.
bool private_matches_public(const key_facts& facts, EVP_PKEY* private_key, EVP_PKEY* public_key) {
  std::optional<algorithm> first;
  facts.algorithms.for_each([&](algorithm a) {
    if (!first) first = a;
  });
  if (!first) return false;
  const algorithm probe = *first;
  auto signer = make_evp_material(share(private_key), facts, algorithm_set{probe}, true);
  auto verifier = make_evp_material(share(public_key), facts, algorithm_set{probe}, false);
  if (!signer || !verifier) return false;
  constexpr std::string_view message = "tessera: JWK private/public consistency";
  std::array<std::byte, max_signature_size> signature{};
  const auto size = (*signer)->sign(probe, message, signature);
  return size && (*verifier)->verify(probe, message, std::span(signature.data(), *size));
}

result<void> import_oct(const member_reader& r, jwk_state& state) {
  auto k = r.required_bytes("k");
  if (!k) return std::unexpected(k.error());
  const wiped_bytes secret(std::move(*k));
  const auto bytes = std::as_bytes(std::span(secret.bytes));
  if (looks_like_asymmetric_key(bytes)) return fail(errc::key_looks_asymmetric);
  for (const algorithm a : {algorithm::hs256, algorithm::hs384, algorithm::hs512}) {
    if (bytes.size() >= hmac_min_key_size(a) || state.options.allow_weak_key) {
      state.algorithms.insert(a);
    }
  }
  if (state.alg) {
    if (!is_hmac(*state.alg)) return fail(errc::key_not_for_algorithm);
    if (!state.algorithms.contains(*state.alg)) return fail(errc::key_too_short);
    state.algorithms = algorithm_set{*state.alg};
  }
  if (state.algorithms.empty()) return fail(errc::key_too_short);
  state.is_private = true;
  state.public_material = make_hmac_material(bytes);
  return {};
}

result<void> import_asymmetric(const member_reader& r, jwk_state& state) {
  result<asymmetric_keys> keys = state.kty == "RSA"  ? import_rsa(r)
                                 : state.kty == "EC" ? import_ec(r)
                                                     : import_okp(r);
  if (!keys) return std::unexpected(keys.error());
  auto facts = inspect_key(keys->public_key.get(), state.options);
  if (!facts) return std::unexpected(facts.error());
  state.facts = *facts;
  if (state.alg) {
    auto served = served_algorithms(*facts, state.alg);
    if (!served) return std::unexpected(served.error());
    state.algorithms = *served;
  } else {
    state.algorithms = facts->algorithms;
  }
  if (keys->private_key) {
    key_facts private_facts = *facts;
    private_facts.is_private = true;
    if (!private_matches_public(private_facts, keys->private_key.get(), keys->public_key.get())) {
      return fail(errc::invalid_key_parameters);
    }
    state.is_private = true;
    state.private_key.reset(keys->private_key.release(), EVP_PKEY_free);
    state.facts.is_private = true;
  }
  auto material = make_evp_material(std::move(keys->public_key), *facts, state.algorithms, false);
  if (!material) return std::unexpected(material.error());
  state.public_material = std::move(*material);
  return {};
}

}  // namespace

result<std::shared_ptr<const jwk_state>> import_jwk(const json::object& members,
                                                    const key_options& options) {
  const member_reader r(members);
  auto state = std::make_shared<jwk_state>();
  state->options = options;
  state->options.passphrase = {};
  auto kty = r.required_string("kty");
  auto kid = r.optional_string("kid");
  auto alg = r.optional_string("alg");
  auto use = r.optional_string("use");
  auto key_ops = r.optional_string_list("key_ops");
  if (!kty || !kid || !alg || !use || !key_ops) return fail(errc::invalid_jwk);
  state->kty = std::move(*kty);
  state->kid = std::move(*kid);
  state->alg_name = std::move(*alg);
  state->use = std::move(*use);
  state->key_ops = std::move(*key_ops);
  if (const auto& name = state->alg_name) {
    // An "alg" that names no JWS algorithm (RSA-OAEP, A128KW) makes the key unusable for
    // signatures, not unreadable.
    if (auto parsed = parse_algorithm(*name)) state->alg = *parsed;
  }

  result<void> imported = state->kty == "oct" ? import_oct(r, *state)
                          : (state->kty == "RSA" || state->kty == "EC" || state->kty == "OKP")
                              ? import_asymmetric(r, *state)
                              : fail(errc::unsupported_key_type);
  if (!imported) return std::unexpected(imported.error());
  return std::shared_ptr<const jwk_state>(std::move(state));
}

}  // namespace detail

result<jwk> jwk::from_json(const json::object& members, key_options options) {
  auto state = detail::import_jwk(members, options);
  if (!state) return std::unexpected(state.error());
  return jwk(std::move(*state));
}

result<jwk> jwk::parse(std::string_view text, key_options options) {
  auto value = parse_strict(text);
  if (!value) return std::unexpected(value.error());
  if (!value->is_object()) return std::unexpected(make_error_code(errc::invalid_jwk));
  return from_json(value->get_object(), options);
}

std::string_view jwk::kty() const noexcept { return state_->kty; }
const std::optional<std::string>& jwk::kid() const noexcept { return state_->kid; }
std::optional<algorithm> jwk::alg() const noexcept { return state_->alg; }
bool jwk::is_private() const noexcept { return state_->is_private; }
algorithm_set jwk::algorithms() const noexcept {
  return allows(key_operation::verify) || allows(key_operation::sign) ? state_->algorithms
                                                                      : algorithm_set{};
}

bool jwk::allows(key_operation op) const noexcept {
  if (state_->alg_name && !state_->alg) return false;
  if (const auto& use = state_->use; use && *use != "sig") return false;
  if (const auto& key_ops = state_->key_ops) {
    const std::string_view wanted = op == key_operation::sign ? "sign" : "verify";
    bool listed = false;
    for (const auto& o : *key_ops) listed = listed || o == wanted;
    if (!listed) return false;
  }
  return true;
}

result<verifying_key> jwk::verifying() const {
  if (!allows(key_operation::verify)) return std::unexpected(make_error_code(errc::key_not_usable));
  return detail::key_access::make_verifying(state_->public_material, state_->algorithms);
}

result<signing_key> jwk::signing(std::optional<algorithm> alg) const {
  if (!allows(key_operation::sign)) return std::unexpected(make_error_code(errc::key_not_usable));
  if (!state_->is_private) return std::unexpected(make_error_code(errc::not_a_private_key));
  const std::optional<algorithm> chosen = alg ? alg : state_->alg;
  if (!chosen) return std::unexpected(make_error_code(errc::key_not_for_algorithm));
  if (!state_->algorithms.contains(*chosen)) {
    return std::unexpected(make_error_code(errc::key_not_for_algorithm));
  }
  if (state_->kty == "oct")
    return detail::key_access::make_signing(state_->public_material, *chosen);
  auto material = detail::make_evp_material(detail::share(state_->private_key.get()), state_->facts,
                                            algorithm_set{*chosen}, true);
  if (!material) return std::unexpected(material.error());
  return detail::key_access::make_signing(std::move(*material), *chosen);
}

}  // namespace tessera
