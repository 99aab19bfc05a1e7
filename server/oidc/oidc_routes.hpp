// "Sign in with Tessera": the OpenID Provider's routes (authorization code with PKCE, OpenID
// Connect Core 1.0, RP-Initiated Logout 1.0). docs/SERVICE.md, "Sign in with Tessera".
#pragma once

#include <boost/json/object.hpp>

#include "http/router.hpp"
#include "oidc/oidc_context.hpp"

namespace tessera::server {

/// GET /authorize and POST /authorize/consent.
void add_authorize_routes(router& r, oidc_context& ctx);

/// GET and POST /userinfo.
void add_userinfo_routes(router& r, oidc_context& ctx);

/// GET and POST /end-session, and POST /end-session/confirm.
void add_end_session_routes(router& r, oidc_context& ctx);

/// The members OpenID Connect Discovery 1.0 adds to the RFC 8414 metadata.
[[nodiscard]] boost::json::object openid_metadata(const service_config& config);

}  // namespace tessera::server
