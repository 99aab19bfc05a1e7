// The store's records as its queries select them, read from a result row the same way in every
// dialect. A Row gives text(col), integer(col), boolean(col) and is_null(col) of one row.
#pragma once

#include <string>
#include <string_view>

#include "store/store.hpp"
#include "words.hpp"

namespace tessera::server::rows {

inline constexpr std::string_view select_user =
    "SELECT username, password_hash, scopes, disabled, dev_only, created_at, not_before, name, "
    "email, email_verified FROM users";

template <class Row>
user_record read_user(const Row& r) {
  return {.username = r.text(0),
          .password_hash = r.text(1),
          .scopes = split_words(r.text(2)),
          .disabled = r.boolean(3),
          .dev_only = r.boolean(4),
          .created_at = r.integer(5),
          .not_before = r.integer(6),
          .name = r.text(7),
          .email = r.text(8),
          .email_verified = r.boolean(9)};
}

inline constexpr std::string_view select_session =
    "SELECT id, username, client_id, scopes, kid, created_at, expires_at, revoked_at, "
    "user_agent, ip, last_used_at, browser_key, parent_session FROM sessions";

template <class Row>
session_record read_session(const Row& r) {
  session_record s{.id = r.text(0),
                   .username = r.text(1),
                   .client_id = r.text(2),
                   .scopes = split_words(r.text(3)),
                   .kid = r.text(4),
                   .created_at = r.integer(5),
                   .expires_at = r.integer(6),
                   .user_agent = r.text(8),
                   .ip = r.text(9)};
  if (!r.is_null(7)) s.revoked_at = r.integer(7);
  if (!r.is_null(10)) s.last_used_at = r.integer(10);
  if (!r.is_null(11)) s.browser_key = r.text(11);
  s.parent_session = r.text(12);
  return s;
}

inline constexpr std::string_view select_refresh_token =
    "SELECT token_hash, session_id, issued_at, spent_at FROM refresh_tokens";

template <class Row>
refresh_record read_refresh_token(const Row& r) {
  refresh_record t{.token_hash = r.text(0), .session_id = r.text(1), .issued_at = r.integer(2)};
  if (!r.is_null(3)) t.spent_at = r.integer(3);
  return t;
}

inline constexpr std::string_view select_key =
    "SELECT kid, alg, encrypted_pem, state, created_at, activate_at, retired_at "
    "FROM signing_keys";

template <class Row>
key_record read_key(const Row& r) {
  key_record k{.kid = r.text(0),
               .alg = r.text(1),
               .encrypted_pem = r.text(2),
               // A state this version does not know is refused as revoked: never signs.
               .state = parse_key_state(r.text(3)).value_or(key_state::revoked),
               .created_at = r.integer(4),
               .activate_at = r.integer(5)};
  if (!r.is_null(6)) k.retired_at = r.integer(6);
  return k;
}

inline constexpr std::string_view select_code =
    "SELECT code_hash, client_id, redirect_uri, username, browser_session, scopes, nonce, "
    "code_challenge, auth_time, expires_at, redeemed_at, token_session FROM authorization_codes";

template <class Row>
authorization_code_record read_code(const Row& r) {
  authorization_code_record c{.code_hash = r.text(0),
                              .client_id = r.text(1),
                              .redirect_uri = r.text(2),
                              .username = r.text(3),
                              .browser_session = r.text(4),
                              .scopes = split_words(r.text(5)),
                              .nonce = r.text(6),
                              .code_challenge = r.text(7),
                              .auth_time = r.integer(8),
                              .expires_at = r.integer(9),
                              .token_session = r.text(11)};
  if (!r.is_null(10)) c.redeemed_at = r.integer(10);
  return c;
}

inline constexpr std::string_view select_consent =
    "SELECT username, client_id, scopes, granted_at FROM consents";

template <class Row>
consent_record read_consent(const Row& r) {
  return {.username = r.text(0),
          .client_id = r.text(1),
          .scopes = split_words(r.text(2)),
          .granted_at = r.integer(3)};
}

}  // namespace tessera::server::rows
