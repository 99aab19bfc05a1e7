// Asymmetric key fixtures made with OpenSSL directly (never with libtessera), so tests of the
// library's key loading, verification and attack resistance do not depend on the code under
// test: keys, their encodings (PKCS#8, encrypted PKCS#8, PKCS#1, SEC1, SPKI, X.509, OpenSSH), and
// JWS tokens signed by OpenSSL.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/encoder.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <tessera/algorithm.hpp>
#include <tessera/base64url.hpp>

namespace tessera::test {

struct evp_pkey_free {
  void operator()(EVP_PKEY* k) const noexcept { EVP_PKEY_free(k); }
};
/// An owned OpenSSL key.
using evp_key = std::unique_ptr<EVP_PKEY, evp_pkey_free>;

/// A fixed RSA 2048 key (PKCS#8), so tests need not spend a second generating one.
inline constexpr std::string_view fixed_rsa_2048_pem =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCQnl/85oDZ3hC2\n"
    "ZerEMYjf89rmfzvLYMV6zhUnRoOSq0DVKz/giO5Seao7oXhluI4ee4p5ub/Oul28\n"
    "Z1Phr7wHgYqRdkYwJuZTF8EY5IehDY8x/maSjK18yYrQf0U1JLVOZJazmsiiOWgo\n"
    "2b0ek7uFm1FUNag31J6qir1zW+tIelMuyAQYUoz8IQeWiwc9gUE+ws0u/DwnAeiS\n"
    "aJ5cHLx3uEoJxfPcUJBquGr6510ErHB5z8ovSNbtDgaozYQ77ZPZoJE1Bdpvrxdx\n"
    "TEmvr5ZwSfliFroxxUUulVWAIf2mvVvZeoxFpbaIjmDXpKL2TQiqz8mboLaWVr2I\n"
    "IR3aEybVAgMBAAECggEACHkzGWu9uHuNrKDnmBkT5+qklIqiFlju8TKtJB46UX1r\n"
    "FiJg2CyFvuYwiSpn626HFeD6BzGmO/wI8nlLvaaQ5JAHQ7MeSoN4+CeP5uq69KmJ\n"
    "TpiqlLhykM7JQqKhC4ur+4d4GgFoyIfcYxUGQvSie+H9alWeK9lEy6wcjMC3FjRi\n"
    "v0rSp6D+lmlft5BoT0PY/qPmeePDjZ13HzEVFrzFUVlrAqOj+v5llW1yNUruhB3L\n"
    "GzocrEGTbBxsL2NfGJqSYEQD2Vf7HAxK317ogxdOJKfqyC9Q+96yyrKdCdKx+GzT\n"
    "l1n2dEYJdXg0PdtPTyGlDezSpe1lWB6X3rjFaKIr8QKBgQDCY375YPJhYJ3DyDuI\n"
    "20VPxt7v0mL46bOYxWbaIDHlDQflmtX5mABkRs3cdKj+y0hH+Q6vYQb5EdYXuGRj\n"
    "N90m/c4snpy0701MCSnIibpczheEZdqXoeVcxoyeBHg/vuvRVTXvxa1PVowxm5L3\n"
    "OIQl9Qq4El2EOwLuCx+RVpBKZQKBgQC+dJcCGNy98GrLbf0wb+yJCgF9rHN6DHnQ\n"
    "Q+3gC/KpAftuW4blJuG/id3QZ4Lr0vUQLFwytZ4yFDrlooWY6LU66x5K38pS7abr\n"
    "A2RDg36NJ5clibK1rM1QNcLxpOSP+tf08MFy//lD8bOrMcPvl1eujeNi8Yi2pFVI\n"
    "kHr7USHrsQKBgDFVwS8XnMx8Ee5TjlCQngm+RmyFb9sOrSczyoPHsgIZCY0LfA0J\n"
    "t+e7VJoD/bQU8bZajpCSRovGLBj/EnNgBT/VIJOQeeMt7OdEWBduZR8Sq0NN+mmL\n"
    "jEO8nImqRr6e/Qi24KaG/BJru88HVghqjpd3lo3bE2Lw+zBhIFTprFtFAoGBAI/2\n"
    "DRc2t9SS4Aa5MwLj90V23L2kFv2QZJt6XVpXbas2plk6sfKQu19O1O3s8FdVdIwv\n"
    "G9nw0o1EIWjmullkvWi1xIYQNx0MKnnGbIlj4crMvEFRnlYZMnCI0rxZSbNTht3N\n"
    "BkzpE/+5uXeT/GkkWtDEy7ZEoHR+L0DUhUFmiF9hAoGAKQI3JVUPfezsMARyhZsU\n"
    "Mwnykq92khhwcnX067CIUSlI4qzpl6C7MyfAaYmNmhJv3q9E+77c6ZNFx6CpnVpt\n"
    "QnFjF/tac2bkzWXqkMDFlVLr3L/tLhsuyHyjymAnNqbQBlXbk8bEbS7FYnOXCVMd\n"
    "OgA6rj2FjT7quQCX4iT4RgE=\n"
    "-----END PRIVATE KEY-----\n";

/// The fixed RSA 2048 key.
inline evp_key fixed_rsa_key() {
  const std::string pem(fixed_rsa_2048_pem);
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  evp_key key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) throw std::runtime_error("fixed RSA key");
  return key;
}

