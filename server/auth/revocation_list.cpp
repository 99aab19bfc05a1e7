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

bool revocation_list::is_revoked(std::string_view sid, std::string_view jti,
                                 std::string_view subject, std::int64_t issued_at) const {
  const snapshot& s = current_.read();
  if (s.empty()) return false;
  if (!sid.empty() && s.sessions.contains(sid)) return true;
  if (!jti.empty() && s.token_ids.contains(jti)) return true;
  if (const auto it = s.not_before.find(subject); it != s.not_before.end()) {
    return issued_at < it->second;
  }
  return false;
}

}  // namespace tessera::server
