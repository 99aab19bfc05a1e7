#include "random_id.hpp"

#include <array>
#include <cstddef>

#include <openssl/rand.h>

#include <tessera/base64url.hpp>

namespace tessera::cli {

cli_result<std::string> random_jwt_id() {
  std::array<std::byte, 16> bytes{};
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(bytes.size())) !=
      1) {
    return std::unexpected(cli_error{.code = "random_error",
                                     .message = "OpenSSL's random generator failed",
                                     .exit_status = exit_io});
  }
  return base64url_encode(bytes);
}

}  // namespace tessera::cli
