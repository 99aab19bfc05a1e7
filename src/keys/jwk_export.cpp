// JWK export (RFC 7517, RFC 7518 section 6, RFC 8037) and RFC 7638 thumbprints.
#include <array>
#include <vector>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <boost/json/object.hpp>

#include <tessera/base64url.hpp>
#include <tessera/error.hpp>
#include <tessera/jwk.hpp>

#include "detail/key_facts.hpp"
#include "detail/key_material.hpp"
#include "detail/openssl_handles.hpp"
#include "keys/key_access.hpp"

namespace tessera {
namespace {

std::unexpected<std::error_code> fail(errc e) { return std::unexpected(make_error_code(e)); }

std::string encode_bytes(const unsigned char* data, std::size_t size) {
  return base64url_encode(std::as_bytes(std::span(data, size)));
}

// A BIGNUM parameter as base64url, `width` bytes wide (0: minimal, as RFC 7518 asks of n, e, d).
bool put_bn(json::object& out, std::string_view member, EVP_PKEY* pkey, const char* param,
            int width = 0) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, param, &raw) != 1) return false;
  const detail::bignum_ptr bn(raw);
  const int size = width != 0 ? width : BN_num_bytes(bn.get());
  std::vector<unsigned char> bytes(static_cast<std::size_t>(size == 0 ? 1 : size));
  if (BN_bn2binpad(bn.get(), bytes.data(), static_cast<int>(bytes.size())) < 0) return false;
  out[member] = encode_bytes(bytes.data(), bytes.size());
  OPENSSL_cleanse(bytes.data(), bytes.size());
  return true;
}

const char* curve_name(int nid) {
  switch (nid) {
    case NID_X9_62_prime256v1:
      return "P-256";
    case NID_secp384r1:
      return "P-384";
    case NID_secp521r1:
      return "P-521";
    case NID_secp256k1:
      return "secp256k1";
    default:
      return nullptr;
  }
}

result<void> put_key_members(json::object& out, const detail::key_material& material,
                             bool include_private) {
  EVP_PKEY* pkey = material.pkey();
  if (pkey == nullptr) {
    // A secret has no public half: exporting it is always exporting the secret.
    if (!include_private) return fail(errc::key_not_usable);
    const auto secret = material.secret();
    out["kty"] = "oct";
    out["k"] = base64url_encode(secret);
    return {};
  }
  const auto facts = detail::inspect_key(pkey, {.allow_weak_key = true});
  if (!facts) return std::unexpected(facts.error());
  if (include_private && !facts->is_private) return fail(errc::not_a_private_key);

  switch (facts->family) {
    case detail::key_family::rsa:
    case detail::key_family::rsa_pss: {
      out["kty"] = "RSA";
      bool ok = put_bn(out, "n", pkey, OSSL_PKEY_PARAM_RSA_N) &&
                put_bn(out, "e", pkey, OSSL_PKEY_PARAM_RSA_E);
      if (include_private) {
        ok = ok && put_bn(out, "d", pkey, OSSL_PKEY_PARAM_RSA_D) &&
             put_bn(out, "p", pkey, OSSL_PKEY_PARAM_RSA_FACTOR1) &&
             put_bn(out, "q", pkey, OSSL_PKEY_PARAM_RSA_FACTOR2) &&
             put_bn(out, "dp", pkey, OSSL_PKEY_PARAM_RSA_EXPONENT1) &&
             put_bn(out, "dq", pkey, OSSL_PKEY_PARAM_RSA_EXPONENT2) &&
             put_bn(out, "qi", pkey, OSSL_PKEY_PARAM_RSA_COEFFICIENT1);
      }
      if (!ok) return fail(errc::invalid_key_parameters);
      return {};
    }
    case detail::key_family::ec: {
      const char* crv = curve_name(facts->curve_nid);
      if (crv == nullptr) return fail(errc::unsupported_key_type);
      out["kty"] = "EC";
      out["crv"] = crv;
      const int width = static_cast<int>(facts->component_size);
      bool ok = put_bn(out, "x", pkey, OSSL_PKEY_PARAM_EC_PUB_X, width) &&
                put_bn(out, "y", pkey, OSSL_PKEY_PARAM_EC_PUB_Y, width);
      if (include_private) ok = ok && put_bn(out, "d", pkey, OSSL_PKEY_PARAM_PRIV_KEY, width);
      if (!ok) return fail(errc::invalid_key_parameters);
      return {};
    }
    case detail::key_family::okp: {
      out["kty"] = "OKP";
      out["crv"] = facts->curve_nid == EVP_PKEY_ED448 ? "Ed448" : "Ed25519";
      std::array<unsigned char, 57> raw{};
      std::size_t size = raw.size();
      if (EVP_PKEY_get_raw_public_key(pkey, raw.data(), &size) != 1) {
        return fail(errc::invalid_key_parameters);
      }
      out["x"] = encode_bytes(raw.data(), size);
      if (include_private) {
        size = raw.size();
        if (EVP_PKEY_get_raw_private_key(pkey, raw.data(), &size) != 1) {
          return fail(errc::invalid_key_parameters);
        }
        out["d"] = encode_bytes(raw.data(), size);
        OPENSSL_cleanse(raw.data(), raw.size());
      }
      return {};
    }
  }
  return fail(errc::unsupported_key_type);
}

