// The store's contract, run against both backends: SQLite in a temporary file and a throwaway
// PostgreSQL server started by the test (scripts/pg_test_server.sh).
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <utility>

#include "store/migrations.hpp"
#include "store/store.hpp"

namespace tessera::server {
namespace {

std::string run(const std::string& command) {
  std::string out;
  std::array<char, 512> buffer{};
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr) {
    out += buffer.data();
  }
  ::pclose(pipe);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

// One PostgreSQL server for the whole test program.
class postgres_server : public ::testing::Environment {
 public:
  void SetUp() override {
    const std::string out =
        run(std::string("bash ") + TESSERA_SCRIPTS_DIR + "/pg_test_server.sh start");
    const auto space = out.find(' ');
    ASSERT_NE(space, std::string::npos) << "could not start PostgreSQL: " << out;
    directory = out.substr(0, space);
    url = out.substr(space + 1);
  }
  void TearDown() override {
    if (!directory.empty()) {
      run(std::string("bash ") + TESSERA_SCRIPTS_DIR + "/pg_test_server.sh stop " + directory);
    }
  }
  static inline std::string directory;
  static inline std::string url;
};

class StoreContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
      for (char& c : name) {
        if (c == '/') c = '-';
      }
      path_ = std::filesystem::temp_directory_path() /
              ("tessera-store-" + std::to_string(::getpid()) + "-" + name + ".db");
      std::filesystem::remove(path_);
      url_ = "sqlite:" + path_.string();
    } else {
      ASSERT_FALSE(postgres_server::url.empty());
      url_ = postgres_server::url;
    }
    auto opened = open_store(url_);
    ASSERT_TRUE(opened) << opened.error().message();
    db_ = std::move(*opened);
    // PostgreSQL is shared by the tests: start each from empty tables.
    if (GetParam() == "postgresql") {
      const auto users = db_->list_users();
      ASSERT_TRUE(users);
      for (const auto& u : *users) (void)db_->remove_user(u.username);
      const auto keys = db_->list_keys();
      ASSERT_TRUE(keys);
      for (const auto& k : *keys) (void)db_->delete_key(k.kid);
      // Sessions, their refresh tokens and revoked token ids: all ended before the end of time.
      constexpr auto end = std::numeric_limits<std::int64_t>::max();
      ASSERT_TRUE(db_->prune(end, end, 1000000));
    }
  }
  void TearDown() override {
    db_.reset();
    if (!path_.empty()) {
      for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(path_.string() + suffix);
      }
    }
  }

  std::filesystem::path path_;
  std::string url_;
  std::unique_ptr<store> db_;
};

TEST_P(StoreContract, MigrationsAreIdempotent) {
  auto again = open_store(url_);
  ASSERT_TRUE(again) << again.error().message();
  EXPECT_TRUE((*again)->migrate());
}

TEST_P(StoreContract, Users) {
  user_record alice{
      .username = "alice", .password_hash = "$argon2id$x", .scopes = {"read", "write"}};
  ASSERT_TRUE(db_->add_user(alice));
  auto conflict = db_->add_user(alice);
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().code, errc::already_exists);

  auto found = db_->find_user("alice");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->scopes, (std::vector<std::string>{"read", "write"}));
  EXPECT_FALSE((*found)->disabled);
  EXPECT_FALSE(*db_->find_user("nobody"));

  EXPECT_TRUE(db_->set_password_hash("alice", "$argon2id$y"));
  EXPECT_EQ((*db_->find_user("alice"))->password_hash, "$argon2id$y");
  EXPECT_TRUE(db_->set_disabled("alice", true));
  EXPECT_TRUE((*db_->find_user("alice"))->disabled);
  EXPECT_EQ(db_->set_disabled("nobody", true).error().code, errc::not_found);

  EXPECT_EQ(*db_->count_users(), 1u);
  EXPECT_FALSE(*db_->has_dev_users());
  ASSERT_TRUE(db_->add_user({.username = "test", .password_hash = "h", .dev_only = true}));
  EXPECT_TRUE(*db_->has_dev_users());
  ASSERT_EQ(db_->list_users()->size(), 2u);
  EXPECT_TRUE(db_->remove_user("test"));
  EXPECT_EQ(db_->remove_user("test").error().code, errc::not_found);
}

