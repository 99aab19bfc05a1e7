#include "keys/key_ring.hpp"

#include "unix_time.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <array>
#include <cerrno>
#include <fstream>
#include <iterator>

#include <openssl/rand.h>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <tessera/base64url.hpp>
#include <tessera/error.hpp>
#include <tessera/jwk.hpp>
#include <tessera/key_set.hpp>

namespace tessera::server {
namespace {

std::string describe(const std::error_code& ec) {
  return std::string(tessera::to_name(ec)) + ": " + ec.message();
}

result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(errc::file_error, "cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Publishes a new 0600 file atomically: written aside, then linked into place, so a concurrent
// reader (another instance starting) never sees it half-written, and an existing file is kept.
bool write_new_private_file(const std::string& path, const std::string& contents) {
  const std::string aside = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(aside.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  const bool written =
      ::write(fd, contents.data(), contents.size()) == static_cast<ssize_t>(contents.size()) &&
      ::fsync(fd) == 0;
  const bool closed = ::close(fd) == 0;
  const bool linked =
      written && closed && (::link(aside.c_str(), path.c_str()) == 0 || errno == EEXIST);
  ::unlink(aside.c_str());
  return linked;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// Which active key signs: the most recently activated (ties: the smaller kid), so that every
// instance picks the same one even if two first starts each made one.
const key_record* signing_record(const std::vector<key_record>& records, algorithm alg) {
  const key_record* best = nullptr;
  for (const auto& r : records) {
    if (r.state != key_state::active || r.alg != to_string(alg)) continue;
    if (best == nullptr || r.activate_at > best->activate_at ||
        (r.activate_at == best->activate_at && r.kid < best->kid)) {
      best = &r;
    }
  }
  return best;
}

std::string fingerprint_of(const std::vector<key_record>& records) {
  std::string out;
  for (const auto& r : records) out += r.kid + ":" + std::string(to_string(r.state)) + ";";
  return out;
}

}  // namespace

result<std::string> load_key_encryption_key(const service_config& config) {
  if (!config.key_encryption_key.empty()) return config.key_encryption_key;
  const std::string path = config.key_encryption_key_file.empty()
                               ? config.data_dir + "/key-encryption.key"
                               : config.key_encryption_key_file;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    std::array<std::byte, 32> random{};
    RAND_bytes(reinterpret_cast<unsigned char*>(random.data()), static_cast<int>(random.size()));
    if (!write_new_private_file(path, tessera::base64url_encode(random) + "\n")) {
      return fail(errc::file_error, "cannot create " + path);
    }
  }
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  auto key = trim(std::move(*text));
  if (key.size() < 16) {
    return fail(errc::key_unavailable, path + ": the key-encryption key is too short");
  }
  return key;
}

tessera::verify_options key_ring::access_token_rules(const service_config& config) {
  return {.algorithms = {config.alg},
          .issuer = {config.effective_public_url()},
          .audience = {config.audience},
          .leeway = access_token_leeway,
          .required = {tessera::claim::exp, tessera::claim::iat, tessera::claim::sub,
                       tessera::claim::jti},
          .type = std::string("at+jwt")};
}

bool offers_openid(const service_config& config) noexcept { return !is_hmac(config.alg); }

std::vector<algorithm> key_families(const service_config& config) {
  std::vector<algorithm> out{config.alg};
  if (offers_openid(config) && config.alg != algorithm::rs256) out.push_back(algorithm::rs256);
  return out;
}

tessera::verify_options key_ring::id_token_hint_rules(const service_config& config) {
  tessera::verify_options rules{.algorithms = {},
                                .issuer = {config.effective_public_url()},
                                .audience = {},
                                // An expired ID token still names its session (OpenID Connect
                                // RP-Initiated Logout 1.0 section 2); none outlives it.
                                .leeway = config.refresh_token_ttl,
                                .required = {tessera::claim::sub, tessera::claim::iat},
                                .type = std::string("JWT")};
  for (const auto alg : key_families(config)) rules.algorithms.insert(alg);
  const auto clients = config.clients.snapshot();
  for (const auto& client : *clients) {
    if (std::ranges::find(client.grants, "authorization_code") != client.grants.end()) {
      rules.audience.push_back(client.id);
    }
  }
  return rules;
}

result<key_record> new_key_record(const std::string& kek, algorithm alg, key_state state,
                                  std::int64_t activate_at) {
  auto key = tessera::signing_key::generate(alg);
  if (!key)
    return fail(errc::crypto_unavailable, "key generation failed: " + describe(key.error()));
  auto pem = key->to_encrypted_pem(kek);
  auto kid = tessera::jwk_thumbprint(key->verifier_key());
  if (!pem || !kid) return fail(errc::crypto_unavailable, "cannot encode the new key");
  const auto now = unix_now();
  return key_record{.kid = *kid,
                    .alg = std::string(to_string(alg)),
                    .encrypted_pem = std::move(*pem),
                    .state = state,
                    .created_at = now,
                    .activate_at = activate_at,
                    .retired_at = std::nullopt};
}

result<std::shared_ptr<const key_ring_snapshot>> key_ring::build(
    const std::vector<key_record>& records) const {
  if (is_hmac(config_.alg)) {
    auto secret = read_file(config_.signing_secret_file);
    if (!secret) return std::unexpected(secret.error());
    auto key = tessera::signing_key::hmac(config_.alg, *secret);
    if (!key) {
      return fail(errc::key_unavailable, "signing_secret_file " + config_.signing_secret_file +
                                             ": " + describe(key.error()) +
                                             " (make one with: tessera keygen --alg " +
                                             std::string(to_string(config_.alg)) + " --out FILE)");
    }
    auto verifier = tessera::verifier::create(key->verifier_key(), access_token_rules(config_));
    if (!verifier) return fail(errc::key_unavailable, describe(verifier.error()));
    auto kid = tessera::jwk_thumbprint(key->verifier_key());
    return std::make_shared<const key_ring_snapshot>(key_ring_snapshot{
        .signing = std::move(*key),
        .signing_kid = kid.value_or(""),
        .verifier = std::make_shared<const tessera::verifier>(std::move(*verifier)),
        .jwks_json = R"({"keys":[]})",
        .fingerprint = "hs"});
  }

  const key_record* signer = signing_record(records, config_.alg);
  if (signer == nullptr) return fail(errc::key_unavailable, "no active signing key in the store");
  const key_record* id_signer = signing_record(records, algorithm::rs256);
  const auto families = key_families(config_);
  std::optional<tessera::signing_key> signing;
  std::optional<tessera::signing_key> id_signing;
  std::vector<tessera::jwk> access_keys;
  std::vector<tessera::jwk> id_keys;
  boost::json::array jwks;
  for (const auto& r : records) {
    if (r.state == key_state::revoked) continue;
    auto alg = tessera::parse_algorithm(r.alg);
    // Keys of an algorithm the configuration no longer uses are neither published nor trusted.
    if (!alg || std::ranges::find(families, *alg) == families.end()) continue;
    auto key = tessera::signing_key::from_pem(*alg, r.encrypted_pem, {.passphrase = kek_});
    if (!key) return fail(errc::key_unavailable, "key " + r.kid + ": " + describe(key.error()));
    auto jwk_json = tessera::to_jwk(key->verifier_key(), {.kid = r.kid});
    if (!jwk_json)
      return fail(errc::key_unavailable, "key " + r.kid + ": " + describe(jwk_json.error()));
    auto jwk = tessera::jwk::from_json(*jwk_json);
    if (!jwk) return fail(errc::key_unavailable, "key " + r.kid + ": " + describe(jwk.error()));
    if (*alg == config_.alg) access_keys.push_back(*jwk);
    id_keys.push_back(std::move(*jwk));
    jwks.emplace_back(std::move(*jwk_json));
    if (&r == signer) {
      if (signer == id_signer) id_signing = *key;
      signing = std::move(*key);
    } else if (&r == id_signer) {
      id_signing = std::move(*key);
    }
  }
  if (!signing) {
    return fail(errc::key_unavailable, "the active key " + signer->kid + " is unusable");
  }
  auto set = tessera::key_set::from_keys(std::move(access_keys));
  if (!set) return fail(errc::key_unavailable, describe(set.error()));
  auto verifier = tessera::verifier::create(std::move(*set), access_token_rules(config_));
  if (!verifier) return fail(errc::key_unavailable, describe(verifier.error()));
  std::shared_ptr<const tessera::key_set> hint_keys;
  if (offers_openid(config_)) {
    auto id_set = tessera::key_set::from_keys(std::move(id_keys));
    if (!id_set) return fail(errc::key_unavailable, describe(id_set.error()));
    hint_keys = std::make_shared<const tessera::key_set>(std::move(*id_set));
  }
  return std::make_shared<const key_ring_snapshot>(key_ring_snapshot{
      .signing = std::move(*signing),
      .signing_kid = signer->kid,
      .verifier = std::make_shared<const tessera::verifier>(std::move(*verifier)),
      .id_signing = std::move(id_signing),
      .id_signing_kid = id_signer != nullptr ? id_signer->kid : std::string{},
      .id_token_keys = std::move(hint_keys),
      .jwks_json = boost::json::serialize(boost::json::object{{"keys", std::move(jwks)}}),
      .fingerprint = fingerprint_of(records)});
}

result<std::unique_ptr<key_ring>> key_ring::open(const service_config& config, store& keys,
                                                 std::int64_t now) {
  std::string kek;
  std::vector<key_record> records;
  if (!is_hmac(config.alg)) {
    auto loaded = load_key_encryption_key(config);
    if (!loaded) return std::unexpected(loaded.error());
    kek = std::move(*loaded);
    auto existing = keys.list_keys();
    if (!existing) return std::unexpected(existing.error());
    // A family without an active key gets one: the first start, and the first start of a
    // version that signs ID tokens.
    bool added_any = false;
    for (const auto alg : key_families(config)) {
      const bool has_signer = std::ranges::any_of(*existing, [&](const auto& r) {
        return r.state == key_state::active && r.alg == to_string(alg);
      });
      if (has_signer) continue;
      auto first = new_key_record(kek, alg, key_state::active, now);
      if (!first) return std::unexpected(first.error());
      if (auto added = keys.add_key(*first); !added) return std::unexpected(added.error());
      added_any = true;
    }
    if (added_any) {
      existing = keys.list_keys();
      if (!existing) return std::unexpected(existing.error());
    }
    records = std::move(*existing);
  }
  std::unique_ptr<key_ring> ring(new key_ring(config, kek, nullptr));
  auto snapshot = ring->build(records);
  if (!snapshot) return std::unexpected(snapshot.error());
  ring->current_.publish(std::move(*snapshot));
  return ring;
}

result<bool> key_ring::refresh(store& keys, std::int64_t now) {
  if (is_hmac(config_.alg)) return false;
  auto records = keys.list_keys();
  if (!records) return std::unexpected(records.error());
  // A published "next" key becomes the signing key once clients have had time to fetch it.
  const auto families = key_families(config_);
  for (auto& r : *records) {
    const auto alg = tessera::parse_algorithm(r.alg);
    if (r.state != key_state::next || r.activate_at > now || !alg ||
        std::ranges::find(families, *alg) == families.end()) {
      continue;
    }
    for (auto& other : *records) {
      if (other.state == key_state::active && other.alg == r.alg) {
        (void)keys.set_key_state(other.kid, key_state::retired, now);
        other.state = key_state::retired;
        other.retired_at = now;
      }
    }
    if (auto ok = keys.set_key_state(r.kid, key_state::active, std::nullopt); !ok) {
      return std::unexpected(ok.error());
    }
    r.state = key_state::active;
  }
  if (fingerprint_of(*records) == current_.read().fingerprint) return false;
  auto snapshot = build(*records);
  if (!snapshot) return std::unexpected(snapshot.error());
  current_.publish(std::move(*snapshot));
  return true;
}

}  // namespace tessera::server
