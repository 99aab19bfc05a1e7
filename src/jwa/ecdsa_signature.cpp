#include "jwa/ecdsa_signature.hpp"

#include <algorithm>
#include <cstring>

#include <openssl/bn.h>
#include <openssl/ec.h>

#include <tessera/error.hpp>

#include "detail/openssl_handles.hpp"

namespace tessera::detail {
namespace {

// True when 0 < value < order, both big-endian of the same width.
bool in_range(const unsigned char* value, std::span<const unsigned char> order) noexcept {
  const bool is_zero =
      std::all_of(value, value + order.size(), [](unsigned char b) { return b == 0; });
  return !is_zero && std::memcmp(value, order.data(), order.size()) < 0;
}

// Appends a DER INTEGER holding the unsigned big-endian `value`.
std::size_t put_integer(const unsigned char* value, std::size_t size, unsigned char* out) noexcept {
  while (size > 1 && *value == 0) {
    ++value;
    --size;
  }
  const bool pad = (*value & 0x80) != 0;  // keep it positive
  std::size_t n = 0;
  out[n++] = 0x02;
  out[n++] = static_cast<unsigned char>(size + (pad ? 1 : 0));
  if (pad) out[n++] = 0x00;
  std::memcpy(out + n, value, size);
  return n + size;
}

}  // namespace

std::size_t ecdsa_raw_to_der(std::span<const std::byte> raw, std::span<const unsigned char> order,
                             std::array<unsigned char, max_der_ecdsa_signature>& out) noexcept {
  const std::size_t n = order.size();
  if (n == 0 || raw.size() != 2 * n) return 0;
  const auto* r = reinterpret_cast<const unsigned char*>(raw.data());
  const auto* s = r + n;
  if (!in_range(r, order) || !in_range(s, order)) return 0;

  unsigned char body[max_der_ecdsa_signature];
  std::size_t body_size = put_integer(r, n, body);
  body_size += put_integer(s, n, body + body_size);

  std::size_t size = 0;
  out[size++] = 0x30;
  if (body_size >= 0x80) out[size++] = 0x81;
  out[size++] = static_cast<unsigned char>(body_size);
  std::memcpy(out.data() + size, body, body_size);
  return size + body_size;
}

result<std::size_t> ecdsa_der_to_raw(std::span<const unsigned char> der, std::size_t component_size,
                                     std::span<std::byte> out) {
  const unsigned char* p = der.data();
  ecdsa_sig_ptr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig || out.size() < 2 * component_size) {
    return std::unexpected(make_error_code(errc::signing_failed));
  }
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  const int width = static_cast<int>(component_size);
  if (BN_bn2binpad(r, o, width) != width || BN_bn2binpad(s, o + component_size, width) != width) {
    return std::unexpected(make_error_code(errc::signing_failed));
  }
  return 2 * component_size;
}

}  // namespace tessera::detail
