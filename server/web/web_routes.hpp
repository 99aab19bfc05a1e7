// The browser face (/web): pages that keep a session in an HttpOnly cookie, and the JSON API
// those pages call. docs/SERVICE.md lists the routes.
#pragma once

#include "http/router.hpp"
#include "web/web_context.hpp"

namespace tessera::server {

/// Adds `/`, the pages (/web/login, /web/account, /web/debugger, /web/logout) and the static
/// files (/web/static/*) to `r`.
void add_web_page_routes(router& r, web_context& ctx);

/// Adds the pages' JSON API (/web/api/...) to `r`.
void add_web_api_routes(router& r, web_context& ctx);

}  // namespace tessera::server