inline evp_key generate_rsa(unsigned bits) {
  evp_key key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{bits}));
  if (!key) throw std::runtime_error("RSA keygen");
  return key;
}

/// An EC key on `group` ("P-256", "P-384", "P-521", "secp256k1", ...).
inline evp_key generate_ec(const char* group) {
  evp_key key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", group));
  if (!key) throw std::runtime_error(std::string("EC keygen ") + group);
  return key;
}

/// An ED25519, ED448, X25519 or X448 key.
inline evp_key generate_okp(const char* type) {
  evp_key key(EVP_PKEY_Q_keygen(nullptr, nullptr, type));
  if (!key) throw std::runtime_error(std::string("keygen ") + type);
  return key;
}

/// `pkey` encoded by OpenSSL's encoder: `format` "PEM" or "DER"; `structure`
/// "PrivateKeyInfo" (PKCS#8), "EncryptedPrivateKeyInfo", "SubjectPublicKeyInfo", or
/// "type-specific" (PKCS#1 for RSA, SEC1 for EC); `selection` EVP_PKEY_KEYPAIR or
/// EVP_PKEY_PUBLIC_KEY. With a passphrase, the key is encrypted with AES-256-CBC.
inline std::string encode_key(EVP_PKEY* pkey, int selection, const char* format,
                              const char* structure, std::string_view passphrase = {}) {
  std::unique_ptr<OSSL_ENCODER_CTX, decltype(&OSSL_ENCODER_CTX_free)> ctx(
      OSSL_ENCODER_CTX_new_for_pkey(pkey, selection, format, structure, nullptr),
      &OSSL_ENCODER_CTX_free);
  if (!ctx || OSSL_ENCODER_CTX_get_num_encoders(ctx.get()) == 0) {
    throw std::runtime_error(std::string("no encoder for ") + format + " " + structure);
  }
  if (!passphrase.empty()) {
    if (OSSL_ENCODER_CTX_set_cipher(ctx.get(), "AES-256-CBC", nullptr) != 1 ||
        OSSL_ENCODER_CTX_set_passphrase(ctx.get(),
                                        reinterpret_cast<const unsigned char*>(passphrase.data()),
                                        passphrase.size()) != 1) {
      throw std::runtime_error("encoder passphrase");
    }
  }
  unsigned char* data = nullptr;
  std::size_t size = 0;
  if (OSSL_ENCODER_to_data(ctx.get(), &data, &size) != 1) {
    throw std::runtime_error(std::string("encode ") + format + " " + structure);
  }
  std::string out(reinterpret_cast<const char*>(data), size);
  OPENSSL_free(data);
  return out;
}

