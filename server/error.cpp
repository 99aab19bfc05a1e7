#include "error.hpp"

namespace tessera::server {
namespace {

condition family(errc e) noexcept {
  switch (e) {
    case errc::invalid_argument:
    case errc::invalid_configuration:
      return condition::bad_input;
    case errc::not_found:
      return condition::not_found;
    case errc::already_exists:
      return condition::conflict;
    case errc::invalid_credentials:
    case errc::invalid_grant:
    case errc::refresh_token_reused:
    case errc::scope_not_granted:
      return condition::denied;
    case errc::store_unavailable:
    case errc::key_unavailable:
    case errc::crypto_unavailable:
    case errc::file_error:
      return condition::unavailable;
  }
  return condition::unavailable;
}

class code_category final : public std::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override { return "tessera.service"; }

  [[nodiscard]] std::string message(int value) const override {
    switch (static_cast<errc>(value)) {
      case errc::invalid_argument:
        return "invalid argument";
      case errc::invalid_configuration:
        return "invalid configuration";
      case errc::not_found:
        return "not found";
      case errc::already_exists:
        return "already exists";
      case errc::invalid_credentials:
        return "invalid username or password";
      case errc::invalid_grant:
        return "invalid refresh token";
      case errc::refresh_token_reused:
        return "refresh token reused; the session has ended";
      case errc::scope_not_granted:
        return "scope not granted to this session";
      case errc::store_unavailable:
        return "the store is unavailable";
      case errc::key_unavailable:
        return "the signing keys are unavailable";
      case errc::crypto_unavailable:
        return "the cryptography library failed";
      case errc::file_error:
        return "file error";
    }
    return "unknown service error";
  }

  [[nodiscard]] std::error_condition default_error_condition(int value) const noexcept override {
    return family(static_cast<errc>(value));
  }
};

class condition_category final : public std::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override { return "tessera.service.condition"; }

  [[nodiscard]] std::string message(int value) const override {
    switch (static_cast<condition>(value)) {
      case condition::bad_input:
        return "bad input";
      case condition::not_found:
        return "not found";
      case condition::conflict:
        return "conflict";
      case condition::denied:
        return "denied";
      case condition::unavailable:
        return "unavailable";
    }
    return "unknown condition";
  }
};

}  // namespace

const std::error_category& service_category() noexcept {
  static const code_category category;
  return category;
}

const std::error_category& service_condition_category() noexcept {
  static const condition_category category;
  return category;
}

std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), service_category()};
}

std::error_condition make_error_condition(condition c) noexcept {
  return {static_cast<int>(c), service_condition_category()};
}

const char* to_name(errc e) noexcept {
  switch (e) {
    case errc::invalid_argument:
      return "invalid_argument";
    case errc::invalid_configuration:
      return "invalid_configuration";
    case errc::not_found:
      return "not_found";
    case errc::already_exists:
      return "already_exists";
    case errc::invalid_credentials:
      return "invalid_credentials";
    case errc::invalid_grant:
      return "invalid_grant";
    case errc::refresh_token_reused:
      return "refresh_token_reused";
    case errc::scope_not_granted:
      return "scope_not_granted";
    case errc::store_unavailable:
      return "store_unavailable";
    case errc::key_unavailable:
      return "key_unavailable";
    case errc::crypto_unavailable:
      return "crypto_unavailable";
    case errc::file_error:
      return "file_error";
  }
  return "unknown";
}

const char* failure::name() const noexcept {
  return code.category() == service_category() ? to_name(static_cast<errc>(code.value()))
                                               : code.category().name();
}

std::string failure::message() const { return detail.empty() ? code.message() : detail; }

std::unexpected<failure> fail(errc code, std::string detail) {
  return std::unexpected(failure{make_error_code(code), std::move(detail)});
}

}  // namespace tessera::server
