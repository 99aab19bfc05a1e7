#include "auth/sessions.hpp"

#include <algorithm>
#include <array>

#include <tessera/base64url.hpp>

#include "auth/digest.hpp"
#include "observability/log.hpp"
#include "words.hpp"

namespace tessera::server {

std::string hash_refresh_token(std::string_view token) { return sha256_base64url(token); }

result<token_pair> session_service::issue_pair(const session_record& session,
                                               const std::vector<std::string>& scopes) {
  auto access = issuer_.issue({.subject = session.username,
                               .client_id = session.client_id,
                               .session_id = session.id,
                               .scopes = scopes});
  if (!access) return fail(errc::key_unavailable, "signing failed: " + access.error().message());
  token_pair pair{.access = std::move(*access),
                  .refresh_token = random_token(32),
                  .scopes = scopes,
                  .username = session.username,
                  .session_id = session.id,
                  .session_expires_at = session.expires_at};
  if (auto added = db_.add_refresh_token({.token_hash = hash_refresh_token(pair.refresh_token),
                                          .session_id = session.id,
                                          .issued_at = unix_now(),
                                          .spent_at = std::nullopt});
      !added) {
    return std::unexpected(added.error());
  }
  return pair;
}

result<token_pair> session_service::start(const user_record& user, std::string_view client_id,
                                          std::vector<std::string> scopes, session_origin from) {
  const auto now = unix_now();
  session_record session{
      .id = random_token(16),
      .username = user.username,
      .client_id = std::string(client_id),
      .scopes = std::move(scopes),
      .kid = keys_.read().signing_kid,
      .created_at = now,
      .expires_at = now + config_.refresh_token_ttl.count(),
      .revoked_at = std::nullopt,
      .user_agent = std::string(from.user_agent.substr(0, max_session_user_agent)),
      .ip = std::string(from.ip),
      .last_used_at = std::nullopt,
      .browser_key = std::string(from.browser_key),
      .parent_session = std::string(from.parent_session)};
  if (auto added = db_.add_session(session); !added) return std::unexpected(added.error());
  return issue_pair(session, session.scopes);
}

result<token_pair> session_service::refresh(const refresh_grant& grant) {
  const auto now = unix_now();
  const auto hash = hash_refresh_token(grant.refresh_token);
  auto found_record = db_.find_refresh_token(hash);
  if (!found_record) return std::unexpected(found_record.error());
  const auto& record = *found_record;
  if (!record) return fail(errc::invalid_grant);
  auto found_session = db_.find_session(record->session_id);
  if (!found_session) return std::unexpected(found_session.error());
  const auto& session = *found_session;
  if (!session || session->revoked_at || session->expires_at <= now ||
      session->client_id != grant.client_id) {
    return fail(errc::invalid_grant);
  }
  for (const auto& scope : grant.requested) {
    if (std::ranges::find(session->scopes, scope) == session->scopes.end()) {
      return fail(errc::scope_not_granted);
    }
  }
  auto found_user = db_.find_user(session->username);
  if (!found_user) return std::unexpected(found_user.error());
  const auto& user = *found_user;
  if (!user || user->disabled || session->created_at < user->not_before) {
    return fail(errc::invalid_grant);
  }

  // The conditional update decides who spent it first, across threads and instances.
  auto spent_now = db_.spend_refresh_token(hash, now);
  if (!spent_now) return std::unexpected(spent_now.error());
  if (!*spent_now) {
    const auto again = db_.find_refresh_token(hash).value_or(std::nullopt);
    const auto spent_at = again ? again->spent_at.value_or(0) : 0;
    if (now - spent_at > config_.refresh_grace.count()) {
      // Spent before, outside the grace window: someone holds a stolen copy. End the family.
      (void)end_session(session->id);
      log_event(log_level::warning, "refresh_token_reuse",
                {{"user", session->username}, {"sid", session->id}});
      return fail(errc::refresh_token_reused);
    }
  } else if (auto touched = db_.touch_session(session->id, now); !touched) {
    return std::unexpected(touched.error());
  }
  return issue_pair(*session, grant.requested.empty() ? session->scopes : grant.requested);
}

result<void> session_service::end_session(const std::string& sid) {
  auto children = db_.child_sessions(sid);
  if (!children) return std::unexpected(children.error());
  const auto now = unix_now();
  for (const auto& id : *children) {
    if (auto r = db_.revoke_session(id, now); !r) return r;
    revoked_.revoke_session(id);
  }
  if (auto r = db_.revoke_session(sid, now); !r) return r;
  revoked_.revoke_session(sid);
  return {};
}

result<std::optional<session_record>> session_service::peek(std::string_view refresh_token,
                                                            std::string_view client_id) {
  using none = std::optional<session_record>;
  const auto now = unix_now();
  auto found_record = db_.find_refresh_token(hash_refresh_token(refresh_token));
  if (!found_record) return std::unexpected(found_record.error());
  const auto& record = *found_record;
  // A token spent a moment ago still names its session: another tab may have just rotated it.
  if (!record || (record->spent_at && now - *record->spent_at > config_.refresh_grace.count())) {
    return none{};
  }
  auto found_session = db_.find_session(record->session_id);
  if (!found_session) return std::unexpected(found_session.error());
  auto& session = *found_session;
  if (!session || session->revoked_at || session->expires_at <= now ||
      session->client_id != client_id) {
    return none{};
  }
  auto found_user = db_.find_user(session->username);
  if (!found_user) return std::unexpected(found_user.error());
  const auto& user = *found_user;
  if (!user || user->disabled || session->created_at < user->not_before) return none{};
  return std::move(session);
}

result<std::vector<session_record>> session_service::list_sessions(const std::string& username) {
  return db_.list_user_sessions(username, unix_now());
}

result<bool> session_service::end_session_of(const std::string& username, const std::string& sid) {
  auto found = db_.find_session(sid);
  if (!found) return std::unexpected(found.error());
  const auto& session = *found;
  if (!session || session->username != username || session->revoked_at ||
      session->expires_at <= unix_now()) {
    return false;
  }
  if (auto ended = end_session(sid); !ended) return std::unexpected(ended.error());
  return true;
}

result<std::size_t> session_service::end_other_sessions(const std::string& username,
                                                        const std::string& keep) {
  auto live = list_sessions(username);
  if (!live) return std::unexpected(live.error());
  std::size_t ended = 0;
  for (const auto& session : *live) {
    if (session.id == keep) continue;
    if (auto r = end_session(session.id); !r) return std::unexpected(r.error());
    ++ended;
  }
  return ended;
}

result<void> session_service::end_user_sessions(const std::string& username) {
  const auto now = unix_now();
  if (auto r = db_.end_user_sessions(username, now); !r) return r;
  revoked_.set_user_not_before(username, now);
  return {};
}

result<void> session_service::revoke(const revocation_request& request) {
  // Refresh tokens are opaque; anything with dots is tried as an access token.
  const bool looks_like_jwt = request.token.find('.') != std::string_view::npos;
  if (request.type_hint != "access_token" && !looks_like_jwt) {
    auto found = db_.find_refresh_token(hash_refresh_token(request.token));
    if (!found) return std::unexpected(found.error());
    const auto& record = *found;
    if (!record) return {};
    auto found_session = db_.find_session(record->session_id);
    if (!found_session) return std::unexpected(found_session.error());
    const auto& session = *found_session;
    if (!session || session->client_id != request.client_id) return {};  // not this client's
    return end_session(record->session_id);
  }
  auto verified = keys_.read().verifier->verify(request.token);
  if (!verified) return {};  // an invalid token needs no revocation (RFC 7009 2.2)
  const auto claims = verified->claims();
  if (claims.text("client_id") != request.client_id) return {};
  const auto jti = claims.jwt_id();
  const auto exp = claims.expires_at();
  if (!jti || !exp) return {};
  if (auto r = db_.revoke_token_id(*jti, exp->time_since_epoch().count()); !r) return r;
  revoked_.revoke_token_id(std::string(*jti));
  return {};
}

boost::json::object session_service::introspect(std::string_view token) {
  boost::json::object inactive{{"active", false}};  // not const: each return moves it
  if (token.find('.') == std::string_view::npos) {
    const auto record = db_.find_refresh_token(hash_refresh_token(token)).value_or(std::nullopt);
    if (!record || record->spent_at) return inactive;
    const auto session = db_.find_session(record->session_id).value_or(std::nullopt);
    if (!session || session->revoked_at || session->expires_at <= unix_now()) return inactive;
    // No token_type: RFC 7662 means the type of an access token (RFC 6749 section 7.1) there.
    return {{"active", true},
            {"sub", session->username},
            {"client_id", session->client_id},
            {"scope", join_words(session->scopes)},
            {"exp", session->expires_at},
            {"sid", session->id}};
  }
  auto verified = keys_.read().verifier->verify(token);
  if (!verified) return inactive;
  const auto claims = verified->claims();
  if (revoked_.is_revoked(revocation_list::identity_of(claims))) return inactive;
  boost::json::object out{{"active", true}, {"token_type", "Bearer"}};
  for (const char* name : {"sub", "scope", "client_id", "exp", "iat", "iss", "aud", "jti", "sid"}) {
    if (const auto* v = claims.get(name)) out[name] = *v;
  }
  return out;
}

}  // namespace tessera::server
