// Lets the library's own factories (JWK import, key sets) make keys from prepared material;
// the public constructors stay private so users go through the validating factories.
#pragma once

#include <memory>

#include <tessera/key.hpp>

#include "detail/key_material.hpp"

namespace tessera::detail {

struct key_access {
  static signing_key make_signing(std::shared_ptr<const key_material> material, algorithm alg) {
    return {std::move(material), alg};
  }
  static verifying_key make_verifying(std::shared_ptr<const key_material> material,
                                      algorithm_set algorithms) {
    return {std::move(material), algorithms};
  }
  static const std::shared_ptr<const key_material>& material(const verifying_key& key) {
    return key.material_;
  }
  static const std::shared_ptr<const key_material>& material(const signing_key& key) {
    return key.material_;
  }
};

}  // namespace tessera::detail
