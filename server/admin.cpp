#include "admin.hpp"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <utility>

#include "auth/client_auth.hpp"
#include "auth/token_issuer.hpp"
#include "observability/log.hpp"
#include "password/policy.hpp"
#include "password/wipe.hpp"
#include "state.hpp"
#include "unix_time.hpp"

namespace tessera::server {
namespace {

// Opens the state `config` names and runs `f` on its store.
template <class F>
auto with_store(const service_config& config, F&& f) -> decltype(f(std::declval<store&>())) {
  auto opened = open_state(config);
  if (!opened) return std::unexpected(opened.error());
  return std::forward<F>(f)(**opened);
}

// The Argon2id hash of a new password, which is wiped whatever the outcome.
result<std::string> hash_new_password(const service_config& config, const std::string& username,
                                      std::string& password) {
  const wipe_on_exit wiped(password);
  if (auto acceptable = check_new_password(username, password); !acceptable) {
    return std::unexpected(acceptable.error());
  }
  auto hasher = make_hasher(config);
  if (!hasher) return std::unexpected(hasher.error());
  return hasher->hash(password);
}

result<void> check_profile(const user_profile& profile) {
  if (profile.name.size() > 256)
    return fail(errc::invalid_argument, "a name has at most 256 bytes");
  if (!profile.email.empty()) {
    const auto at = profile.email.find('@');
    if (profile.email.size() > 254 || at == 0 || at == std::string::npos ||
        at + 1 == profile.email.size() ||
        profile.email.find_first_of(" \t\r\n") != std::string::npos) {
      return fail(errc::invalid_argument, "an email address is local@domain, at most 254 bytes");
    }
  }
  if (profile.email_verified && profile.email.empty()) {
    return fail(errc::invalid_argument, "--email-verified needs --email");
  }
  return {};
}

// Runs `change` on the user's row, then ends the user's sessions when asked to.
enum class end_sessions : std::uint8_t { no, yes };

template <class Change>
result<void> change_user(const service_config& config, const std::string& username,
                         end_sessions ending, Change&& change) {
  return with_store(config, [&](store& s) -> result<void> {
    if (auto changed = change(s); !changed) return changed;
    if (ending == end_sessions::yes) return s.end_user_sessions(username, unix_now());
    return {};
  });
}

// RFC 6749 appendix A.1 allows any visible ASCII in a client_id; the quote, backslash and colon
// are kept out so that the id goes into TOML and HTTP Basic as it is.
bool is_plain_client_id(const std::string& id) {
  return !id.empty() && id.size() <= 128 && std::ranges::all_of(id, [](char c) {
    return c > ' ' && c < 0x7f && c != '"' && c != '\\' && c != ':';
  });
}

}  // namespace

result<void> add_user(const service_config& config, credentials user,
                      const std::vector<std::string>& scopes, const user_profile& profile) {
  const wipe_on_exit wiped(user.password);
  if (auto ok = check_profile(profile); !ok) return ok;
  const auto& name = user.username;
  if (name.empty() || name.size() > 128) {
    return fail(errc::invalid_argument, "a username has 1 to 128 bytes");
  }
  // A client-credentials token's sub is its client id: no user may have one (RFC 9068 5).
  const auto clients = config.clients.snapshot();
  if (std::ranges::find(*clients, name, &client_config::id) != clients->end()) {
    return fail(errc::invalid_argument, "a client is configured with this id: " + name);
  }
  auto hash = hash_new_password(config, user.username, user.password);
  if (!hash) return std::unexpected(hash.error());
  return with_store(config, [&](store& s) -> result<void> {
    auto added = s.add_user({.username = name,
                             .password_hash = std::move(*hash),
                             .scopes = scopes,
                             .disabled = false,
                             .dev_only = false,
                             .created_at = 0,
                             .not_before = 0,
                             .name = profile.name,
                             .email = profile.email,
                             .email_verified = profile.email_verified});
    if (added) log_event(log_level::info, "user_added", {{"user", name}});
    return added;
  });
}

result<void> set_profile(const service_config& config, const std::string& username,
                         const user_profile& profile) {
  if (auto ok = check_profile(profile); !ok) return ok;
  return with_store(config, [&](store& s) -> result<void> {
    auto changed = s.set_profile({.username = username,
                                  .name = profile.name,
                                  .email = profile.email,
                                  .email_verified = profile.email_verified});
    if (changed) log_event(log_level::info, "user_profile_changed", {{"user", username}});
    return changed;
  });
}

result<void> remove_user(const service_config& config, const std::string& username) {
  return with_store(config, [&](store& s) -> result<void> {
    // Sessions first: a user that is gone has no refresh left, whatever happens next.
    if (auto ended = s.end_user_sessions(username, unix_now()); !ended) return ended;
    auto removed = s.remove_user(username);
    if (removed) log_event(log_level::info, "user_removed", {{"user", username}});
    return removed;
  });
}

result<void> set_password(const service_config& config, credentials user) {
  auto hash = hash_new_password(config, user.username, user.password);
  if (!hash) return std::unexpected(hash.error());
  auto changed = change_user(config, user.username, end_sessions::yes,
                             [&](store& s) { return s.set_password_hash(user.username, *hash); });
  if (changed) log_event(log_level::info, "user_password_changed", {{"user", user.username}});
  return changed;
}

result<void> disable_user(const service_config& config, const std::string& username) {
  auto changed = change_user(config, username, end_sessions::yes,
                             [&](store& s) { return s.set_disabled(username, true); });
  if (changed) log_event(log_level::info, "user_disabled", {{"user", username}});
  return changed;
}

result<void> enable_user(const service_config& config, const std::string& username) {
  auto changed = change_user(config, username, end_sessions::no,
                             [&](store& s) { return s.set_disabled(username, false); });
  if (changed) log_event(log_level::info, "user_enabled", {{"user", username}});
  return changed;
}

result<std::vector<user_record>> list_users(const service_config& config) {
  return with_store(config, [](store& s) { return s.list_users(); });
}

result<key_record> rotate_key(const service_config& config, key_rotation when) {
  return with_store(config, [&](store& s) { return rotate_key(config, s, when); });
}

result<std::size_t> prune_keys(const service_config& config) {
  return with_store(config, [&](store& s) { return prune_keys(config, s); });
}

result<std::size_t> revoke_key(const service_config& config, const std::string& kid) {
  return with_store(config, [&](store& s) { return revoke_key(s, kid); });
}

result<std::vector<key_record>> list_keys(const service_config& config) {
  return with_store(config, [](store& s) { return s.list_keys(); });
}

result<void> migrate(const service_config& config) {
  // Opening the store applies the migrations.
  return with_store(config, [](store&) -> result<void> { return {}; });
}

result<std::string> hash_client_secret(const service_config& config, std::string secret) {
  const wipe_on_exit wiped(secret);
  auto hasher = make_hasher(config);
  if (!hasher) return std::unexpected(hasher.error());
  return hasher->hash(secret);
}

result<new_client> make_client(client_config wanted) {
  if (!is_plain_client_id(wanted.id)) {
    return fail(errc::invalid_argument,
                "a client id has 1 to 128 visible ASCII characters, without '\"', '\\' or ':'");
  }
  for (const auto& scope : wanted.scopes) {
    if (scope.empty() || scope.find_first_of(" \"\\") != std::string::npos) {
      return fail(errc::invalid_argument, "a scope is one word without quotes: " + scope);
    }
  }
  new_client made{.entry = std::move(wanted), .secret = {}};
  made.entry.secret_hash.clear();
  if (!made.entry.is_public) {
    made.secret = random_token(32);
    made.entry.secret_hash = sha256_secret_hash(made.secret);
  }
  if (auto checked = check_client(made.entry); !checked) return std::unexpected(checked.error());
  return made;
}

}  // namespace tessera::server
