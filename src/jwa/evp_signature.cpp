#include "jwa/evp_signature.hpp"

#include <array>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <tessera/error.hpp>

#include "jwa/digests.hpp"
#include "jwa/ecdsa_signature.hpp"

namespace tessera::detail {
namespace {

bool is_pss(algorithm alg) noexcept {
  return alg == algorithm::ps256 || alg == algorithm::ps384 || alg == algorithm::ps512;
}

// A context initialised for `alg`, with JWA's fixed parameters: PKCS#1 v1.5 for RS*, and for
// PS* MGF1 with the same hash and a salt as long as the hash. OpenSSL would otherwise
// auto-detect the salt length on verify and accept any.
md_ctx_ptr make_template(EVP_PKEY* pkey, algorithm alg, bool for_signing) {
  md_ctx_ptr ctx(EVP_MD_CTX_new());
  if (!ctx) return nullptr;
  EVP_PKEY_CTX* pctx = nullptr;
  const EVP_MD* md = digest_for(alg);
  const int ok = for_signing ? EVP_DigestSignInit(ctx.get(), &pctx, md, nullptr, pkey)
                             : EVP_DigestVerifyInit(ctx.get(), &pctx, md, nullptr, pkey);
  if (ok != 1) return nullptr;
  if (is_pss(alg)) {
    if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1 ||
        EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) != 1) {
      return nullptr;
    }
  } else if (alg == algorithm::rs256 || alg == algorithm::rs384 || alg == algorithm::rs512) {
    if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1) return nullptr;
  }
  return ctx;
}

class evp_material final : public key_material {
 public:
  evp_material(pkey_ptr pkey, const key_facts& facts)
      : pkey_(std::move(pkey)),
        facts_(facts),
        rsa_size_(facts.family == key_family::rsa || facts.family == key_family::rsa_pss
                      ? static_cast<std::size_t>(EVP_PKEY_get_size(pkey_.get()))
                      : 0) {}

  bool prepare(algorithm_set algorithms, bool for_signing) {
    bool ok = true;
    algorithms.for_each([&](algorithm alg) {
      auto& slot = templates(for_signing)[static_cast<std::size_t>(alg)];
      slot = make_template(pkey_.get(), alg, for_signing);
      ok = ok && slot != nullptr;
      // A signing key also verifies, e.g. to check a token it has just made.
      if (for_signing) {
        auto& verify_slot = verify_templates_[static_cast<std::size_t>(alg)];
        verify_slot = make_template(pkey_.get(), alg, false);
        ok = ok && verify_slot != nullptr;
      }
    });
    return ok;
  }

  result<std::size_t> sign(algorithm alg, std::string_view input,
                           std::span<std::byte, max_signature_size> out) const override {
    const EVP_MD_CTX* tmpl = sign_templates_[static_cast<std::size_t>(alg)].get();
    if (tmpl == nullptr) return std::unexpected(make_error_code(errc::key_not_for_algorithm));
    const md_ctx_ptr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_MD_CTX_copy_ex(ctx.get(), tmpl) != 1) {
      return std::unexpected(make_error_code(errc::signing_failed));
    }
    const auto* data = reinterpret_cast<const unsigned char*>(input.data());

    if (facts_.family == key_family::ec) {
      std::array<unsigned char, max_der_ecdsa_signature> der{};
      std::size_t der_size = der.size();
      if (EVP_DigestSign(ctx.get(), der.data(), &der_size, data, input.size()) != 1) {
        return std::unexpected(make_error_code(errc::signing_failed));
      }
      return ecdsa_der_to_raw(std::span(der.data(), der_size), facts_.component_size, out);
    }
    std::size_t size = out.size();
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &size, data,
                       input.size()) != 1) {
      return std::unexpected(make_error_code(errc::signing_failed));
    }
    return size;
  }

  [[nodiscard]] bool verify(algorithm alg, std::string_view input,
                            std::span<const std::byte> signature) const noexcept override {
    const EVP_MD_CTX* tmpl = verify_templates_[static_cast<std::size_t>(alg)].get();
    if (tmpl == nullptr || signature.empty()) return false;
    // RFC 8017 8.1.2 and 8.2.2, step 1: an RSA signature is exactly k octets. OpenSSL's PSS
    // verification would also take the same integer written shorter (without leading zeros).
    if (rsa_size_ != 0 && signature.size() != rsa_size_) return false;

    const auto* sig = reinterpret_cast<const unsigned char*>(signature.data());
    std::size_t sig_size = signature.size();
    std::array<unsigned char, max_der_ecdsa_signature> der{};
    if (facts_.family == key_family::ec) {
      // JWS carries R || S; a DER signature, another length, or r, s outside [1, n-1] fail here.
      sig_size =
          ecdsa_raw_to_der(signature, std::span(facts_.order.data(), facts_.component_size), der);
      if (sig_size == 0) return false;
      sig = der.data();
    }
    const md_ctx_ptr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_MD_CTX_copy_ex(ctx.get(), tmpl) != 1) return false;
    const bool ok =
        EVP_DigestVerify(ctx.get(), sig, sig_size,
                         reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
    ERR_clear_error();  // a failed verification leaves OpenSSL errors on this thread's queue
    return ok;
  }

  [[nodiscard]] EVP_PKEY* pkey() const noexcept override { return pkey_.get(); }
  [[nodiscard]] bool can_sign() const noexcept override { return facts_.is_private; }

 private:
  std::array<md_ctx_ptr, algorithm_count>& templates(bool for_signing) {
    return for_signing ? sign_templates_ : verify_templates_;
  }

  pkey_ptr pkey_;
  key_facts facts_;
  std::size_t rsa_size_ = 0;  ///< RSA: the modulus length in octets, which signatures must have
  std::array<md_ctx_ptr, algorithm_count> sign_templates_{};
  std::array<md_ctx_ptr, algorithm_count> verify_templates_{};
};

}  // namespace

result<std::shared_ptr<const key_material>> make_evp_material(pkey_ptr pkey, const key_facts& facts,
                                                              algorithm_set algorithms,
                                                              bool for_signing) {
  if (for_signing && !facts.is_private) {
    return std::unexpected(make_error_code(errc::not_a_private_key));
  }
  auto material = std::make_shared<evp_material>(std::move(pkey), facts);
  if (!material->prepare(algorithms, for_signing)) {
    ERR_clear_error();
    return std::unexpected(make_error_code(errc::invalid_key_parameters));
  }
  return std::shared_ptr<const key_material>(std::move(material));
}

}  // namespace tessera::detail
