// What the bearer guard refuses besides invalid tokens: ended sessions (sid), revoked tokens
// (jti) and tokens issued before a user's not-before time. Kept in memory and fed from the
// store, so checking costs no database round trip.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include <tessera/claims.hpp>

#include "published.hpp"
#include "store/store.hpp"

namespace tessera::server {

class revocation_list {
 public:
  revocation_list();

  /// Replaces everything with what the store says is in force now.
  void replace(const revocations& from_store);
  /// Local changes, visible at once (the store has them too; the next resync confirms them).
  void revoke_session(const std::string& sid);
  void revoke_token_id(const std::string& jti);
  void set_user_not_before(const std::string& username, std::int64_t not_before);

  /// What identifies an access token to the revocations: its claims sid, jti, sub and iat.
  struct token_identity {
    std::string_view session_id;
    std::string_view token_id;
    std::string_view subject;
    std::int64_t issued_at = 0;
  };

  /// The identity of a verified token; what it lacks stays empty (or 0).
  [[nodiscard]] static token_identity identity_of(const tessera::claims_view& claims);

  /// True when a token with these claims must be refused.
  [[nodiscard]] bool is_revoked(const token_identity& token) const;

 private:
  // Lets the sets be searched with a string_view, without making a std::string per request.
  struct text_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  using text_set = std::unordered_set<std::string, text_hash, std::equal_to<>>;

  struct snapshot {
    text_set sessions;
    text_set token_ids;
    std::unordered_map<std::string, std::int64_t, text_hash, std::equal_to<>> not_before;
    [[nodiscard]] bool empty() const {
      return sessions.empty() && token_ids.empty() && not_before.empty();
    }
  };
  template <class Change>
  void change(Change&& f);

  std::mutex writers_;
  published<snapshot> current_;
};

}  // namespace tessera::server
