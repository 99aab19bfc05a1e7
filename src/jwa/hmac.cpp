// HMAC over SHA-2 with the inner and outer hash states computed once per key (RFC 2104: the
// ipad and opad blocks are the same for every message).
//
// Why the SHA*_Init/Update/Final functions, which OpenSSL 3 marks deprecated: copying a
// SHA256_CTX is a memcpy of ~112 bytes, so signing or verifying costs no allocation, no lock and
// no provider dispatch. The EVP route (EVP_MAC_CTX_dup of a keyed context) allocates about ten
// times per call and touches shared reference counts (openssl/openssl#17064, #20286); the
// one-shot HMAC() is slower still. docs/BENCHMARKS.md compares the three.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "jwa/hmac.hpp"

#include <array>
#include <cstring>

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <tessera/error.hpp>

#include "detail/secret_bytes.hpp"

namespace tessera::detail {
namespace {

// The three SHA-2 variants behind one shape, so the HMAC construction is written once.
struct sha256_ops {
  using context = SHA256_CTX;
  static constexpr std::size_t block_size = SHA256_CBLOCK;
  static constexpr std::size_t digest_size = SHA256_DIGEST_LENGTH;
  static void init(context& c) { SHA256_Init(&c); }
  static void update(context& c, const void* p, std::size_t n) { SHA256_Update(&c, p, n); }
  static void final(context& c, unsigned char* out) { SHA256_Final(out, &c); }
};

struct sha384_ops {
  using context = SHA512_CTX;
  static constexpr std::size_t block_size = SHA512_CBLOCK;
  static constexpr std::size_t digest_size = SHA384_DIGEST_LENGTH;
  static void init(context& c) { SHA384_Init(&c); }
  static void update(context& c, const void* p, std::size_t n) { SHA384_Update(&c, p, n); }
  static void final(context& c, unsigned char* out) { SHA384_Final(out, &c); }
};

struct sha512_ops {
  using context = SHA512_CTX;
  static constexpr std::size_t block_size = SHA512_CBLOCK;
  static constexpr std::size_t digest_size = SHA512_DIGEST_LENGTH;
  static void init(context& c) { SHA512_Init(&c); }
  static void update(context& c, const void* p, std::size_t n) { SHA512_Update(&c, p, n); }
  static void final(context& c, unsigned char* out) { SHA512_Final(out, &c); }
};

template <class Ops>
class hmac_state {
 public:
  explicit hmac_state(std::span<const std::byte> secret) {
    std::array<unsigned char, Ops::block_size> block{};
    if (secret.size() > Ops::block_size) {
      typename Ops::context c;
      Ops::init(c);
      Ops::update(c, secret.data(), secret.size());
      Ops::final(c, block.data());
      OPENSSL_cleanse(&c, sizeof c);
    } else if (!secret.empty()) {
      std::memcpy(block.data(), secret.data(), secret.size());
    }
    std::array<unsigned char, Ops::block_size> pad{};
    for (std::size_t i = 0; i < pad.size(); ++i) pad[i] = block[i] ^ 0x36;
    Ops::init(inner_);
    Ops::update(inner_, pad.data(), pad.size());
    for (std::size_t i = 0; i < pad.size(); ++i) pad[i] = block[i] ^ 0x5c;
    Ops::init(outer_);
    Ops::update(outer_, pad.data(), pad.size());
    OPENSSL_cleanse(block.data(), block.size());
    OPENSSL_cleanse(pad.data(), pad.size());
  }
  hmac_state(const hmac_state&) = delete;
  hmac_state& operator=(const hmac_state&) = delete;
  ~hmac_state() {
    OPENSSL_cleanse(&inner_, sizeof inner_);
    OPENSSL_cleanse(&outer_, sizeof outer_);
  }

  void compute(std::string_view message, unsigned char* out) const noexcept {
    typename Ops::context c = inner_;
    Ops::update(c, message.data(), message.size());
    unsigned char inner_digest[Ops::digest_size];
    Ops::final(c, inner_digest);
    c = outer_;
    Ops::update(c, inner_digest, sizeof inner_digest);
    Ops::final(c, out);
    OPENSSL_cleanse(&c, sizeof c);
  }

 private:
  typename Ops::context inner_;
  typename Ops::context outer_;
};

class hmac_material final : public key_material {
 public:
  explicit hmac_material(std::span<const std::byte> secret)
      : secret_(secret), hs256_(secret), hs384_(secret), hs512_(secret) {}

  [[nodiscard]] bool can_sign() const noexcept override { return true; }
  [[nodiscard]] std::span<const std::byte> secret() const noexcept override {
    return secret_.view();
  }

  [[nodiscard]] result<std::size_t> sign(
      algorithm alg, std::string_view input,
      std::span<std::byte, max_signature_size> out) const override {
    const auto size = compute(alg, input, reinterpret_cast<unsigned char*>(out.data()));
    if (size == 0) return std::unexpected(make_error_code(errc::key_not_for_algorithm));
    return size;
  }

  [[nodiscard]] bool verify(algorithm alg, std::string_view input,
                            std::span<const std::byte> signature) const noexcept override {
    std::array<unsigned char, SHA512_DIGEST_LENGTH> expected{};
    const auto size = compute(alg, input, expected.data());
    // A truncated tag is not a JWS signature: the length must be the hash's, exactly.
    if (size == 0 || signature.size() != size) return false;
    const bool equal = CRYPTO_memcmp(expected.data(), signature.data(), size) == 0;
    OPENSSL_cleanse(expected.data(), size);
    return equal;
  }

 private:
  // The tag of `input` into `out` (room for the largest digest); its length, or 0 for an
  // algorithm that is not HMAC.
  std::size_t compute(algorithm alg, std::string_view input, unsigned char* out) const noexcept {
    switch (alg) {
      case algorithm::hs256:
        hs256_.compute(input, out);
        return sha256_ops::digest_size;
      case algorithm::hs384:
        hs384_.compute(input, out);
        return sha384_ops::digest_size;
      case algorithm::hs512:
        hs512_.compute(input, out);
        return sha512_ops::digest_size;
      default:
        return 0;
    }
  }

  secret_bytes secret_;
  hmac_state<sha256_ops> hs256_;
  hmac_state<sha384_ops> hs384_;
  hmac_state<sha512_ops> hs512_;
};

}  // namespace

std::size_t hmac_min_key_size(algorithm alg) noexcept {
  switch (alg) {
    case algorithm::hs256:
      return 32;
    case algorithm::hs384:
      return 48;
    case algorithm::hs512:
      return 64;
    default:
      return 0;
  }
}

std::shared_ptr<const key_material> make_hmac_material(std::span<const std::byte> secret) {
  return std::make_shared<const hmac_material>(secret);
}

}  // namespace tessera::detail