TEST_P(StoreContract, SessionsAndRefreshTokens) {
  ASSERT_TRUE(db_->add_user({.username = "bob", .password_hash = "h"}));
  session_record s{.id = "s1",
                   .username = "bob",
                   .client_id = "c",
                   .scopes = {"read"},
                   .kid = "k1",
                   .created_at = 100,
                   .expires_at = 1000};
  ASSERT_TRUE(db_->add_session(s));
  ASSERT_TRUE(db_->add_session({.id = "s2",
                                .username = "bob",
                                .client_id = "c",
                                .kid = "k2",
                                .created_at = 100,
                                .expires_at = 1000}));
  auto found = db_->find_session("s1");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->scopes, std::vector<std::string>{"read"});
  EXPECT_FALSE((*found)->revoked_at);

  ASSERT_TRUE(db_->add_refresh_token({.token_hash = "h1", .session_id = "s1", .issued_at = 100}));
  EXPECT_TRUE(*db_->spend_refresh_token("h1", 200));
  EXPECT_FALSE(*db_->spend_refresh_token("h1", 201)) << "a token is spent once";
  EXPECT_EQ(*(*db_->find_refresh_token("h1"))->spent_at, 200);
  EXPECT_FALSE(*db_->find_refresh_token("unknown"));

  EXPECT_EQ(*db_->revoke_sessions_of_key("k2", 300), 1u);
  ASSERT_TRUE(db_->revoke_session("s1", 310));
  EXPECT_EQ(*(*db_->find_session("s1"))->revoked_at, 310);
}

TEST_P(StoreContract, SessionsKeepTheirDeviceAndLastUse) {
  ASSERT_TRUE(db_->add_user({.username = "erin", .password_hash = "h"}));
  ASSERT_TRUE(db_->add_user({.username = "frank", .password_hash = "h"}));
  const auto add = [&](const char* id, const char* user, std::int64_t created,
                       std::int64_t expires) {
    return db_->add_session({.id = id,
                             .username = user,
                             .client_id = "tessera-web",
                             .kid = "k",
                             .created_at = created,
                             .expires_at = expires,
                             .user_agent = std::string("agent of ") + id,
                             .ip = "192.0.2.1"});
  };
  ASSERT_TRUE(add("older", "erin", 100, 5000));
  ASSERT_TRUE(add("newer", "erin", 200, 5000));
  ASSERT_TRUE(add("expired", "erin", 50, 900));
  ASSERT_TRUE(add("ended", "erin", 60, 5000));
  ASSERT_TRUE(add("franks", "frank", 100, 5000));
  ASSERT_TRUE(db_->revoke_session("ended", 500));

  auto live = db_->list_user_sessions("erin", 1000);
  ASSERT_TRUE(live) << live.error().message();
  ASSERT_EQ(live->size(), 2u) << "neither ended nor expired, only erin's";
  EXPECT_EQ((*live)[0].id, "newer");
  EXPECT_EQ((*live)[1].id, "older");
  EXPECT_EQ((*live)[0].user_agent, "agent of newer");
  EXPECT_EQ((*live)[0].ip, "192.0.2.1");
  EXPECT_FALSE((*live)[0].last_used_at);

  ASSERT_TRUE(db_->touch_session("older", 1234));
  EXPECT_EQ((*db_->find_session("older"))->last_used_at, 1234);
  EXPECT_TRUE(db_->list_user_sessions("nobody", 1000)->empty());
}

TEST_P(StoreContract, UsersKeepTheirProfile) {
  ASSERT_TRUE(db_->add_user({.username = "gina",
                             .password_hash = "h",
                             .name = "Gina Example",
                             .email = "gina@example.com",
                             .email_verified = true}));
  auto found = *db_->find_user("gina");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->name, "Gina Example");
  EXPECT_EQ(found->email, "gina@example.com");
  EXPECT_TRUE(found->email_verified);
  found->name = "G. Example";
  found->email_verified = false;
  ASSERT_TRUE(db_->set_profile(*found));
  EXPECT_EQ((*db_->find_user("gina"))->name, "G. Example");
  EXPECT_FALSE((*db_->find_user("gina"))->email_verified);
  EXPECT_EQ(db_->set_profile({.username = "nobody"}).error().code, errc::not_found);
}

TEST_P(StoreContract, BrowserSessionsAreFoundByTheirCookiesHash) {
  ASSERT_TRUE(db_->add_user({.username = "hank", .password_hash = "h"}));
  ASSERT_TRUE(db_->add_session({.id = "web1",
                                .username = "hank",
                                .client_id = "tessera-web",
                                .kid = "k",
                                .created_at = 100,
                                .expires_at = 5000,
                                .browser_key = "cookie-hash"}));
  ASSERT_TRUE(db_->add_session(
      {.id = "api1", .username = "hank", .client_id = "c", .kid = "k", .expires_at = 5000}));
  auto found = db_->find_session_by_browser_key("cookie-hash");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->id, "web1");
  EXPECT_FALSE(*db_->find_session_by_browser_key("other"));
  EXPECT_EQ((*db_->find_session("api1"))->browser_key, "");
}

