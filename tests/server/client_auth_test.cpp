#include "auth/client_auth.hpp"

#include <map>
#include <string>
#include <variant>

#include <gtest/gtest.h>

#include <openssl/evp.h>

#include "config/config.hpp"

namespace tessera::server {
namespace {

std::string basic(std::string_view id_and_secret) {
  std::string out(4 * ((id_and_secret.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(id_and_secret.data()),
                                static_cast<int>(id_and_secret.size()));
  out.resize(static_cast<std::size_t>(n));
  return "Basic " + out;
}

TEST(ClientAuth, BasicKeepsTheRawSecretWhenFormDecodingChangesIt) {
  // A secret as `base64` makes them, sent unencoded (curl -u): '+' would decode to a space.
  const auto raw = parse_basic(basic("api:a+b/c=="));
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->id, "api");
  EXPECT_EQ(raw->secret, "a b/c==");
  ASSERT_TRUE(raw->raw_secret);
  EXPECT_EQ(*raw->raw_secret, "a+b/c==");
  // Form-encoded as RFC 6749 2.3.1 says: the decoded secret first, the id decoded one way.
  const auto encoded = parse_basic(basic("my%20api:a%2Bb%2Fc%3D%3D"));
  ASSERT_TRUE(encoded);
  EXPECT_EQ(encoded->id, "my api");
  EXPECT_EQ(encoded->secret, "a+b/c==");
  // A secret that reads the same both ways has one candidate only.
  const auto plain = parse_basic(basic("api:Zx9_-"));
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->raw_secret);
  // A secret that is not valid form encoding is taken as sent.
  const auto percent = parse_basic(basic("api:100%"));
  ASSERT_TRUE(percent);
  EXPECT_EQ(percent->secret, "100%");
}

TEST(ClientAuth, RefusesMalformedBasicValues) {
  EXPECT_FALSE(parse_basic("Bearer abc"));
  EXPECT_FALSE(parse_basic("Basic"));
  EXPECT_FALSE(parse_basic("Basic !!!!"));
  EXPECT_FALSE(parse_basic(basic("no-colon")));
  EXPECT_FALSE(parse_basic(basic(":secret")));
  EXPECT_TRUE(parse_basic("basic " + basic("a:b").substr(6)));  // the scheme in any case
}

TEST(ClientAuth, ReadsOneMethodPerRequest) {
  request req;
  const auto header = basic("api:s3cret");
  req.authorization.push_back(header);
  std::map<std::string, std::string> form{{"client_id", "api"}, {"token", "t"}};
  auto read = read_client(req, form);
  ASSERT_TRUE(std::holds_alternative<presented_client>(read));
  EXPECT_EQ(std::get<presented_client>(read).how, presented_client::method::basic);
  EXPECT_FALSE(form.contains("client_id"));  // taken out of the form
  EXPECT_TRUE(form.contains("token"));

  std::map<std::string, std::string> both{{"client_id", "api"}, {"client_secret", "s3cret"}};
  read = read_client(req, both);
  ASSERT_TRUE(std::holds_alternative<response>(read));
  EXPECT_EQ(std::get<response>(read).status, 400);

  std::map<std::string, std::string> other_id{{"client_id", "other"}};
  read = read_client(req, other_id);
  ASSERT_TRUE(std::holds_alternative<response>(read));
  EXPECT_EQ(std::get<response>(read).status, 400);

  request plain;
  std::map<std::string, std::string> post{{"client_id", "api"}, {"client_secret", "s3cret"}};
  read = read_client(plain, post);
  ASSERT_TRUE(std::holds_alternative<presented_client>(read));
  EXPECT_EQ(std::get<presented_client>(read).how, presented_client::method::post);
  std::map<std::string, std::string> id_only{{"client_id", "spa"}};
  read = read_client(plain, id_only);
  EXPECT_EQ(std::get<presented_client>(read).how, presented_client::method::id);
  std::map<std::string, std::string> secret_only{{"client_secret", "x"}};
  read = read_client(plain, secret_only);
  ASSERT_TRUE(std::holds_alternative<response>(read));
  EXPECT_EQ(std::get<response>(read).status, 400);

  request wrong_scheme;
  wrong_scheme.authorization.emplace_back("Bearer abc");
  std::map<std::string, std::string> empty;
  read = read_client(wrong_scheme, empty);
  ASSERT_TRUE(std::holds_alternative<response>(read));
  EXPECT_EQ(std::get<response>(read).status, 401);
}

class Authenticator : public ::testing::Test {
 protected:
  Authenticator() {
    config.clients = std::vector<client_config>{
        {.id = "svc",
         .secret_hash = sha256_secret_hash("the-secret"),
         .grants = {"client_credentials"},
         .scopes = {},
         .is_public = false},
        {.id = "spa", .secret_hash = {}, .grants = {"password"}, .scopes = {}, .is_public = true}};
  }

  std::optional<client_config> authenticate(presented_client::method how, std::string id,
                                            std::string secret = {}) {
    presented_client p{
        .how = how, .id = std::move(id), .secret = std::move(secret), .raw_secret = {}};
    return clients.authenticate(p, "192.0.2.1");
  }

  service_config config;
  password_hasher hasher = *password_hasher::create({.memory_kib = 8, .iterations = 1});
  client_authenticator clients{config, hasher};
};

TEST_F(Authenticator, ConfidentialClientsBySecretPublicOnesByIdAlone) {
  using m = presented_client::method;
  EXPECT_TRUE(authenticate(m::basic, "svc", "the-secret"));
  EXPECT_TRUE(authenticate(m::post, "svc", "the-secret"));
  EXPECT_FALSE(authenticate(m::basic, "svc", "the-secreT"));
  EXPECT_FALSE(authenticate(m::id, "svc"));
  EXPECT_FALSE(authenticate(m::basic, "nobody", "the-secret"));
  EXPECT_TRUE(authenticate(m::id, "spa"));
  EXPECT_FALSE(authenticate(m::basic, "spa", "anything"));
  EXPECT_TRUE(authenticate(m::basic, "spa", ""));  // Basic "spa:", as requests-oauthlib sends
  // The first-party client is public, with the password and refresh grants.
  const auto first_party = authenticate(m::id, config.default_client_id);
  ASSERT_TRUE(first_party);
  EXPECT_TRUE(allows_grant(*first_party, "refresh_token"));
  EXPECT_FALSE(allows_grant(*first_party, "client_credentials"));
}

TEST_F(Authenticator, TriesTheRawSecretAfterTheDecodedOne) {
  auto changed = *config.clients.snapshot();
  changed.front().secret_hash = sha256_secret_hash("a+b");
  config.clients.replace(std::move(changed));
  presented_client p{.how = presented_client::method::basic,
                     .id = "svc",
                     .secret = "a b",
                     .raw_secret = std::string("a+b")};
  EXPECT_TRUE(clients.authenticate(p, "192.0.2.1"));
}

TEST_F(Authenticator, ThrottlesAnAddressAfterRepeatedFailures) {
  for (int i = 0; i < 10; ++i) {
    (void)authenticate(presented_client::method::basic, "svc", "wrong");
  }
  EXPECT_GT(clients.retry_after("192.0.2.1").count(), 0);
  EXPECT_EQ(clients.retry_after("192.0.2.2").count(), 0);
}

TEST(ClientAuth, Sha256SecretHashIsBase64urlOfTheDigest) {
  // SHA-256("abc"), base64url.
  EXPECT_EQ(sha256_secret_hash("abc"), "$sha256$ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
}

}  // namespace
}  // namespace tessera::server