inline std::string pkcs8_pem(EVP_PKEY* k) {
  return encode_key(k, EVP_PKEY_KEYPAIR, "PEM", "PrivateKeyInfo");
}
inline std::string pkcs8_der(EVP_PKEY* k) {
  return encode_key(k, EVP_PKEY_KEYPAIR, "DER", "PrivateKeyInfo");
}
inline std::string encrypted_pkcs8_pem(EVP_PKEY* k, std::string_view passphrase) {
  return encode_key(k, EVP_PKEY_KEYPAIR, "PEM", "EncryptedPrivateKeyInfo", passphrase);
}
inline std::string encrypted_pkcs8_der(EVP_PKEY* k, std::string_view passphrase) {
  return encode_key(k, EVP_PKEY_KEYPAIR, "DER", "EncryptedPrivateKeyInfo", passphrase);
}
/// "RSA PRIVATE KEY" (PKCS#1) for RSA, "EC PRIVATE KEY" (SEC1) for EC.
inline std::string traditional_private_pem(EVP_PKEY* k) {
  return encode_key(k, EVP_PKEY_KEYPAIR, "PEM", "type-specific");
}
inline std::string traditional_private_der(EVP_PKEY* k) {
  return encode_key(k, EVP_PKEY_KEYPAIR, "DER", "type-specific");
}
inline std::string spki_pem(EVP_PKEY* k) {
  return encode_key(k, EVP_PKEY_PUBLIC_KEY, "PEM", "SubjectPublicKeyInfo");
}
inline std::string spki_der(EVP_PKEY* k) {
  return encode_key(k, EVP_PKEY_PUBLIC_KEY, "DER", "SubjectPublicKeyInfo");
}
/// "RSA PUBLIC KEY" (PKCS#1 RSAPublicKey).
inline std::string pkcs1_public_pem(EVP_PKEY* k) {
  return encode_key(k, EVP_PKEY_PUBLIC_KEY, "PEM", "type-specific");
}
inline std::string pkcs1_public_der(EVP_PKEY* k) {
  return encode_key(k, EVP_PKEY_PUBLIC_KEY, "DER", "type-specific");
}

/// A self-signed X.509 certificate for `key` (signed by `key` itself when it can sign, else by
/// `issuer`). `der` chooses DER over PEM.
inline std::string certificate(EVP_PKEY* key, bool der, EVP_PKEY* issuer = nullptr) {
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), &X509_free);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 42);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("tessera test"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  EVP_PKEY* signer = issuer != nullptr ? issuer : key;
  const bool digestless = EVP_PKEY_get_base_id(signer) == EVP_PKEY_ED25519 ||
                          EVP_PKEY_get_base_id(signer) == EVP_PKEY_ED448;
  if (X509_sign(cert.get(), signer, digestless ? nullptr : EVP_sha256()) <= 0) {
    throw std::runtime_error("X509_sign");
  }
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  if ((der ? i2d_X509_bio(bio.get(), cert.get()) : PEM_write_bio_X509(bio.get(), cert.get())) !=
      1) {
    throw std::runtime_error("write certificate");
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return {data, static_cast<std::size_t>(size)};
}

/// Standard base64 with padding (OpenSSH, x5c).
inline std::string base64_std(std::span<const unsigned char> bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

/// The SSH wire format (RFC 4251 section 5): string and mpint fields.
class ssh_blob {
 public:
  ssh_blob& string(std::string_view s) {
    return bytes(std::span(reinterpret_cast<const unsigned char*>(s.data()), s.size()));
  }
  ssh_blob& bytes(std::span<const unsigned char> b) {
    put_length(b.size());
    data_.insert(data_.end(), b.begin(), b.end());
    return *this;
  }
  /// A positive mpint: big-endian, a leading 0x00 when the top bit is set.
  ssh_blob& mpint(const BIGNUM* bn) {
    std::vector<unsigned char> b(static_cast<std::size_t>(BN_num_bytes(bn)));
    BN_bn2bin(bn, b.data());
    if (!b.empty() && (b[0] & 0x80) != 0) b.insert(b.begin(), 0x00);
    return bytes(b);
  }
  [[nodiscard]] const std::vector<unsigned char>& data() const noexcept { return data_; }

 private:
  void put_length(std::size_t n) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      data_.push_back(static_cast<unsigned char>((n >> shift) & 0xff));
    }
  }
  std::vector<unsigned char> data_;
};

