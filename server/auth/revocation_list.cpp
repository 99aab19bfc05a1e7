#include "auth/revocation_list.hpp"

namespace tessera::server {

revocation_list::revocation_list() : current_(std::make_shared<const snapshot>()) {}

template <class Change>
void revocation_list::change(Change&& f) {
  const std::lock_guard lock(writers_);
  auto next = std::make_shared<snapshot>(*current_.share());
  f(*next);
  current_.publish(std::move(next));
}

void revocation_list::replace(const revocations& from_store) {
  auto next = std::make_shared<snapshot>();
  for (const auto& [sid, at] : from_store.sessions) next->sessions.insert(sid);
  for (const auto& [jti, expires] : from_store.token_ids) next->token_ids.insert(jti);
  for (const auto& [user, t] : from_store.user_not_before) next->not_before[user] = t;
  const std::lock_guard lock(writers_);
  current_.publish(std::move(next));
}

void revocation_list::revoke_session(const std::string& sid) {
  change([&](snapshot& s) { s.sessions.insert(sid); });
}

void revocation_list::revoke_token_id(const std::string& jti) {
  change([&](snapshot& s) { s.token_ids.insert(jti); });
}

void revocation_list::set_user_not_before(const std::string& username, std::int64_t not_before) {
  change([&](snapshot& s) { s.not_before[username] = not_before; });
}

revocation_list::token_identity revocation_list::identity_of(const tessera::claims_view& claims) {
  const auto issued = claims.issued_at();
  return {.session_id = claims.text("sid").value_or(std::string_view{}),
          .token_id = claims.jwt_id().value_or(""),
          .subject = claims.subject().value_or(""),
          .issued_at = issued ? issued->time_since_epoch().count() : 0};
}

bool revocation_list::is_revoked(const token_identity& token) const {
  const snapshot& s = current_.read();
  if (s.empty()) return false;
  if (!token.session_id.empty() && s.sessions.contains(token.session_id)) return true;
  if (!token.token_id.empty() && s.token_ids.contains(token.token_id)) return true;
  if (const auto it = s.not_before.find(token.subject); it != s.not_before.end()) {
    return token.issued_at < it->second;
  }
  return false;
}

}  // namespace tessera::server
