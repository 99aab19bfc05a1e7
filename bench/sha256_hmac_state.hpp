// HMAC-SHA-256 the fastest way OpenSSL allows: the key's inner and outer SHA-256 states made
// once and copied per message, as src/jwa/hmac.cpp does. The floors of the benchmarks use it.
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>

#include <openssl/sha.h>

// SHA256_Init/Update/Final are deprecated in OpenSSL 3, and used here on purpose: the state copy
// is the fastest HMAC there is.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace tessera::bench {

class sha256_hmac_state {
 public:
  /// A key of at most one block (64 bytes), as every benchmark key is.
  explicit sha256_hmac_state(std::string_view key) {
    unsigned char block[SHA256_CBLOCK] = {};
    std::memcpy(block, key.data(), key.size());
    unsigned char pad[SHA256_CBLOCK];
    for (std::size_t i = 0; i < sizeof pad; ++i) pad[i] = block[i] ^ 0x36;
    SHA256_Init(&inner_);
    SHA256_Update(&inner_, pad, sizeof pad);
    for (std::size_t i = 0; i < sizeof pad; ++i) pad[i] = block[i] ^ 0x5c;
    SHA256_Init(&outer_);
    SHA256_Update(&outer_, pad, sizeof pad);
  }

  void mac(std::string_view message, unsigned char (&digest)[SHA256_DIGEST_LENGTH]) const {
    SHA256_CTX c = inner_;
    SHA256_Update(&c, message.data(), message.size());
    SHA256_Final(digest, &c);
    c = outer_;
    SHA256_Update(&c, digest, SHA256_DIGEST_LENGTH);
    SHA256_Final(digest, &c);
  }

 private:
  SHA256_CTX inner_{};
  SHA256_CTX outer_{};
};

}  // namespace tessera::bench

#pragma GCC diagnostic pop