/// The uncompressed point 04 || x || y of an EC key.
inline std::vector<unsigned char> ec_point(EVP_PKEY* k) {
  std::size_t size = 0;
  EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_PUB_KEY, nullptr, 0, &size);
  std::vector<unsigned char> point(size);
  if (EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size(),
                                      &size) != 1) {
    throw std::runtime_error("EC public point");
  }
  point.resize(size);
  return point;
}

/// The raw public key of an Ed25519 / Ed448 key.
inline std::vector<unsigned char> raw_public(EVP_PKEY* k) {
  std::size_t size = 0;
  EVP_PKEY_get_raw_public_key(k, nullptr, &size);
  std::vector<unsigned char> out(size);
  if (EVP_PKEY_get_raw_public_key(k, out.data(), &size) != 1) throw std::runtime_error("raw key");
  return out;
}

/// The wire blob of an OpenSSH public key, built by hand from the key's public parts.
inline std::vector<unsigned char> openssh_blob(EVP_PKEY* k) {
  ssh_blob blob;
  switch (EVP_PKEY_get_base_id(k)) {
    case EVP_PKEY_RSA: {
      BIGNUM* n = nullptr;
      BIGNUM* e = nullptr;
      EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_RSA_N, &n);
      EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_RSA_E, &e);
      blob.string("ssh-rsa").mpint(e).mpint(n);
      BN_free(n);
      BN_free(e);
      break;
    }
    case EVP_PKEY_EC: {
      char group[32] = {};
      std::size_t length = 0;
      EVP_PKEY_get_utf8_string_param(k, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &length);
      const std::string_view g(group, length);
      const char* curve = g == "prime256v1"  ? "nistp256"
                          : g == "secp384r1" ? "nistp384"
                          : g == "secp521r1" ? "nistp521"
                                             : nullptr;
      if (curve == nullptr) throw std::runtime_error("no OpenSSH name for this curve");
      blob.string(std::string("ecdsa-sha2-") + curve).string(curve).bytes(ec_point(k));
      break;
    }
    case EVP_PKEY_ED25519:
      blob.string("ssh-ed25519").bytes(raw_public(k));
      break;
    default:
      throw std::runtime_error("no OpenSSH form for this key type");
  }
  return blob.data();
}

/// "TYPE BASE64 comment", as in ~/.ssh/id_*.pub.
inline std::string openssh_line(EVP_PKEY* k, std::string_view comment = "user@host") {
  const auto blob = openssh_blob(k);
  // The type is the blob's first string.
  const std::size_t type_size = (std::size_t{blob[2]} << 8) | blob[3];
  std::string line(reinterpret_cast<const char*>(blob.data() + 4), type_size);
  line += ' ';
  line += base64_std(blob);
  if (!comment.empty()) {
    line += ' ';
    line += comment;
  }
  return line;
}

/// The digest JWA pairs with `alg`; nullptr for EdDSA.
inline const EVP_MD* jwa_digest(algorithm alg) {
  switch (alg) {
    case algorithm::rs256:
    case algorithm::ps256:
    case algorithm::es256:
    case algorithm::es256k:
    case algorithm::hs256:
      return EVP_sha256();
    case algorithm::rs384:
    case algorithm::ps384:
    case algorithm::es384:
    case algorithm::hs384:
      return EVP_sha384();
    case algorithm::rs512:
    case algorithm::ps512:
    case algorithm::es512:
    case algorithm::hs512:
      return EVP_sha512();
    case algorithm::eddsa:
      return nullptr;
  }
  return nullptr;
}

