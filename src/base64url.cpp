#include <tessera/base64url.hpp>

#include <array>
#include <cstdint>

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
  std::size_t i = 0;
  for (; i + 4 <= in.size(); i += 4) {
    const std::uint8_t a = decode_table[s[i]], b = decode_table[s[i + 1]],
                       c = decode_table[s[i + 2]], d = decode_table[s[i + 3]];
    if ((a | b | c | d) & 0x80) return bad();
    const std::uint32_t v =
        (std::uint32_t{a} << 18) | (std::uint32_t{b} << 12) | (std::uint32_t{c} << 6) | d;
    *o++ = static_cast<std::uint8_t>(v >> 16);
    *o++ = static_cast<std::uint8_t>(v >> 8);
    *o++ = static_cast<std::uint8_t>(v);
  }
  const std::size_t rest = in.size() - i;
  if (rest == 2) {
    const std::uint8_t a = decode_table[s[i]], b = decode_table[s[i + 1]];
    if (((a | b) & 0x80) || (b & 0x0f) != 0) return bad();  // 4 unused bits must be zero
    *o++ = static_cast<std::uint8_t>((a << 2) | (b >> 4));
  } else if (rest == 3) {
    const std::uint8_t a = decode_table[s[i]], b = decode_table[s[i + 1]],
                       c = decode_table[s[i + 2]];
    if (((a | b | c) & 0x80) || (c & 0x03) != 0) return bad();  // 2 unused bits must be zero
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
