// OpenSSH public key lines (RFC 4253 section 6.6, RFC 5656 section 3.1, RFC 8709 section 4):
// "TYPE BASE64 [COMMENT]", the blob holding the type again and the key's fields.
#include <cstdint>
#include <string>
#include <vector>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <tessera/error.hpp>

#include "keys/key_parsing.hpp"

namespace tessera::detail {
namespace {

std::unexpected<std::error_code> fail() {
  return std::unexpected(make_error_code(errc::invalid_key_data));
}

// Standard base64 with padding, as OpenSSH writes it.
bool decode_base64(std::string_view in, std::vector<unsigned char>& out) {
  if (in.empty() || in.size() % 4 != 0 || in.size() > std::size_t{64} * 1024) return false;
  out.resize(in.size() / 4 * 3);
  const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(in.data()),
                                static_cast<int>(in.size()));
  if (n < 0) return false;
  auto size = static_cast<std::size_t>(n);
  if (in.ends_with("==")) {
    size -= 2;
  } else if (in.ends_with('=')) {
    size -= 1;
  }
  out.resize(size);
  return true;
}

// Reads the length-prefixed fields of the SSH wire format.
class ssh_reader {
 public:
  explicit ssh_reader(std::span<const unsigned char> blob) : rest_(blob) {}

  bool read(std::span<const unsigned char>& field) {
    if (rest_.size() < 4) return false;
    const std::uint32_t n = (std::uint32_t{rest_[0]} << 24) | (std::uint32_t{rest_[1]} << 16) |
                            (std::uint32_t{rest_[2]} << 8) | rest_[3];
    if (rest_.size() - 4 < n) return false;
    field = rest_.subspan(4, n);
    rest_ = rest_.subspan(4 + n);
    return true;
  }
  bool read(std::string_view& text) {
    std::span<const unsigned char> field;
    if (!read(field)) return false;
    text = {reinterpret_cast<const char*>(field.data()), field.size()};
    return true;
  }
  [[nodiscard]] bool at_end() const noexcept { return rest_.empty(); }

 private:
  std::span<const unsigned char> rest_;
};

pkey_ptr from_params(const char* type, OSSL_PARAM_BLD* builder) {
  const params_ptr params(OSSL_PARAM_BLD_to_param(builder));
  const pkey_ctx_ptr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* pkey = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &pkey, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return nullptr;
  }
  return pkey_ptr(pkey);
}

pkey_ptr rsa_key(ssh_reader& reader) {
  std::span<const unsigned char> e, n;
  if (!reader.read(e) || !reader.read(n) || !reader.at_end()) return nullptr;
  const bignum_ptr e_bn(BN_bin2bn(e.data(), static_cast<int>(e.size()), nullptr));
  const bignum_ptr n_bn(BN_bin2bn(n.data(), static_cast<int>(n.size()), nullptr));
  const param_bld_ptr builder(OSSL_PARAM_BLD_new());
  if (!e_bn || !n_bn || !builder ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n_bn.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e_bn.get()) != 1) {
    return nullptr;
  }
  return from_params("RSA", builder.get());
}

pkey_ptr ec_key(ssh_reader& reader, std::string_view type) {
  std::string_view curve;
  std::span<const unsigned char> point;
  if (!reader.read(curve) || !reader.read(point) || !reader.at_end()) return nullptr;
  if (type.substr(std::string_view("ecdsa-sha2-").size()) != curve) return nullptr;
  const char* group = curve == "nistp256"   ? "P-256"
                      : curve == "nistp384" ? "P-384"
                      : curve == "nistp521" ? "P-521"
                                            : nullptr;
  if (group == nullptr) return nullptr;
  const param_bld_ptr builder(OSSL_PARAM_BLD_new());
  if (!builder ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return nullptr;
  }
  return from_params("EC", builder.get());
}

pkey_ptr ed25519_key(ssh_reader& reader) {
  std::span<const unsigned char> pk;
  if (!reader.read(pk) || !reader.at_end() || pk.size() != 32) return nullptr;
  return pkey_ptr(
      EVP_PKEY_new_raw_public_key_ex(nullptr, "ED25519", nullptr, pk.data(), pk.size()));
}

}  // namespace

result<pkey_ptr> parse_openssh_public_key(std::string_view line) {
  const auto start = line.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return fail();
  line.remove_prefix(start);
  const auto space = line.find(' ');
  if (space == std::string_view::npos) return fail();
  const std::string_view type = line.substr(0, space);
  std::string_view encoded = line.substr(space + 1);
  encoded = encoded.substr(0, encoded.find_first_of(" \t\r\n"));

  std::vector<unsigned char> blob;
  if (!decode_base64(encoded, blob)) return fail();
  ssh_reader reader(blob);
  std::string_view inner_type;
  if (!reader.read(inner_type) || inner_type != type) return fail();

  pkey_ptr pkey;
  if (type == "ssh-rsa") {
    pkey = rsa_key(reader);
  } else if (type.starts_with("ecdsa-sha2-")) {
    pkey = ec_key(reader, type);
  } else if (type == "ssh-ed25519") {
    pkey = ed25519_key(reader);
  }
  ERR_clear_error();
  if (!pkey) return fail();
  return pkey;
}

}  // namespace tessera::detail
