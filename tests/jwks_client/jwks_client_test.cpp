// The remote JWK Set client (src/jwks_client/) against a local HTTP server: a python3 child
// process (jwks_test_server.py) on 127.0.0.1 with a free port, whose answers each test sets
// through a configuration file and whose request count it reads back. Every wait is bounded;
// timings use small second values in the options, with slack for a loaded machine on the side
// that cannot be early.
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <tessera/error.hpp>
#include <tessera/jwk.hpp>
#include <tessera/jwks_client.hpp>
#include <tessera/jwt.hpp>

#include "support/assertions.hpp"
#include "support/asymmetric.hpp"

extern char** environ;

namespace {

using namespace std::chrono_literals;
using tessera::algorithm;
using tessera::errc;
using tessera::jwks_client;
using tessera::jwks_client_options;
using tessera::signing_key;
using tessera::test::describe;
using tessera::test::error_of;
using tessera::test::fails_with;
using tessera::test::succeeds;
namespace json = boost::json;
using steady = std::chrono::steady_clock;

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::filesystem::path& p, const std::string& text) {
  const auto tmp = p.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << text;
  }
  std::filesystem::rename(tmp, p);
}

// Polls `done` every 20 ms until it holds or `limit` passes; true when it held.
bool wait_for(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  const auto deadline = steady::now() + limit;
  while (steady::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return done();
}

double seconds_since(steady::time_point t) {
  return std::chrono::duration<double>(steady::now() - t).count();
}

// The python server, started by this test and stopped (by its pid) when the test ends.
class jwks_server {
 public:
  explicit jwks_server(const json::object& config) {
    char pattern[] = "/tmp/tessera-jwks-test-XXXXXX";
    if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp");
    dir_ = pattern;
    set(config);
    const std::string python = TESSERA_PYTHON;
    const std::string script = TESSERA_JWKS_TEST_SERVER;
    const std::string dir = dir_.string();
    std::vector<char*> argv = {const_cast<char*>(python.c_str()), const_cast<char*>(script.c_str()),
                               const_cast<char*>(dir.c_str()), nullptr};
    if (posix_spawn(&pid_, python.c_str(), nullptr, nullptr, argv.data(), environ) != 0) {
      throw std::runtime_error("cannot start " + python);
    }
    if (!wait_for([&] { return std::filesystem::exists(dir_ / "port"); }, 10s)) {
      throw std::runtime_error("the JWKS test server did not start");
    }
    port_ = std::stoi(read_file(dir_ / "port"));
  }
  jwks_server(const jwks_server&) = delete;
  jwks_server& operator=(const jwks_server&) = delete;
  ~jwks_server() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  void set(const json::object& config) {
    write_file(dir_ / "config.json", json::serialize(config));
  }
  [[nodiscard]] std::size_t count() const {
    const auto text = read_file(dir_ / "count");
    return text.empty() ? 0 : static_cast<std::size_t>(std::stoul(text));
  }
  [[nodiscard]] json::object last_headers() const {
    return json::parse(read_file(dir_ / "last_headers.json")).as_object();
  }
  [[nodiscard]] std::string url() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/.well-known/jwks.json";
  }

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// Keys the server publishes, and tokens signed by them.
struct issuer {
  signing_key rsa =
      signing_key::from_pem(algorithm::rs256, tessera::test::fixed_rsa_2048_pem).value();
  signing_key ec = signing_key::generate(algorithm::es256).value();
  signing_key rotated = signing_key::generate(algorithm::es256).value();

  static json::object public_jwk(const signing_key& k, const std::string& kid) {
    return tessera::to_jwk(k.verifier_key(), {.kid = kid}).value();
  }
  std::string jwks(bool with_rotated = false) const {
    json::array keys{public_jwk(rsa, "rsa-1"), public_jwk(ec, "ec-1")};
    if (with_rotated) keys.push_back(public_jwk(rotated, "ec-2"));
    json::object set;
    set["keys"] = std::move(keys);
    return json::serialize(set);
  }
  static std::string token(const signing_key& k, const std::string& kid) {
    return tessera::encode(tessera::claims{}.subject("jwks"), k, {.kid = kid}).value();
  }
};

json::object config(const std::string& body, int status = 200,
                    std::optional<std::string> cache_control = std::nullopt) {
  json::object c;
  c["status"] = status;
  c["body"] = body;
  if (cache_control) c["cache_control"] = *cache_control;
  return c;
}

jwks_client_options options_for(const jwks_server& server) {
  jwks_client_options o;
  o.url = server.url();
  o.allow_insecure_http = true;
  o.timeout = 2000ms;
  return o;
}

class JwksClient : public ::testing::Test {
 protected:
  void SetUp() override {
    // A proxy from the environment must not see requests to the local server.
    setenv("NO_PROXY", "127.0.0.1,localhost", 1);
    setenv("no_proxy", "127.0.0.1,localhost", 1);
  }
  issuer keys_;
};

// --- URLs ---

TEST_F(JwksClient, PlainHttpIsRefusedWithoutTheOptIn) {
  for (const std::string url : {"http://127.0.0.1:9/jwks.json", "ftp://127.0.0.1/jwks.json",
                                "file:///etc/passwd", "", "127.0.0.1/jwks.json"}) {
    SCOPED_TRACE(url);
    EXPECT_TRUE(fails_with(jwks_client::start({.url = url}), errc::jwks_fetch_failed));
    EXPECT_TRUE(fails_with(tessera::fetch_key_set({.url = url}), errc::jwks_fetch_failed));
    if (!url.starts_with("http://")) {
      // Only http:// is lifted by the opt-in; other schemes stay refused.
      EXPECT_TRUE(fails_with(jwks_client::start({.url = url, .allow_insecure_http = true}),
                             errc::jwks_fetch_failed));
    }
  }
  // https:// is accepted (this one cannot connect: nothing is fetched, and nothing verifies).
  const auto client =
      jwks_client::start({.url = "https://127.0.0.1:9/jwks.json", .timeout = 500ms});
  ASSERT_TRUE(succeeds(client));
  EXPECT_TRUE(fails_with((*client)->current(), errc::jwks_unavailable));
  EXPECT_TRUE(wait_for([&] { return (*client)->fetch_count() >= 1; }, 5s));
  EXPECT_FALSE((*client)->wait_ready(100ms));
  EXPECT_TRUE(fails_with((*client)->resolve("rsa-1", algorithm::rs256), errc::jwks_unavailable));
  // A refused connection with the opt-in: the fetch fails.
  EXPECT_TRUE(fails_with(
      tessera::fetch_key_set({.url = "http://127.0.0.1:9/jwks.json", .allow_insecure_http = true}),
      errc::jwks_fetch_failed));
}

// --- Serving the set ---

TEST_F(JwksClient, WaitsForTheSetAndResolvesByKid) {
  jwks_server server(config(keys_.jwks()));
  auto o = options_for(server);
  o.headers = {{"X-Tessera-Test", "yes"}};
  const auto client = jwks_client::start(o);
  ASSERT_TRUE(succeeds(client));
  ASSERT_TRUE((*client)->wait_ready(5s));
  const auto set = (*client)->current();
  ASSERT_TRUE(succeeds(set));
  EXPECT_EQ((*set)->keys().size(), 2u);
  EXPECT_EQ((*client)->algorithms(), (tessera::algorithm_set{algorithm::rs256, algorithm::es256}));
  EXPECT_TRUE(succeeds((*client)->resolve("rsa-1", algorithm::rs256)));
  EXPECT_TRUE(succeeds((*client)->resolve("ec-1", algorithm::es256)));
  EXPECT_TRUE(succeeds((*client)->resolve(std::nullopt, algorithm::es256)));
  EXPECT_TRUE(fails_with((*client)->resolve("rsa-1", algorithm::es256), errc::key_not_usable));
  EXPECT_TRUE(
      fails_with((*client)->resolve(std::nullopt, algorithm::ps256), errc::no_matching_key));

  // A verifier over the client.
  const std::shared_ptr<const tessera::key_resolver> resolver = *client;
  const auto v =
      tessera::verifier::create(resolver, {.algorithms = {algorithm::rs256, algorithm::es256}});
  ASSERT_TRUE(succeeds(v));
  EXPECT_TRUE(succeeds(v->verify(issuer::token(keys_.rsa, "rsa-1"))));
  EXPECT_TRUE(succeeds(v->verify(issuer::token(keys_.ec, "ec-1"))));
  EXPECT_TRUE(fails_with(v->verify(issuer::token(keys_.rotated, "ec-1")), errc::invalid_signature));
  EXPECT_TRUE(fails_with(tessera::verifier::create(resolver, {.algorithms = {algorithm::eddsa}}),
                         errc::key_outside_allow_list));

  EXPECT_EQ((*client)->fetch_count(), 1u);
  EXPECT_EQ(server.count(), 1u);
  const auto headers = server.last_headers();
  EXPECT_EQ(headers.at("x-tessera-test").as_string(), "yes");
  EXPECT_EQ(headers.at("user-agent").as_string(), "tessera-jwks-client");
}

TEST_F(JwksClient, BeforeTheFirstSetNothingVerifies) {
  auto c = config(keys_.jwks());
  c["delay"] = 1.5;
  jwks_server server(c);
  const auto client = jwks_client::start(options_for(server));
  ASSERT_TRUE(succeeds(client));
  EXPECT_TRUE(fails_with((*client)->current(), errc::jwks_unavailable));
  EXPECT_TRUE(fails_with((*client)->resolve("rsa-1", algorithm::rs256), errc::jwks_unavailable));
  EXPECT_TRUE((*client)->algorithms().empty());
  // The allow-list cannot be checked against keys not known yet: the verifier is made, and
  // verifies nothing until the set is there.
  const std::shared_ptr<const tessera::key_resolver> resolver = *client;
  const auto v = tessera::verifier::create(resolver, {.algorithms = {algorithm::rs256}});
  ASSERT_TRUE(succeeds(v));
  const auto token = issuer::token(keys_.rsa, "rsa-1");
  EXPECT_TRUE(fails_with(v->verify(token), errc::jwks_unavailable));
  EXPECT_FALSE((*client)->wait_ready(100ms));
  ASSERT_TRUE((*client)->wait_ready(10s));
  EXPECT_TRUE(succeeds(v->verify(token)));
}

// --- Cache-Control ---

// Starts a client, waits for the first set, and returns when it arrived (or throws).
steady::time_point start_and_wait(const std::shared_ptr<jwks_client>& client) {
  if (!client->wait_ready(10s)) throw std::runtime_error("no first set");
  return steady::now();
}

TEST_F(JwksClient, MaxAgeWithinTheBoundsIsUsed) {
  jwks_server server(config(keys_.jwks(), 200, "public, max-age=1"));
  auto o = options_for(server);
  o.lifespan = 60s;
  o.min_max_age = 1s;
  o.max_max_age = 60s;
  const auto client = jwks_client::start(o).value();
  const auto ready = start_and_wait(client);
  ASSERT_TRUE(wait_for([&] { return server.count() >= 2; }, 8s)) << "no refetch after max-age";
  const double after = seconds_since(ready);
  EXPECT_GE(after, 0.7) << "refetched before max-age=1 ran out";
  EXPECT_LE(after, 6.0);
}

TEST_F(JwksClient, MaxAgeOverridesTheLifespan) {
  jwks_server server(config(keys_.jwks(), 200, "max-age=60"));
  auto o = options_for(server);
  o.lifespan = 1s;
  o.min_max_age = 1s;
  o.max_max_age = 3600s;
  const auto client = jwks_client::start(o).value();
  start_and_wait(client);
  std::this_thread::sleep_for(2s);
  EXPECT_EQ(server.count(), 1u) << "refetched although max-age=60 was within the bounds";
  EXPECT_EQ(client->fetch_count(), 1u);
}

TEST_F(JwksClient, MaxAgeBelowTheMinimumIsRaised) {
  for (const std::string header : {"max-age=0", "no-store"}) {
    SCOPED_TRACE(header);
    jwks_server server(config(keys_.jwks(), 200, header));
    auto o = options_for(server);
    o.lifespan = 60s;
    o.min_max_age = 2s;
    o.max_max_age = 60s;
    const auto client = jwks_client::start(o).value();
    const auto ready = start_and_wait(client);
    std::this_thread::sleep_for(1200ms);
    EXPECT_EQ(server.count(), 1u) << "refetched before min_max_age";
    ASSERT_TRUE(wait_for([&] { return server.count() >= 2; }, 8s));
    EXPECT_GE(seconds_since(ready), 1.7);
  }
}

TEST_F(JwksClient, MaxAgeAboveTheMaximumIsLowered) {
  jwks_server server(config(keys_.jwks(), 200, "max-age=86400"));
  auto o = options_for(server);
  o.lifespan = 60s;
  o.min_max_age = 0s;
  o.max_max_age = 1s;
  const auto client = jwks_client::start(o).value();
  const auto ready = start_and_wait(client);
  ASSERT_TRUE(wait_for([&] { return server.count() >= 2; }, 8s)) << "max_max_age not applied";
  EXPECT_GE(seconds_since(ready), 0.7);
}

TEST_F(JwksClient, WithoutCacheControlTheLifespanApplies) {
  jwks_server server(config(keys_.jwks()));
  auto o = options_for(server);
  o.lifespan = 1s;
  o.min_max_age = 5s;  // bounds a max-age, not the lifespan
  o.max_max_age = 60s;
  const auto client = jwks_client::start(o).value();
  const auto ready = start_and_wait(client);
  ASSERT_TRUE(wait_for([&] { return server.count() >= 2; }, 8s));
  const double after = seconds_since(ready);
  EXPECT_GE(after, 0.7);
  EXPECT_LE(after, 4.0);
}

// --- Unknown kids ---

TEST_F(JwksClient, UnknownKidsRefetchAtMostOncePerInterval) {
  jwks_server server(config(keys_.jwks()));
  auto o = options_for(server);
  o.lifespan = 60s;
  o.min_refresh_interval = 1s;
  const auto client = jwks_client::start(o).value();
  const auto ready = start_and_wait(client);

  // Within min_refresh_interval of the first fetch: a flood asks for nothing.
  for (int i = 0; i < 100; ++i) {
    EXPECT_TRUE(fails_with(client->resolve("unknown-" + std::to_string(i), algorithm::es256),
                           errc::no_matching_key));
  }
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(server.count(), 1u);

  // The issuer rotates a key in; past the interval, a flood of unknown kids (the new one among
  // them) triggers exactly one refetch, after which the new kid resolves.
  server.set(config(keys_.jwks(true)));
  std::this_thread::sleep_until(ready + 1200ms);
  for (int i = 0; i < 100; ++i) {
    const std::string kid = i == 50 ? "ec-2" : "unknown-" + std::to_string(i);
    EXPECT_TRUE(fails_with(client->resolve(kid, algorithm::es256), errc::no_matching_key));
  }
  ASSERT_TRUE(wait_for([&] { return server.count() >= 2; }, 5s)) << "no refetch for unknown kids";
  ASSERT_TRUE(wait_for([&] { return client->resolve("ec-2", algorithm::es256).has_value(); }, 5s));
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(server.count(), 2u);
  EXPECT_EQ(client->fetch_count(), 2u);
  // Right after that refetch, another flood asks for nothing again.
  for (int i = 0; i < 100; ++i) {
    (void)client->resolve("other-" + std::to_string(i), algorithm::es256);
  }
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(server.count(), 2u);
  const auto v = tessera::verifier::create(std::shared_ptr<const tessera::key_resolver>(client),
                                           {.algorithms = {algorithm::es256}});
  EXPECT_TRUE(succeeds(v->verify(issuer::token(keys_.rotated, "ec-2"))));
}

// --- Stale on error, then stale ---

TEST_F(JwksClient, ServesTheLastGoodSetUntilMaxStaleness) {
  jwks_server server(config(keys_.jwks()));
  auto o = options_for(server);
  o.lifespan = 1s;
  o.retry_interval = 1s;
  o.max_staleness = 2s;
  std::mutex log_mutex;
  std::vector<std::string> log;
  o.log = [&](std::string_view line) {
    const std::lock_guard lock(log_mutex);
    log.emplace_back(line);
  };
  const auto client = jwks_client::start(o).value();
  start_and_wait(client);
  const std::shared_ptr<const tessera::key_resolver> resolver = client;
  const auto v = tessera::verifier::create(resolver, {.algorithms = {algorithm::rs256}}).value();
  const auto token = issuer::token(keys_.rsa, "rsa-1");

  // Wait for the second (successful) fetch, then make the server fail: the set just fetched is
  // the last good one.
  ASSERT_TRUE(wait_for([&] { return server.count() >= 2; }, 8s));
  server.set(config("oops", 500));
  const auto last_good = steady::now();

  // A failed fetch has happened; the old set keeps working.
  ASSERT_TRUE(wait_for([&] { return server.count() >= 3; }, 8s));
  if (seconds_since(last_good) < 1.8) {
    EXPECT_TRUE(succeeds(client->current()));
    EXPECT_TRUE(succeeds(v.verify(token)));
  } else {
    ADD_FAILURE() << "the machine is too slow to observe stale-on-error within max_staleness";
  }

  // Past max_staleness: fail closed.
  ASSERT_TRUE(wait_for([&] { return !client->current().has_value(); }, 6s));
  EXPECT_GE(seconds_since(last_good), 1.8) << "stale before max_staleness";
  EXPECT_TRUE(fails_with(client->current(), errc::jwks_stale));
  EXPECT_TRUE(fails_with(client->resolve("rsa-1", algorithm::rs256), errc::jwks_stale));
  EXPECT_TRUE(fails_with(v.verify(token), errc::jwks_stale));
  EXPECT_TRUE(client->algorithms().empty());

  // The server recovers: so does the client, at the next retry.
  server.set(config(keys_.jwks()));
  ASSERT_TRUE(wait_for([&] { return client->current().has_value(); }, 6s));
  EXPECT_TRUE(succeeds(v.verify(token)));
  const std::lock_guard lock(log_mutex);
  bool logged_failure = false;
  for (const auto& line : log) {
    logged_failure =
        logged_failure || (line.find("HTTP status 500") != std::string::npos &&
                           line.find("serving the last good set") != std::string::npos);
  }
  EXPECT_TRUE(logged_failure);
}

// --- Bodies and timeouts ---

TEST_F(JwksClient, OversizeBodiesAreRefused) {
  for (const bool no_length : {false, true}) {
    SCOPED_TRACE(no_length ? "without Content-Length" : "with Content-Length");
    auto c = config(keys_.jwks());
    c["pad_to"] = 20000;  // still a valid set: JSON allows the trailing spaces
    c["no_length"] = no_length;
    jwks_server server(c);
    auto o = options_for(server);
    o.max_body_size = 30000;
    EXPECT_TRUE(succeeds(tessera::fetch_key_set(o)));
    o.max_body_size = 10000;
    EXPECT_TRUE(fails_with(tessera::fetch_key_set(o), errc::jwks_fetch_failed));

    std::mutex log_mutex;
    std::vector<std::string> log;
    o.log = [&](std::string_view line) {
      const std::lock_guard lock(log_mutex);
      log.emplace_back(line);
    };
    const auto client = jwks_client::start(o).value();
    EXPECT_FALSE(client->wait_ready(1500ms));
    EXPECT_TRUE(fails_with(client->current(), errc::jwks_unavailable));
    EXPECT_GE(client->fetch_count(), 1u);
    const std::lock_guard lock(log_mutex);
    ASSERT_FALSE(log.empty());
    EXPECT_NE(log.front().find("larger than 10000 bytes"), std::string::npos) << log.front();
  }
}

TEST_F(JwksClient, BodiesThatAreNoKeySet) {
  jwks_server server(config("{not json"));
  auto o = options_for(server);
  // fetch_key_set reports the key set's own errors; a failed request is jwks_fetch_failed.
  EXPECT_TRUE(fails_with(tessera::fetch_key_set(o), errc::invalid_json));
  server.set(config(""));
  EXPECT_TRUE(fails_with(tessera::fetch_key_set(o), errc::invalid_json));
  server.set(config("[]"));
  EXPECT_TRUE(fails_with(tessera::fetch_key_set(o), errc::invalid_key_set));
  server.set(config(R"({"keys":[]})"));
  EXPECT_TRUE(fails_with(tessera::fetch_key_set(o), errc::no_usable_keys));
  server.set(config(keys_.jwks(), 404));
  EXPECT_TRUE(fails_with(tessera::fetch_key_set(o), errc::jwks_fetch_failed));
  server.set(config(keys_.jwks(), 302));
  EXPECT_TRUE(fails_with(tessera::fetch_key_set(o), errc::jwks_fetch_failed));

  // The client keeps no set from a malformed body, and says why.
  server.set(config("{not json"));
  std::mutex log_mutex;
  std::vector<std::string> log;
  o.log = [&](std::string_view line) {
    const std::lock_guard lock(log_mutex);
    log.emplace_back(line);
  };
  const auto client = jwks_client::start(o).value();
  EXPECT_FALSE(client->wait_ready(1500ms));
  EXPECT_TRUE(fails_with(client->current(), errc::jwks_unavailable));
  const std::lock_guard lock(log_mutex);
  ASSERT_FALSE(log.empty());
  EXPECT_NE(log.front().find("invalid key set: invalid_json"), std::string::npos) << log.front();
}

TEST_F(JwksClient, SlowServersTimeOut) {
  auto c = config(keys_.jwks());
  c["delay"] = 4.0;
  jwks_server server(c);
  auto o = options_for(server);
  o.timeout = 500ms;
  const auto started = steady::now();
  EXPECT_TRUE(fails_with(tessera::fetch_key_set(o), errc::jwks_fetch_failed));
  const double took = seconds_since(started);
  EXPECT_GE(took, 0.4);
  EXPECT_LT(took, 3.0) << "the timeout was not applied";
  // The client: no set, and wait_ready gives up at its own bound.
  const auto client = jwks_client::start(o).value();
  EXPECT_FALSE(client->wait_ready(1000ms));
  EXPECT_TRUE(fails_with(client->current(), errc::jwks_unavailable));
}

TEST(JwksErrorCodes, AreKeySetErrorsButNotTokenErrors) {
  for (const auto code : {errc::jwks_unavailable, errc::jwks_stale, errc::jwks_fetch_failed}) {
    const std::error_code ec = code;
    SCOPED_TRACE(tessera::to_name(code));
    EXPECT_TRUE(ec == tessera::condition::key_set_error);
    EXPECT_FALSE(ec == tessera::condition::invalid_token);
    EXPECT_FALSE(ec == tessera::condition::invalid_key);
  }
  EXPECT_EQ(static_cast<int>(errc::jwks_unavailable), 606);
  EXPECT_EQ(static_cast<int>(errc::jwks_stale), 607);
  EXPECT_EQ(static_cast<int>(errc::jwks_fetch_failed), 608);
}

}  // namespace
