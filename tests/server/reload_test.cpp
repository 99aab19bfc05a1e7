#include "reload.hpp"

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "observability/log.hpp"

namespace tessera::server {
namespace {

service_config read(std::string_view text) {
  auto config = parse_config(text, "test.toml", {});
  EXPECT_TRUE(config) << config.error().message();
  return config ? std::move(*config) : service_config{};
}

constexpr std::string_view client_entry =
    "[[clients]]\nid = \"app\"\npublic = true\ngrants = [\"password\"]\n";

TEST(Reload, NothingChangedPlansNothing) {
  const auto running = read("audience = \"a\"\n[tls]\ncert_file = \"c\"\nkey_file = \"k\"\n");
  const auto plan = plan_reload(running, running);
  EXPECT_TRUE(plan.applied.empty());
  EXPECT_TRUE(plan.kept.empty());
}

TEST(Reload, LiveKeysApplyAndTheOthersWaitForARestart) {
  const auto running = read("audience = \"a\"\nlisten = \"127.0.0.1:8000\"\n");
  const auto plan = plan_reload(
      running, read(std::string("audience = \"b\"\n[cors]\nallowed_origins = [\"https://x\"]\n") +
                    "[log]\naccess = false\n" + std::string(client_entry)));
  EXPECT_EQ(plan.applied,
            (std::vector<std::string>{"cors.allowed_origins", "log.access", "clients"}));
  // A key removed from the file changed too: back to its default, at the next start.
  EXPECT_EQ(plan.kept, (std::vector<std::string>{"audience", "listen"}));
}

TEST(Reload, TurningTlsOnOrOffWaitsForARestartButNewFilesApply) {
  const auto plain = read("");
  const auto tls = read("[tls]\ncert_file = \"c\"\nkey_file = \"k\"\n");
  EXPECT_EQ(plan_reload(plain, tls).kept,
            (std::vector<std::string>{"tls.cert_file", "tls.key_file"}));
  EXPECT_EQ(plan_reload(tls, plain).kept,
            (std::vector<std::string>{"tls.cert_file", "tls.key_file"}));
  const auto moved = plan_reload(tls, read("[tls]\ncert_file = \"c2\"\nkey_file = \"k2\"\n"));
  EXPECT_EQ(moved.applied, (std::vector<std::string>{"tls.cert_file", "tls.key_file"}));
  EXPECT_TRUE(moved.kept.empty());
}

TEST(Reload, TlsSettingsOfAPlainListenerWaitForARestart) {
  const auto plan = plan_reload(read(""), read("[tls]\nhsts_max_age = 60\n"));
  EXPECT_TRUE(plan.applied.empty());
  EXPECT_EQ(plan.kept, std::vector<std::string>{"tls.hsts_max_age"});
}

TEST(Reload, NewClientsMustFitTheAlgorithmTheServiceRunsWith) {
  constexpr std::string_view sign_in_client =
      "[[clients]]\nid = \"app\"\npublic = true\ngrants = [\"authorization_code\"]\n"
      "redirect_uris = [\"https://app.example/cb\"]\n";
  // Running with a shared secret, the file now names ES256 and an app that signs users in:
  // the algorithm waits for a restart, so the app cannot be served yet.
  const auto running = read("algorithm = \"HS256\"\nsigning_secret_file = \"secret\"\n");
  const auto plan =
      plan_reload(running, read("algorithm = \"ES256\"\n" + std::string(sign_in_client)));
  const auto fits = check_reload(running, plan);
  ASSERT_FALSE(fits);
  EXPECT_EQ(fits.error().code, errc::invalid_configuration);
  EXPECT_NE(fits.error().message().find("app"), std::string::npos);
  // The same client on a service that signs with ES256 fits.
  const auto es256 = read("");
  EXPECT_TRUE(check_reload(es256, plan_reload(es256, read(std::string(sign_in_client)))));
}

TEST(Reload, ApplyingPublishesTheClientsAndKeepsTheRestAsItWas) {
  auto running = read("audience = \"a\"\n");
  const auto before = running.clients.snapshot();
  const auto plan =
      plan_reload(running, read("audience = \"b\"\n[cors]\nallowed_origins = [\"https://x\"]\n" +
                                std::string(client_entry)));
  apply_reload(running, plan);
  // A reader's snapshot taken before the reload stays as it was.
  EXPECT_TRUE(before->empty());
  ASSERT_EQ(running.clients.snapshot()->size(), 1U);
  EXPECT_EQ(running.clients.snapshot()->front().id, "app");
  EXPECT_EQ(*running.cors_allowed_origins.snapshot(), std::vector<std::string>{"https://x"});
  EXPECT_EQ(running.audience, "a");
  // The next reload compares with what now runs: the same file again changes nothing live,
  // and the audience still waits.
  const auto again =
      plan_reload(running, read("audience = \"b\"\n[cors]\nallowed_origins = [\"https://x\"]\n" +
                                std::string(client_entry)));
  EXPECT_TRUE(again.applied.empty());
  EXPECT_EQ(again.kept, std::vector<std::string>{"audience"});
}

TEST(Reload, TheAccessLogSwitchFollows) {
  auto running = read("");
  apply_reload(running, plan_reload(running, read("[log]\naccess = false\n")));
  EXPECT_FALSE(access_log_enabled());
  apply_reload(running, plan_reload(running, read("[log]\naccess = true\n")));
  EXPECT_TRUE(access_log_enabled());
}

}  // namespace
}  // namespace tessera::server