TEST_P(StoreContract, AuthorizationCodesAreRedeemedOnce) {
  const authorization_code_record code{
      .code_hash = "c1",
      .client_id = "app",
      .redirect_uri = "https://app.example/cb",
      .username = "ivy",
      .browser_session = "web1",
      .scopes = {"openid", "email"},
      .nonce = "n-0S6",
      .code_challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      .auth_time = 90,
      .expires_at = 160};
  ASSERT_TRUE(db_->add_authorization_code(code));
  auto first = db_->redeem_authorization_code("c1", 120);
  ASSERT_TRUE(first && *first) << (first ? "" : first.error().message());
  EXPECT_TRUE((*first)->first);
  EXPECT_EQ((*first)->code.scopes, (std::vector<std::string>{"openid", "email"}));
  EXPECT_EQ((*first)->code.nonce, "n-0S6");
  EXPECT_EQ((*first)->code.redeemed_at, 120);
  ASSERT_TRUE(db_->set_code_token_session("c1", "s-from-code"));
  auto again = db_->redeem_authorization_code("c1", 130);
  ASSERT_TRUE(again && *again);
  EXPECT_FALSE((*again)->first) << "a code works once";
  EXPECT_EQ((*again)->code.token_session, "s-from-code");
  EXPECT_EQ((*again)->code.redeemed_at, 120);
  EXPECT_FALSE(*db_->redeem_authorization_code("unknown", 130));

  // Pruned with the sessions, once expired before the cut-off.
  EXPECT_EQ(db_->prune(150, 0, 100)->codes, 0u);
  EXPECT_EQ(db_->prune(161, 0, 100)->codes, 1u);
  EXPECT_FALSE(*db_->redeem_authorization_code("c1", 170));
}

TEST_P(StoreContract, ConsentsArePerUserAndClient) {
  ASSERT_TRUE(db_->put_consent(
      {.username = "jo", .client_id = "b-app", .scopes = {"openid"}, .granted_at = 10}));
  ASSERT_TRUE(db_->put_consent(
      {.username = "jo", .client_id = "a-app", .scopes = {"openid"}, .granted_at = 11}));
  ASSERT_TRUE(db_->put_consent(
      {.username = "jo", .client_id = "b-app", .scopes = {"openid", "email"}, .granted_at = 12}));
  ASSERT_TRUE(db_->put_consent(
      {.username = "kim", .client_id = "b-app", .scopes = {"openid"}, .granted_at = 13}));
  auto found = *db_->find_consent("jo", "b-app");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->scopes, (std::vector<std::string>{"openid", "email"}));
  EXPECT_EQ(found->granted_at, 12);
  auto mine = *db_->list_consents("jo");
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].client_id, "a-app");
  EXPECT_TRUE(*db_->delete_consent("jo", "b-app"));
  EXPECT_FALSE(*db_->delete_consent("jo", "b-app"));
  EXPECT_FALSE(*db_->find_consent("jo", "b-app"));
  EXPECT_TRUE(*db_->find_consent("kim", "b-app"));
}

TEST_P(StoreContract, Revocations) {
  ASSERT_TRUE(db_->add_user({.username = "carol", .password_hash = "h"}));
  ASSERT_TRUE(db_->add_session({.id = "s9",
                                .username = "carol",
                                .client_id = "c",
                                .kid = "k",
                                .created_at = 1000,
                                .expires_at = 9000}));
  ASSERT_TRUE(db_->end_user_sessions("carol", 2000));
  ASSERT_TRUE(db_->revoke_token_id("j1", 5000));
  ASSERT_TRUE(db_->revoke_token_id("j1", 5000)) << "revoking twice is fine";
  ASSERT_TRUE(db_->revoke_token_id("old", 1500));

  auto in_force = db_->load_revocations(1100, 2100);
  ASSERT_TRUE(in_force);
  EXPECT_EQ(in_force->sessions.size(), 1u);
  EXPECT_EQ(in_force->token_ids.size(), 1u) << "a revoked token that has expired is dropped";
  ASSERT_EQ(in_force->user_not_before.size(), 1u);
  EXPECT_EQ(in_force->user_not_before.front().second, 2000);
  EXPECT_EQ(db_->load_revocations(1100, 1500)->token_ids.size(), 2u)
      << "the token-id cut-off is its own, apart from the sessions'";
  const auto later = db_->load_revocations(9000, 10000);
  EXPECT_TRUE(later->sessions.empty()) << "old revocations expire";
  EXPECT_TRUE(later->user_not_before.empty());
}

