#include "oidc/oidc_context.hpp"

#include "auth/digest.hpp"
#include "unix_time.hpp"

namespace tessera::server {

result<std::optional<signed_in_user>> find_browser_session(oidc_context& ctx,
                                                           std::string_view cookie) {
  using none = std::optional<signed_in_user>;
  if (cookie.empty()) return none{};
  auto found = ctx.users.find_session_by_browser_key(sha256_base64url(cookie));
  if (!found) return std::unexpected(found.error());
  auto& maybe_session = *found;
  if (!maybe_session) return none{};
  auto& session = *maybe_session;
  if (session.revoked_at || session.expires_at <= unix_now() ||
      session.client_id != web_client_id) {
    return none{};
  }
  auto user = ctx.users.find_user(session.username);
  if (!user) return std::unexpected(user.error());
  auto& maybe_user = *user;
  if (!maybe_user) return none{};
  auto& account = *maybe_user;
  if (account.disabled || session.created_at < account.not_before) return none{};
  return none{signed_in_user{std::move(session), std::move(account)}};
}

}  // namespace tessera::server
