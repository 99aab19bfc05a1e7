#include "keys/key_parsing.hpp"

#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <tessera/error.hpp>

namespace tessera::detail {
namespace {

std::unexpected<std::error_code> fail(errc e) { return std::unexpected(make_error_code(e)); }

std::string_view as_text(std::span<const std::byte> data) noexcept {
  return {reinterpret_cast<const char*>(data.data()), data.size()};
}

// Without a passphrase the decoder must fail, never prompt on a terminal.
int refuse_passphrase(char*, int, int, void*) { return -1; }

pkey_ptr decode(std::span<const std::byte> data, int selection, std::string_view passphrase) {
  EVP_PKEY* pkey = nullptr;
  const decoder_ctx_ptr ctx(
      OSSL_DECODER_CTX_new_for_pkey(&pkey, nullptr, nullptr, nullptr, selection, nullptr, nullptr));
  if (!ctx) return nullptr;
  if (passphrase.empty()) {
    OSSL_DECODER_CTX_set_pem_password_cb(ctx.get(), refuse_passphrase, nullptr);
  } else {
    OSSL_DECODER_CTX_set_passphrase(
        ctx.get(), reinterpret_cast<const unsigned char*>(passphrase.data()), passphrase.size());
  }
  const auto* in = reinterpret_cast<const unsigned char*>(data.data());
  std::size_t size = data.size();
  if (OSSL_DECODER_from_data(ctx.get(), &in, &size) != 1) {
    EVP_PKEY_free(pkey);
    return nullptr;
  }
  return pkey_ptr(pkey);
}

bool is_encrypted(std::span<const std::byte> data) {
  if (as_text(data).find("ENCRYPTED") != std::string_view::npos) return true;
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  X509_SIG* sig = d2i_X509_SIG(nullptr, &p, static_cast<long>(data.size()));
  const bool encrypted = sig != nullptr;
  X509_SIG_free(sig);
  return encrypted;
}

pkey_ptr certificate_key(std::span<const std::byte> data) {
  x509_ptr cert;
  if (as_text(data).find("-----BEGIN CERTIFICATE-----") != std::string_view::npos) {
    const bio_ptr bio(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
    if (bio) cert.reset(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  } else {
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    cert.reset(d2i_X509(nullptr, &p, static_cast<long>(data.size())));
  }
  if (!cert) return nullptr;
  return pkey_ptr(X509_get_pubkey(cert.get()));
}

// True when `data` holds a public key in any format parse_public_key reads, but no private key.
bool is_public_key(std::span<const std::byte> data) {
  bool found = decode(data, EVP_PKEY_PUBLIC_KEY, {}) != nullptr || certificate_key(data) != nullptr;
  ERR_clear_error();
  if (!found) found = parse_openssh_public_key(as_text(data)).has_value();
  return found;
}

}  // namespace

result<pkey_ptr> parse_private_key(std::span<const std::byte> data, std::string_view passphrase) {
  auto pkey = decode(data, EVP_PKEY_KEYPAIR, passphrase);
  ERR_clear_error();
  if (pkey) return pkey;
  if (is_encrypted(data)) {
    return fail(passphrase.empty() ? errc::passphrase_required : errc::wrong_passphrase);
  }
  // A public key (SPKI, PKCS#1, a certificate, an OpenSSH line) is readable but cannot sign.
  if (is_public_key(data)) return fail(errc::not_a_private_key);
  return fail(errc::invalid_key_data);
}

result<pkey_ptr> parse_public_key(std::span<const std::byte> data, std::string_view passphrase) {
  pkey_ptr pkey = decode(data, EVP_PKEY_PUBLIC_KEY, {});
  if (!pkey) pkey = certificate_key(data);
  ERR_clear_error();
  if (pkey) return pkey;
  if (auto ssh = parse_openssh_public_key(as_text(data))) return std::move(*ssh);
  // A private key also verifies: the public part is taken from it.
  return parse_private_key(data, passphrase);
}

}  // namespace tessera::detail