result<json::object> export_jwk(const detail::key_material& material, algorithm_set algorithms,
                                const jwk_export_options& options) {
  json::object out;
  if (auto ok = put_key_members(out, material, options.include_private); !ok) {
    return std::unexpected(ok.error());
  }
  if (options.kid) out["kid"] = *options.kid;
  if (options.use) out["use"] = *options.use;
  if (options.include_alg) {
    std::size_t count = 0;
    algorithm only{};
    algorithms.for_each([&](algorithm a) {
      ++count;
      only = a;
    });
    if (count == 1) out["alg"] = to_string(only);
  }
  return out;
}

}  // namespace

result<json::object> to_jwk(const verifying_key& key, const jwk_export_options& options) {
  return export_jwk(*detail::key_access::material(key), key.algorithms(), options);
}

result<json::object> to_jwk(const signing_key& key, const jwk_export_options& options) {
  return export_jwk(*detail::key_access::material(key), algorithm_set{key.alg()}, options);
}

result<std::string> jwk_thumbprint(const json::object& members) {
  const auto* kty = members.if_contains("kty");
  if (kty == nullptr || !kty->is_string()) return fail(errc::invalid_jwk);
  // RFC 7638 section 3.2: the required members of each key type, in lexicographic order.
  std::vector<std::string_view> required;
  const std::string_view type = kty->get_string();
  if (type == "RSA") {
    required = {"e", "kty", "n"};
  } else if (type == "EC") {
    required = {"crv", "kty", "x", "y"};
  } else if (type == "OKP") {
    required = {"crv", "kty", "x"};
  } else if (type == "oct") {
    required = {"k", "kty"};
  } else {
    return fail(errc::unsupported_key_type);
  }
  json::object canonical;
  for (auto name : required) {
    const auto* v = members.if_contains(name);
    if (v == nullptr || !v->is_string()) return fail(errc::invalid_jwk);
    canonical[name] = *v;
  }
  std::string text;
  if (auto ok = write_python_json(text, canonical, {.sort_keys = true}); !ok) {
    return std::unexpected(ok.error());
  }
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  unsigned int size = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1) {
    return fail(errc::invalid_key_parameters);
  }
  return encode_bytes(digest.data(), size);
}

result<std::string> jwk_thumbprint(const verifying_key& key) {
  auto members = to_jwk(key, {.include_private = key.material().pkey() == nullptr,
                              .use = std::nullopt,
                              .include_alg = false});
  if (!members) return std::unexpected(members.error());
  return jwk_thumbprint(*members);
}

}  // namespace tessera
