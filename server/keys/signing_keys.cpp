#include "keys/signing_keys.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fstream>
#include <iterator>
#include <sstream>

#include <tessera/error.hpp>
#include <tessera/jwk.hpp>

namespace tessera::server {
namespace {

std::expected<std::string, std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Writes a new file readable by its owner only; never replaces an existing one.
bool write_private_file(const std::string& path, const std::string& contents) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  std::size_t written = 0;
  while (written < contents.size()) {
    const auto n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n <= 0) {
      ::close(fd);
      return false;
    }
    written += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  return ::close(fd) == 0 && synced;
}

std::string describe(const std::error_code& ec) {
  return std::string(tessera::to_name(ec)) + ": " + ec.message();
}

std::expected<tessera::signing_key, std::string> load_secret(const service_config& config) {
  auto secret = read_file(config.signing_secret_file);
  if (!secret) return std::unexpected(secret.error());
  auto key = tessera::signing_key::hmac(config.alg, *secret);
  if (!key) {
    return std::unexpected("signing_secret_file " + config.signing_secret_file + ": " +
                           describe(key.error()) + " (make one with: tessera keygen --alg " +
                           std::string(to_string(config.alg)) + ")");
  }
  return std::move(*key);
}

std::expected<tessera::signing_key, std::string> load_or_create_pem(const service_config& config,
                                                                    bool& created) {
  const std::string path =
      config.data_dir + "/signing-key-" + std::string(to_string(config.alg)) + ".pem";
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    auto generated = tessera::signing_key::generate(config.alg);
    if (!generated) return std::unexpected("key generation failed: " + describe(generated.error()));
    auto pem = generated->to_pem();
    if (!pem || !write_private_file(path, *pem)) return std::unexpected("cannot write " + path);
    created = true;
  }
  auto pem = read_file(path);
  if (!pem) return std::unexpected(pem.error());
  auto key = tessera::signing_key::from_pem(config.alg, *pem);
  if (!key) return std::unexpected(path + ": " + describe(key.error()));
  return std::move(*key);
}

}  // namespace

std::expected<service_keys, std::string> load_service_keys(const service_config& config) {
  bool created = false;
  auto signing = is_hmac(config.alg) ? load_secret(config) : load_or_create_pem(config, created);
  if (!signing) return std::unexpected(signing.error());
  auto verifying = signing->verifier_key();
  auto thumbprint = tessera::jwk_thumbprint(verifying);
  if (!thumbprint) return std::unexpected("thumbprint: " + describe(thumbprint.error()));
  return service_keys{std::move(*signing), std::move(verifying), std::move(*thumbprint), created};
}

}  // namespace tessera::server
