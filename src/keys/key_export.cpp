// PEM export of asymmetric keys (PKCS#8 for private keys, SPKI for public keys).
#include <string>

#include <openssl/buffer.h>
#include <openssl/pem.h>

#include <tessera/error.hpp>
#include <tessera/key.hpp>

#include "detail/key_material.hpp"
#include "detail/openssl_handles.hpp"

namespace tessera {
namespace {

template <class Write>
result<std::string> write_pem(EVP_PKEY* pkey, Write write) {
  if (pkey == nullptr) return std::unexpected(make_error_code(errc::secret_key_has_no_pem));
  const detail::bio_ptr bio(BIO_new(BIO_s_mem()));
  if (!bio || write(bio.get(), pkey) != 1) {
    return std::unexpected(make_error_code(errc::invalid_key_parameters));
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  std::string pem(data, static_cast<std::size_t>(size));
  return pem;
}

}  // namespace

result<std::string> signing_key::to_pem() const {
  return write_pem(material_->pkey(), [](BIO* bio, EVP_PKEY* pkey) {
    return PEM_write_bio_PrivateKey(bio, pkey, nullptr, nullptr, 0, nullptr, nullptr);
  });
}

result<std::string> signing_key::to_encrypted_pem(std::string_view passphrase) const {
  if (passphrase.empty()) return std::unexpected(make_error_code(errc::passphrase_required));
  const std::string pass(passphrase);
  return write_pem(material_->pkey(), [&pass](BIO* bio, EVP_PKEY* pkey) {
    return PEM_write_bio_PKCS8PrivateKey(bio, pkey, EVP_aes_256_cbc(), pass.data(),
                                         static_cast<int>(pass.size()), nullptr, nullptr);
  });
}

result<std::string> verifying_key::to_pem() const {
  return write_pem(material_->pkey(),
                   [](BIO* bio, EVP_PKEY* pkey) { return PEM_write_bio_PUBKEY(bio, pkey); });
}

}  // namespace tessera
