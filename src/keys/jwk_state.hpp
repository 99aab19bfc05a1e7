// What an imported JWK holds.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <tessera/jwk.hpp>

#include "detail/key_facts.hpp"
#include "detail/key_material.hpp"
#include "detail/openssl_handles.hpp"

namespace tessera::detail {

struct jwk_state {
  std::string kty;
  std::optional<std::string> kid;
  std::optional<std::string> alg_name;  ///< as written, also when it is no JWS algorithm
  std::optional<algorithm> alg;
  std::optional<std::string> use;
  std::optional<std::vector<std::string>> key_ops;
  bool is_private = false;
  key_options options;
  algorithm_set algorithms;  ///< what the key serves: its alg, or its type's algorithms
  key_facts facts;           ///< asymmetric keys only
  std::shared_ptr<const key_material> public_material;  ///< verifies (HMAC: also signs)
  std::shared_ptr<EVP_PKEY> private_key;                ///< asymmetric private keys only
};

}  // namespace tessera::detail
