#include "auth/digest.hpp"

#include <array>
#include <cstddef>

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <tessera/base64url.hpp>

namespace tessera::server {

std::string sha256_base64url(std::string_view text) {
  std::array<std::byte, SHA256_DIGEST_LENGTH> digest{};
  unsigned int size = 0;
  EVP_Digest(text.data(), text.size(), reinterpret_cast<unsigned char*>(digest.data()), &size,
             EVP_sha256(), nullptr);
  return tessera::base64url_encode(digest);
}

}  // namespace tessera::server
