// The pure parts of the OpenID Provider: redirect URIs, PKCE, the authorization request, the
// ID token's at_hash and user claims, query building.
#include <gtest/gtest.h>
#include <boost/json/serialize.hpp>

#include "auth/id_token.hpp"
#include "auth/pkce.hpp"
#include "config/redirect_uri.hpp"
#include "http/url.hpp"
#include "oidc/authorization_request.hpp"

namespace tessera::server {
namespace {

TEST(RedirectUri, RegistrableUris) {
  for (const std::string_view good :
       {"https://app.example/cb", "https://app.example:8443/cb?tenant=1", "http://127.0.0.1/cb",
        "http://[::1]:8080/cb", "http://localhost:5000/callback", "com.example.app:/oauth"}) {
    EXPECT_TRUE(check_redirect_uri(good)) << good;
  }
  for (const std::string_view bad :
       {"", "/cb", "app.example/cb", "http://app.example/cb", "https://app.example/cb#frag",
        "https://user@app.example/cb", "https://", "myapp:/cb", "https://app.example/c b",
        "https://app.example/\"cb", "javascript:alert(1)"}) {
    EXPECT_FALSE(check_redirect_uri(bad)) << bad;
  }
}

TEST(RedirectUri, ExactMatchExceptALoopbackLiteralsPort) {
  EXPECT_TRUE(redirect_uri_matches("https://app.example/cb", "https://app.example/cb"));
  for (const std::string_view other :
       {"https://app.example/cb/", "https://app.example/cb?x=1", "https://app.example/c",
        "https://app.example:444/cb", "https://APP.example/cb", "http://app.example/cb"}) {
    EXPECT_FALSE(redirect_uri_matches("https://app.example/cb", other)) << other;
  }
  EXPECT_TRUE(redirect_uri_matches("http://127.0.0.1/cb", "http://127.0.0.1:51234/cb"));
  EXPECT_TRUE(redirect_uri_matches("http://[::1]:80/cb", "http://[::1]:9/cb"));
  EXPECT_FALSE(redirect_uri_matches("http://127.0.0.1/cb", "http://127.0.0.1:51234/cb2"));
  EXPECT_FALSE(redirect_uri_matches("http://127.0.0.1/cb", "http://127.0.0.2:51234/cb"));
  EXPECT_FALSE(redirect_uri_matches("http://localhost:5000/cb", "http://localhost:5001/cb"));
}

TEST(Pkce, Rfc7636AppendixB) {
  constexpr std::string_view verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  constexpr std::string_view challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
  EXPECT_TRUE(is_s256_challenge(challenge));
  EXPECT_TRUE(verifies_s256(verifier, challenge));
  EXPECT_FALSE(verifies_s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK", challenge));
  EXPECT_FALSE(verifies_s256(challenge, challenge));  // plain: the challenge as its verifier
  EXPECT_FALSE(verifies_s256("short", challenge));
  EXPECT_FALSE(is_s256_challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c"));
  EXPECT_FALSE(is_s256_challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM"));
}

TEST(IdToken, AtHashAsOpenIdConnectCoreAppendixA) {
  EXPECT_EQ(at_hash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y", algorithm::rs256),
            "77QmUPtjPfzWtF2AnpK9RQ");
}

TEST(IdToken, UserClaimsFollowTheScopes) {
  const user_record user{.username = "alice",
                         .name = "Alice Example",
                         .email = "alice@example.com",
                         .email_verified = true};
  EXPECT_EQ(boost::json::serialize(user_claims(user, {"openid"})), R"({"sub":"alice"})");
  const auto all = user_claims(user, {"openid", "profile", "email"});
  EXPECT_EQ(all.at("name"), "Alice Example");
  EXPECT_EQ(all.at("preferred_username"), "alice");
  EXPECT_EQ(all.at("email"), "alice@example.com");
  EXPECT_EQ(all.at("email_verified"), true);
  const auto bare = user_claims({.username = "bob"}, {"openid", "profile", "email"});
  EXPECT_FALSE(bare.contains("name"));
  EXPECT_FALSE(bare.contains("email"));
}

TEST(Url, EncodesAndAppendsToAnExistingQuery) {
  EXPECT_EQ(url_encode("a b&c=d/é~"), "a%20b%26c%3Dd%2F%C3%A9~");
  EXPECT_EQ(with_query("https://app/cb", {{"code", "x y"}, {"state", ""}, {"iss", "h"}}),
            "https://app/cb?code=x%20y&iss=h");
  EXPECT_EQ(with_query("https://app/cb?t=1", {{"code", "c"}}), "https://app/cb?t=1&code=c");
}

service_config with_client() {
  service_config c;
  c.clients = std::vector<client_config>{{.id = "app",
                                          .secret_hash = {},
                                          .grants = {"authorization_code"},
                                          .scopes = {"read"},
                                          .is_public = true,
                                          .redirect_uris = {"https://app.example/cb"}},
                                         {.id = "old", .grants = {"password"}, .is_public = true}};
  return c;
}

constexpr std::string_view good =
    "response_type=code&client_id=app&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&scope=openid+"
    "email+read&state=s1&nonce=n1&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&"
    "code_challenge_method=S256";

std::string replaced(std::string_view from, std::string_view to) {
  std::string q(good);
  q.replace(q.find(from), from.size(), to);
  return q;
}

TEST(AuthorizationRequest, ReadsASoundRequest) {
  const auto config = with_client();
  const auto outcome = read_authorization_request(good, config);
  ASSERT_TRUE(std::holds_alternative<authorization_request>(outcome));
  const auto& r = std::get<authorization_request>(outcome);
  EXPECT_EQ(r.client->id, "app");
  EXPECT_EQ(r.state, "s1");
  EXPECT_EQ(r.nonce, "n1");
  EXPECT_EQ(r.scopes, (std::vector<std::string>{"openid", "email", "read"}));
  EXPECT_EQ(granted_scopes(r, {}), (std::vector<std::string>{"openid", "email"}));
  EXPECT_EQ(granted_scopes(r, {"read"}), (std::vector<std::string>{"openid", "email", "read"}));
}

TEST(AuthorizationRequest, AnUntrustedClientOrRedirectGetsAPageNeverARedirect) {
  const auto config = with_client();
  for (const auto& q :
       {replaced("client_id=app", "client_id=nobody"), replaced("client_id=app", "client_id=old"),
        replaced("redirect_uri=https%3A%2F%2Fapp.example%2Fcb",
                 "redirect_uri=https%3A%2F%2Fevil.example%2Fcb"),
        replaced("redirect_uri=https%3A%2F%2Fapp.example%2Fcb",
                 "redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1"),
        replaced("&redirect_uri=https%3A%2F%2Fapp.example%2Fcb", ""),
        std::string(good) + "&state=again"}) {
    EXPECT_TRUE(
        std::holds_alternative<authorization_page_error>(read_authorization_request(q, config)))
        << q;
  }
}

TEST(AuthorizationRequest, OtherErrorsGoBackToTheClient) {
  const auto config = with_client();
  const std::pair<std::string, std::string_view> cases[] = {
      {replaced("response_type=code", "response_type=token"), "unsupported_response_type"},
      {replaced("code_challenge_method=S256", "code_challenge_method=plain"), "invalid_request"},
      {replaced("&code_challenge_method=S256", ""), "invalid_request"},
      {replaced("code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge=x"),
       "invalid_request"},
      {replaced("scope=openid+email+read", "scope=email"), "invalid_scope"},
      {replaced("scope=openid+email+read", "scope=openid+admin"), "invalid_scope"},
      {std::string(good) + "&prompt=none+login", "invalid_request"},
      {std::string(good) + "&max_age=-1", "invalid_request"},
      {std::string(good) + "&request=eyJ", "request_not_supported"}};
  for (const auto& [q, error] : cases) {
    const auto outcome = read_authorization_request(q, config);
    ASSERT_TRUE(std::holds_alternative<authorization_client_error>(outcome)) << q;
    const auto& e = std::get<authorization_client_error>(outcome);
    EXPECT_EQ(e.error, error) << q;
    EXPECT_EQ(e.state, "s1");
    EXPECT_EQ(e.redirect_uri, "https://app.example/cb");
  }
}

TEST(ClientConfig, CodeClientsAreCheckedWhenTheConfigurationIsRead) {
  constexpr std::string_view public_app = R"([[clients]]
id = "spa"
public = true
grants = ["authorization_code"]
)";
  const auto no_redirect = parse_config(public_app, "t.toml", {});
  ASSERT_FALSE(no_redirect);
  EXPECT_NE(no_redirect.error().detail.find("needs redirect_uris"), std::string::npos);
  const auto loopback_without_consent = parse_config(
      std::string(public_app) + "redirect_uris = [\"http://127.0.0.1/cb\"]\nconsent = false\n",
      "t.toml", {});
  ASSERT_FALSE(loopback_without_consent);
  EXPECT_NE(loopback_without_consent.error().detail.find("consent = false"), std::string::npos);
  const auto https_first_party = parse_config(
      std::string(public_app) + "redirect_uris = [\"https://app.example/cb\"]\nconsent = false\n",
      "t.toml", {});
  ASSERT_TRUE(https_first_party) << https_first_party.error().message();
  EXPECT_FALSE(https_first_party->clients.snapshot()->front().consent);
  const auto plain_http = parse_config(
      std::string(public_app) + "redirect_uris = [\"http://app.example/cb\"]\n", "t.toml", {});
  ASSERT_FALSE(plain_http);
  const auto shared_secret =
      parse_config("algorithm = \"HS256\"\nsigning_secret_file = \"s\"\n" +
                       std::string(public_app) + "redirect_uris = [\"https://app.example/cb\"]\n",
                   "t.toml", {});
  ASSERT_FALSE(shared_secret);
  EXPECT_NE(shared_secret.error().detail.find("shared secret"), std::string::npos);
  const auto stray = parse_config(
      "[[clients]]\nid = \"svc\"\npublic = true\ngrants = [\"password\"]\n"
      "redirect_uris = [\"https://app.example/cb\"]\n",
      "t.toml", {});
  ASSERT_FALSE(stray);
}

TEST(AuthorizationRequest, PromptLoginIsDroppedForTheWayBack) {
  EXPECT_EQ(without_prompt_login("a=1&prompt=login+consent"), "a=1&prompt=consent");
  EXPECT_EQ(without_prompt_login("prompt=login&a=b%2Fc"), "a=b%2Fc");
}

}  // namespace
}  // namespace tessera::server
