#include <tessera/base64url.hpp>

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#include <tessera/error.hpp>

namespace tessera {
namespace {

constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::uint8_t invalid = 0xff;

constexpr std::array<std::uint8_t, 256> make_decode_table() {
  std::array<std::uint8_t, 256> table{};
  table.fill(invalid);
  for (std::uint8_t i = 0; i < 64; ++i) table[static_cast<unsigned char>(alphabet[i])] = i;
  return table;
}

constexpr auto decode_table = make_decode_table();

// The decode table once per position in a 4-character group, each entry already shifted to where
// that position's 6 bits go, so a group decodes with four loads and three ORs. A byte outside
// the alphabet sets invalid_bit, above the 24 data bits.
constexpr std::uint32_t invalid_bit = std::uint32_t{1} << 24;

constexpr std::array<std::array<std::uint32_t, 256>, 4> make_shifted_table() {
  std::array<std::array<std::uint32_t, 256>, 4> table{};
  for (std::size_t position = 0; position < 4; ++position) {
    for (std::size_t c = 0; c < 256; ++c) {
      table[position][c] = decode_table[c] == invalid
                               ? invalid_bit
                               : std::uint32_t{decode_table[c]} << (18 - 6 * position);
    }
  }
  return table;
}

constexpr auto shifted_table = make_shifted_table();

// Writes the 4 bytes of `v`, most significant first.
void store_big_endian(std::uint8_t* out, std::uint32_t v) noexcept {
  if constexpr (std::endian::native == std::endian::little) v = std::byteswap(v);
  std::memcpy(out, &v, sizeof v);
}

std::unexpected<std::error_code> bad() noexcept {
  return std::unexpected(make_error_code(errc::invalid_base64url));
}

}  // namespace

result<std::size_t> base64url_decoded_size(std::size_t n) noexcept {
  if (n % 4 == 1) return bad();
  return (n / 4) * 3 + (n % 4 == 0 ? 0 : n % 4 - 1);
}

void base64url_encode_append(std::string& out, std::span<const std::byte> bytes) {
  const std::size_t start = out.size();
  out.resize(start + base64url_encoded_size(bytes.size()));
  char* o = out.data() + start;
  const auto* in = reinterpret_cast<const std::uint8_t*>(bytes.data());
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v =
        (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8) | in[i + 2];
    *o++ = alphabet[(v >> 18) & 63];
    *o++ = alphabet[(v >> 12) & 63];
    *o++ = alphabet[(v >> 6) & 63];
    *o++ = alphabet[v & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    const std::uint32_t v = std::uint32_t{in[i]} << 16;
    *o++ = alphabet[(v >> 18) & 63];
    *o++ = alphabet[(v >> 12) & 63];
  } else if (rest == 2) {
    const std::uint32_t v = (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8);
    *o++ = alphabet[(v >> 18) & 63];
    *o++ = alphabet[(v >> 12) & 63];
    *o++ = alphabet[(v >> 6) & 63];
  }
}

void base64url_encode_append(std::string& out, std::string_view text) {
  base64url_encode_append(out, std::as_bytes(std::span(text.data(), text.size())));
}

std::string base64url_encode(std::span<const std::byte> bytes) {
  std::string out;
  base64url_encode_append(out, bytes);
  return out;
}

std::string base64url_encode(std::string_view text) {
  std::string out;
  base64url_encode_append(out, text);
  return out;
}

result<std::size_t> base64url_decode(std::string_view in, std::span<std::byte> out) noexcept {
  const auto size = base64url_decoded_size(in.size());
  if (!size) return size;
  if (out.size() < *size) return bad();

  const auto* s = reinterpret_cast<const unsigned char*>(in.data());
  auto* o = reinterpret_cast<std::uint8_t*>(out.data());
  const std::size_t groups = in.size() / 4;
  std::uint32_t seen = 0;  // collects invalid_bit from any group; checked once at the end
  std::size_t g = 0;
  // Every group but the last writes 4 bytes at once; the 4th is the next group's first.
  for (; g + 1 < groups; ++g, s += 4, o += 3) {
    const std::uint32_t v = shifted_table[0][s[0]] | shifted_table[1][s[1]] |
                            shifted_table[2][s[2]] | shifted_table[3][s[3]];
    seen |= v;
    store_big_endian(o, v << 8);
  }
  if (g < groups) {
    const std::uint32_t v = shifted_table[0][s[0]] | shifted_table[1][s[1]] |
                            shifted_table[2][s[2]] | shifted_table[3][s[3]];
    seen |= v;
    o[0] = static_cast<std::uint8_t>(v >> 16);
    o[1] = static_cast<std::uint8_t>(v >> 8);
    o[2] = static_cast<std::uint8_t>(v);
    s += 4;
    o += 3;
  }
  if ((seen & invalid_bit) != 0) return bad();

  const std::size_t rest = in.size() % 4;
  if (rest == 2) {
    const std::uint8_t a = decode_table[s[0]], b = decode_table[s[1]];
    if (((a | b) & 0x80) != 0 || (b & 0x0f) != 0) return bad();  // 4 unused bits must be zero
    *o++ = static_cast<std::uint8_t>((a << 2) | (b >> 4));
  } else if (rest == 3) {
    const std::uint8_t a = decode_table[s[0]], b = decode_table[s[1]], c = decode_table[s[2]];
    if (((a | b | c) & 0x80) != 0 || (c & 0x03) != 0) return bad();  // 2 unused bits must be zero
    *o++ = static_cast<std::uint8_t>((a << 2) | (b >> 4));
    *o++ = static_cast<std::uint8_t>((b << 4) | (c >> 2));
  }
  return *size;
}

result<std::vector<std::byte>> base64url_decode(std::string_view in) {
  const auto size = base64url_decoded_size(in.size());
  if (!size) return std::unexpected(size.error());
  std::vector<std::byte> out(*size);
  const auto written = base64url_decode(in, out);
  if (!written) return std::unexpected(written.error());
  return out;
}

result<std::string> base64url_decode_to_string(std::string_view in) {
  const auto size = base64url_decoded_size(in.size());
  if (!size) return std::unexpected(size.error());
  std::string out(*size, '\0');
  const auto written =
      base64url_decode(in, std::as_writable_bytes(std::span(out.data(), out.size())));
  if (!written) return std::unexpected(written.error());
  return out;
}

}  // namespace tessera