inline bool is_rsa_pss(algorithm a) {
  return a == algorithm::ps256 || a == algorithm::ps384 || a == algorithm::ps512;
}
inline bool is_rsa_pkcs1(algorithm a) {
  return a == algorithm::rs256 || a == algorithm::rs384 || a == algorithm::rs512;
}
inline bool is_ecdsa(algorithm a) {
  return a == algorithm::es256 || a == algorithm::es384 || a == algorithm::es512 ||
         a == algorithm::es256k;
}

/// RSA-PSS parameters for openssl_sign (JWA: MGF1 with the message hash, salt = hash length).
struct pss_params {
  const EVP_MD* mgf1 = nullptr;  ///< nullptr: the message digest
  int salt = RSA_PSS_SALTLEN_DIGEST;
};

/// Signs `input` with OpenSSL directly: PKCS#1 v1.5 (RS*), PSS with `pss` (PS*), DER ECDSA
/// (ES*), or EdDSA.
inline std::vector<unsigned char> openssl_sign(EVP_PKEY* pkey, algorithm alg,
                                               std::string_view input, pss_params pss = {}) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_PKEY_CTX* pctx = nullptr;
  if (EVP_DigestSignInit(ctx.get(), &pctx, jwa_digest(alg), nullptr, pkey) != 1) {
    throw std::runtime_error("EVP_DigestSignInit");
  }
  if (is_rsa_pss(alg)) {
    if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, pss.salt) != 1 ||
        EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, pss.mgf1 != nullptr ? pss.mgf1 : jwa_digest(alg)) != 1) {
      throw std::runtime_error("PSS parameters");
    }
  } else if (is_rsa_pkcs1(alg)) {
    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING);
  }
  std::size_t size = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  if (EVP_DigestSign(ctx.get(), nullptr, &size, data, input.size()) != 1) {
    throw std::runtime_error("EVP_DigestSign size");
  }
  std::vector<unsigned char> out(size);
  if (EVP_DigestSign(ctx.get(), out.data(), &size, data, input.size()) != 1) {
    throw std::runtime_error("EVP_DigestSign");
  }
  out.resize(size);
  return out;
}

/// A DER ECDSA signature as JWS's R || S, each `width` bytes.
inline std::vector<unsigned char> der_to_raw(std::span<const unsigned char> der,
                                             std::size_t width) {
  const unsigned char* p = der.data();
  std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(
      d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())), &ECDSA_SIG_free);
  if (!sig) throw std::runtime_error("d2i_ECDSA_SIG");
  std::vector<unsigned char> out(2 * width);
  const int w = static_cast<int>(width);
  if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), out.data(), w) != w ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), out.data() + width, w) != w) {
    throw std::runtime_error("ECDSA value too wide");
  }
  return out;
}

/// The width of r and of s for an ES algorithm.
inline std::size_t ecdsa_width(algorithm alg) {
  return alg == algorithm::es384 ? 48 : alg == algorithm::es512 ? 66 : 32;
}

/// The JWS signature bytes OpenSSL makes for `alg` (R || S for ES*).
inline std::vector<unsigned char> jws_signature(EVP_PKEY* pkey, algorithm alg,
                                                std::string_view input, pss_params pss = {}) {
  auto sig = openssl_sign(pkey, alg, input, pss);
  if (is_ecdsa(alg)) return der_to_raw(sig, ecdsa_width(alg));
  return sig;
}

/// base64url of raw bytes.
inline std::string b64url(std::span<const unsigned char> bytes) {
  return base64url_encode(std::as_bytes(bytes));
}

/// A compact token with exactly these header and payload texts, signed by OpenSSL with `pkey`
/// under `alg` (whatever the header says).
inline std::string openssl_token(std::string_view header_json, std::string_view payload_json,
                                 EVP_PKEY* pkey, algorithm alg, pss_params pss = {}) {
  std::string input = base64url_encode(header_json);
  input += '.';
  input += base64url_encode(payload_json);
  const auto sig = jws_signature(pkey, alg, input, pss);
  return input + "." + b64url(sig);
}

}  // namespace tessera::test
