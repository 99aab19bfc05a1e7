// What the OpenID Provider's routes share.
#pragma once

#include "auth/bearer_guard.hpp"
#include "auth/sessions.hpp"
#include "auth/token_issuer.hpp"
#include "config/config.hpp"
#include "store/store.hpp"
#include "web/web_context.hpp"

namespace tessera::server {

struct oidc_context {
  const service_config& config;
  web_context& web;
  session_service& sessions;
  store& users;
  const token_issuer& tokens;
  const bearer_guard& guard;
};

/// A live browser session and its user.
struct signed_in_user {
  session_record session;
  user_record user;
};

/// The browser session whose `__Host-tessera-session` cookie is `cookie`, if it is live: not
/// ended or expired, of a user who may still sign in.
[[nodiscard]] result<std::optional<signed_in_user>> find_browser_session(oidc_context& ctx,
                                                                         std::string_view cookie);

}  // namespace tessera::server
