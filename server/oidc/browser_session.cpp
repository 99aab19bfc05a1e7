#include "oidc/oidc_context.hpp"
#include "unix_time.hpp"

namespace tessera::server {

result<std::optional<signed_in_user>> find_browser_session(oidc_context& ctx,
                                                           std::string_view cookie) {
  using none = std::optional<signed_in_user>;
  if (cookie.empty()) return none{};
  auto found = ctx.users.find_session_by_browser_key(hash_refresh_token(cookie));
  if (!found) return std::unexpected(found.error());
  if (!*found) return none{};
  auto& session = **found;
  if (session.revoked_at || session.expires_at <= unix_now() || session.client_id != web_client_id) {
    return none{};
  }
  auto user = ctx.users.find_user(session.username);
  if (!user) return std::unexpected(user.error());
  if (!*user) return none{};
  auto& account = **user;
  if (account.disabled || session.created_at < account.not_before) return none{};
  return none{signed_in_user{std::move(session), std::move(account)}};
}

}  // namespace tessera::server
