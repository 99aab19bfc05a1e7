#include "jwa/digests.hpp"

#include <openssl/evp.h>

namespace tessera::detail {
namespace {

struct fetched_digests {
  fetched_digests()
      : sha256(EVP_MD_fetch(nullptr, "SHA2-256", nullptr)),
        sha384(EVP_MD_fetch(nullptr, "SHA2-384", nullptr)),
        sha512(EVP_MD_fetch(nullptr, "SHA2-512", nullptr)) {}
  fetched_digests(const fetched_digests&) = delete;
  fetched_digests& operator=(const fetched_digests&) = delete;
  ~fetched_digests() {
    EVP_MD_free(sha256);
    EVP_MD_free(sha384);
    EVP_MD_free(sha512);
  }
  EVP_MD* sha256;
  EVP_MD* sha384;
  EVP_MD* sha512;
};

const fetched_digests& digests() {
  static const fetched_digests instance;
  return instance;
}

}  // namespace

const EVP_MD* digest_for(algorithm alg) noexcept {
  switch (alg) {
    case algorithm::hs256:
    case algorithm::rs256:
    case algorithm::ps256:
    case algorithm::es256:
    case algorithm::es256k:
      return digests().sha256;
    case algorithm::hs384:
    case algorithm::rs384:
    case algorithm::ps384:
    case algorithm::es384:
      return digests().sha384;
    case algorithm::hs512:
    case algorithm::rs512:
    case algorithm::ps512:
    case algorithm::es512:
      return digests().sha512;
    case algorithm::eddsa:
      return nullptr;
  }
  return nullptr;
}

}  // namespace tessera::detail