TEST_P(StoreContract, PruneDeletesOnlyWhatEndedBeforeTheCutoffs) {
  ASSERT_TRUE(db_->add_user({.username = "dave", .password_hash = "h"}));
  for (const auto& [id, expires] : {std::pair{"ended-1", 1000}, std::pair{"ended-2", 1999},
                                    std::pair{"ended-3", 1500}, std::pair{"live", 2000}}) {
    ASSERT_TRUE(db_->add_session({.id = id,
                                  .username = "dave",
                                  .client_id = "c",
                                  .kid = "k",
                                  .created_at = 100,
                                  .expires_at = expires}));
    ASSERT_TRUE(db_->add_refresh_token(
        {.token_hash = std::string("rt-") + id, .session_id = id, .issued_at = 100}));
  }
  ASSERT_TRUE(db_->revoke_session("live", 150));
  ASSERT_TRUE(db_->revoke_token_id("old-jti", 2999));
  ASSERT_TRUE(db_->revoke_token_id("live-jti", 3000));

  auto first = db_->prune(2000, 3000, 2);
  ASSERT_TRUE(first) << first.error().message();
  EXPECT_EQ(first->sessions, 2u) << "at most `limit` sessions per call";
  EXPECT_EQ(first->token_ids, 1u);
  auto second = db_->prune(2000, 3000, 2);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->sessions, 1u);
  EXPECT_EQ(second->token_ids, 0u);
  EXPECT_EQ(db_->prune(2000, 3000, 2)->sessions, 0u) << "nothing left to prune";
  ASSERT_TRUE(db_->revoke_token_id("late-jti", 2500));
  const auto tokens_only = db_->prune(2000, 3000, 2);
  ASSERT_TRUE(tokens_only);
  EXPECT_EQ(tokens_only->token_ids, 1u) << "a revoked id is pruned with no session due";
  EXPECT_EQ(tokens_only->sessions, 0u);

  for (const char* id : {"ended-1", "ended-2", "ended-3"}) {
    EXPECT_FALSE(*db_->find_session(id)) << id;
    EXPECT_FALSE(*db_->find_refresh_token(std::string("rt-") + id))
        << "a session's refresh tokens go with it: " << id;
  }
  const auto live = db_->find_session("live");
  ASSERT_TRUE(live && *live) << "a session ending at the cut-off stays";
  EXPECT_EQ((*live)->revoked_at, 150) << "and so does its revocation";
  EXPECT_TRUE(*db_->find_refresh_token("rt-live"));
  const auto left = db_->load_revocations(0, 0);
  ASSERT_EQ(left->token_ids.size(), 1u);
  EXPECT_EQ(left->token_ids.front().first, "live-jti");
}

TEST_P(StoreContract, Keys) {
  key_record k{.kid = "k1",
               .alg = "ES256",
               .encrypted_pem = "pem",
               .state = key_state::active,
               .created_at = 1,
               .activate_at = 1};
  ASSERT_TRUE(db_->add_key(k));
  EXPECT_EQ(db_->add_key(k).error().code, errc::already_exists);
  ASSERT_TRUE(db_->set_key_state("k1", key_state::retired, 50));
  auto keys = db_->list_keys();
  ASSERT_TRUE(keys);
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_EQ(keys->front().state, key_state::retired);
  EXPECT_EQ(*keys->front().retired_at, 50);
  EXPECT_EQ(db_->set_key_state("nope", key_state::active, std::nullopt).error().code,
            errc::not_found);
  ASSERT_TRUE(db_->delete_key("k1"));
  EXPECT_TRUE(db_->list_keys()->empty());
}

TEST_P(StoreContract, Ping) { EXPECT_TRUE(db_->ping()); }

TEST(Migrations, EveryDialectHasEveryVersionInOrder) {
  const auto sqlite = migrations_for(sql_dialect::sqlite);
  const auto postgres = migrations_for(sql_dialect::postgres);
  ASSERT_GE(sqlite.size(), 3U);
  ASSERT_EQ(sqlite.size(), postgres.size());
  for (std::size_t i = 0; i < sqlite.size(); ++i) {
    SCOPED_TRACE(sqlite[i].name);
    EXPECT_EQ(sqlite[i].version, static_cast<int>(i + 1));
    EXPECT_EQ(postgres[i].version, static_cast<int>(i + 1));
    EXPECT_EQ(sqlite[i].name, postgres[i].name);
    EXPECT_NE(sqlite[i].sql.find(';'), std::string_view::npos);
  }
  // 001 and 002 differ by dialect (column types); 003 is one file for both.
  EXPECT_NE(sqlite[0].sql, postgres[0].sql);
  EXPECT_EQ(sqlite[2].sql, postgres[2].sql);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& param_info) { return param_info.param; });

const auto* const environment = ::testing::AddGlobalTestEnvironment(new postgres_server);

}  // namespace
}  // namespace tessera::server
