#include "detail/key_facts.hpp"

#include <cstring>
#include <string_view>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>

#include <tessera/error.hpp>

#include "detail/openssl_handles.hpp"

namespace tessera::detail {
namespace {

constexpr int min_rsa_bits = 2048;
constexpr int max_rsa_bits = 8192;

std::unexpected<std::error_code> fail(errc e) { return std::unexpected(make_error_code(e)); }

result<void> inspect_rsa(EVP_PKEY* pkey, const key_options& options, key_facts& facts) {
  facts.bits = EVP_PKEY_get_bits(pkey);
  if (facts.bits > max_rsa_bits) return fail(errc::unsupported_key_type);
  if (facts.bits < min_rsa_bits && !options.allow_weak_key) return fail(errc::rsa_key_too_small);
  BIGNUM* e = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e) != 1) {
    return fail(errc::invalid_key_parameters);
  }
  const bignum_ptr exponent(e);
  // e = 1 makes "signatures" anyone can forge; an even e is not an RSA key.
  if (BN_is_one(exponent.get()) == 1 || BN_is_odd(exponent.get()) == 0) {
    return fail(errc::invalid_key_parameters);
  }
  return {};
}

struct curve_info {
  std::string_view name;
  int nid;
  algorithm alg;
  std::size_t component_size;
};

constexpr curve_info curves[] = {
    {"prime256v1", NID_X9_62_prime256v1, algorithm::es256, 32},
    {"secp384r1", NID_secp384r1, algorithm::es384, 48},
    {"secp521r1", NID_secp521r1, algorithm::es512, 66},
    {"secp256k1", NID_secp256k1, algorithm::es256k, 32},
};

result<void> inspect_ec(EVP_PKEY* pkey, key_facts& facts) {
  char name[64] = {};
  std::size_t length = 0;
  if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name,
                                     &length) != 1) {
    return fail(errc::unsupported_key_type);
  }
  const curve_info* curve = nullptr;
  for (const auto& c : curves) {
    if (c.name == std::string_view(name, length) || OBJ_sn2nid(name) == c.nid) curve = &c;
  }
  if (curve == nullptr) return fail(errc::unsupported_key_type);

  facts.curve_nid = curve->nid;
  facts.component_size = curve->component_size;
  facts.algorithms = algorithm_set{curve->alg};
  facts.bits = EVP_PKEY_get_bits(pkey);

  using group_ptr = openssl_ptr<EC_GROUP, EC_GROUP_free>;
  const group_ptr group(EC_GROUP_new_by_curve_name(curve->nid));
  if (!group) return fail(errc::unsupported_key_type);
  const int width = static_cast<int>(curve->component_size);
  if (BN_bn2binpad(EC_GROUP_get0_order(group.get()), facts.order.data(), width) != width) {
    return fail(errc::unsupported_key_type);
  }

  // A point off the curve (invalid-curve attacks) or at infinity is refused.
  const pkey_ctx_ptr check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) return fail(errc::invalid_key_parameters);
  return {};
}

bool has_bn_param(EVP_PKEY* pkey, const char* name) {
  BIGNUM* value = nullptr;
  const bool found = EVP_PKEY_get_bn_param(pkey, name, &value) == 1;
  BN_clear_free(value);
  return found;
}

// OpenSSL 3.0 has no public "is this a private key" query; ask for each family's secret part.
bool has_private_part(EVP_PKEY* pkey) {
  switch (EVP_PKEY_get_base_id(pkey)) {
    case EVP_PKEY_RSA:
    case EVP_PKEY_RSA_PSS:
      return has_bn_param(pkey, OSSL_PKEY_PARAM_RSA_D);
    case EVP_PKEY_EC:
      return has_bn_param(pkey, OSSL_PKEY_PARAM_PRIV_KEY);
    default: {
      std::size_t length = 0;
      return EVP_PKEY_get_raw_private_key(pkey, nullptr, &length) == 1 && length > 0;
    }
  }
}

}  // namespace

result<key_facts> inspect_key(EVP_PKEY* pkey, const key_options& options) {
  key_facts facts;
  facts.is_private = has_private_part(pkey);
  switch (EVP_PKEY_get_base_id(pkey)) {
    case EVP_PKEY_RSA:
      facts.family = key_family::rsa;
      facts.algorithms = {algorithm::rs256, algorithm::rs384, algorithm::rs512,
                          algorithm::ps256, algorithm::ps384, algorithm::ps512};
      if (auto ok = inspect_rsa(pkey, options, facts); !ok) return std::unexpected(ok.error());
      return facts;
    case EVP_PKEY_RSA_PSS:
      facts.family = key_family::rsa_pss;
      facts.algorithms = {algorithm::ps256, algorithm::ps384, algorithm::ps512};
      if (auto ok = inspect_rsa(pkey, options, facts); !ok) return std::unexpected(ok.error());
      return facts;
    case EVP_PKEY_EC:
      facts.family = key_family::ec;
      if (auto ok = inspect_ec(pkey, facts); !ok) return std::unexpected(ok.error());
      return facts;
    case EVP_PKEY_ED25519:
    case EVP_PKEY_ED448:
      facts.family = key_family::okp;
      facts.curve_nid = EVP_PKEY_get_base_id(pkey);
      facts.algorithms = {algorithm::eddsa};
      facts.bits = EVP_PKEY_get_bits(pkey);
      return facts;
    default:
      return fail(errc::unsupported_key_type);
  }
}

result<algorithm_set> served_algorithms(const key_facts& facts, std::optional<algorithm> alg) {
  if (!alg) return facts.algorithms;
  if (!facts.algorithms.contains(*alg)) return fail(errc::key_not_for_algorithm);
  return algorithm_set{*alg};
}

}  // namespace tessera::detail
