// Owning handles for OpenSSL objects, so every error path frees what it made.
#pragma once

#include <memory>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/decoder.h>
#include <openssl/ec.h>
#include <openssl/encoder.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>

namespace tessera::detail {

template <class T, void (*Free)(T*)>
struct openssl_deleter {
  void operator()(T* p) const noexcept { Free(p); }
};

template <class T, void (*Free)(T*)>
using openssl_ptr = std::unique_ptr<T, openssl_deleter<T, Free>>;

using pkey_ptr = openssl_ptr<EVP_PKEY, EVP_PKEY_free>;
using pkey_ctx_ptr = openssl_ptr<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using md_ctx_ptr = openssl_ptr<EVP_MD_CTX, EVP_MD_CTX_free>;
using md_ptr = openssl_ptr<EVP_MD, EVP_MD_free>;
using bio_ptr = openssl_ptr<BIO, BIO_free_all>;
using x509_ptr = openssl_ptr<X509, X509_free>;
using bignum_ptr = openssl_ptr<BIGNUM, BN_free>;
using ecdsa_sig_ptr = openssl_ptr<ECDSA_SIG, ECDSA_SIG_free>;
using decoder_ctx_ptr = openssl_ptr<OSSL_DECODER_CTX, OSSL_DECODER_CTX_free>;
using encoder_ctx_ptr = openssl_ptr<OSSL_ENCODER_CTX, OSSL_ENCODER_CTX_free>;
using param_bld_ptr = openssl_ptr<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>;
using params_ptr = openssl_ptr<OSSL_PARAM, OSSL_PARAM_free>;

/// Takes a new reference to `p` (EVP_PKEY objects are reference-counted and immutable once made).
[[nodiscard]] inline pkey_ptr share(EVP_PKEY* p) noexcept {
  if (p != nullptr) EVP_PKEY_up_ref(p);
  return pkey_ptr(p);
}

}  // namespace tessera::detail
