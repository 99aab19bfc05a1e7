// What the browser face's routes share: the service's parts they use, and its origin.
#pragma once

#include <string>
#include <string_view>

#include "auth/login.hpp"
#include "auth/sessions.hpp"
#include "config/config.hpp"
#include "http/cookies.hpp"
#include "password/argon2id.hpp"
#include "store/store.hpp"

namespace tessera::server {

/// The client_id of the browser face's sessions and access tokens.
inline constexpr std::string_view web_client_id = "tessera-web";

/// The refresh token of a browser session, only ever in this cookie: HttpOnly (no script reads
/// it), Secure, SameSite=Strict (no other site's request carries it), `__Host-` (no subdomain
/// can set or shadow it).
inline constexpr cookie_spec refresh_cookie{.name = "__Host-tessera-refresh",
                                            .same_site = same_site::strict};

/// The browser session as /authorize sees it: an app's redirect to /authorize comes from
/// another site, which a Strict cookie is not sent with. Lax (sent on top-level navigations),
/// HttpOnly, and holding only a random key whose hash names the session.
inline constexpr cookie_spec browser_session_cookie{.name = "__Host-tessera-session",
                                                    .same_site = same_site::lax};

struct web_context {
  const service_config& config;
  login_context& login;
  session_service& sessions;
  store& users;
  const password_hasher& hasher;
  std::string origin;  ///< public_url's origin, as browsers send it in Origin
  std::string issuer;  ///< the access tokens' iss
};

/// The origins (or app schemes) of every registered redirect and post-logout redirect URI.
[[nodiscard]] std::vector<std::string> app_form_targets(const service_config& config);

/// The Content-Security-Policy of the pages whose forms may end at an app (sign-in, consent,
/// sign-out confirmation): `form-action` lists the apps' redirect origins too. Made for each
/// page from the current clients, which a reload may change.
[[nodiscard]] std::string flow_policy(const service_config& config);

}  // namespace tessera::server
