// A small driver of libtessera for asymmetric_interop_test.py, so that the interop test depends
// on the library only (not on the CLI's options):
//
//   tessera_interop_tool sign ALG KEYFILE [KID]          claims JSON on stdin -> token
//   tessera_interop_tool verify ALGS KEYFILE             token on stdin -> claims JSON
//   tessera_interop_tool export-jwk KEYFILE public|private [ALG] [KID]   -> JWK JSON
//   tessera_interop_tool thumbprint KEYFILE              -> RFC 7638 thumbprint
//   tessera_interop_tool import-jwk KEYFILE              -> {"kty","alg","private","algorithms",
//                                                           "thumbprint"} of the imported JWK
//
// KEYFILE is PEM or DER (any format verifying_key / signing_key read), a JWK, or for verify a JWK
// Set. ALGS is a comma-separated list. Errors print "error: NAME" on stderr and exit 1.
#include <cstddef>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <tessera/error.hpp>
#include <tessera/jwk.hpp>
#include <tessera/jwt.hpp>
#include <tessera/key_set.hpp>

namespace {

namespace json = boost::json;
using tessera::algorithm;

struct failure {
  std::error_code code;
};

template <class T>
T check(tessera::result<T> r) {
  if (!r) throw failure{r.error()};
  return std::move(*r);
}

std::string read_all(std::istream& in) {
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return read_all(in);
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

bool is_json(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{';
}

std::span<const std::byte> bytes_of(std::string_view s) {
  return std::as_bytes(std::span(s.data(), s.size()));
}

tessera::algorithm_set parse_algorithms(std::string_view list) {
  tessera::algorithm_set out;
  while (!list.empty()) {
    const auto comma = list.find(',');
    out.insert(check(tessera::parse_algorithm(list.substr(0, comma))));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  return out;
}

std::string python_json(const json::value& v, bool sort_keys = false) {
  std::string out;
  if (auto ok = tessera::write_python_json(out, v, {.sort_keys = sort_keys}); !ok) {
    throw failure{ok.error()};
  }
  return out;
}

int sign(const std::vector<std::string>& args) {
  const algorithm alg = check(tessera::parse_algorithm(args.at(0)));
  const std::string key_text = read_file(args.at(1));
  std::optional<std::string> kid;
  if (args.size() > 2) kid = args[2];
  const auto key = is_json(key_text) ? check(check(tessera::jwk::parse(key_text)).signing(alg))
                                     : check(tessera::signing_key::load(alg, bytes_of(key_text)));
  const auto claims = check(tessera::claims::from_json(read_all(std::cin)));
  std::cout << check(tessera::encode(claims, key, {.kid = kid})) << "\n";
  return 0;
}

int verify(const std::vector<std::string>& args) {
  tessera::verify_options options;
  options.algorithms = parse_algorithms(args.at(0));
  options.leeway = std::chrono::seconds(60);
  const std::string key_text = read_file(args.at(1));
  const std::string token = trim(read_all(std::cin));
  std::optional<tessera::verifier> v;
  if (is_json(key_text)) {
    const auto parsed = json::parse(key_text).as_object();
    if (parsed.contains("keys")) {
      v.emplace(
          check(tessera::verifier::create(check(tessera::key_set::from_json(parsed)), options)));
    } else {
      v.emplace(check(tessera::verifier::create(
          check(check(tessera::jwk::from_json(parsed)).verifying()), options)));
    }
  } else {
    v.emplace(check(tessera::verifier::create(
        check(tessera::verifying_key::load(bytes_of(key_text))), options)));
  }
  const auto t = check(v->verify(token));
  json::object out;
  out["alg"] = tessera::to_string(t.alg());
  out["header"] = t.header();
  out["claims"] = t.claims().members();
  std::cout << python_json(out) << "\n";
  return 0;
}

int export_jwk(const std::vector<std::string>& args) {
  const std::string key_text = read_file(args.at(0));
  const bool want_private = args.at(1) == "private";
  std::optional<algorithm> alg;
  if (args.size() > 2 && !args[2].empty()) alg = check(tessera::parse_algorithm(args[2]));
  std::optional<std::string> kid;
  if (args.size() > 3) kid = args[3];
  json::object out;
  if (want_private) {
    if (!alg) throw std::runtime_error("export-jwk private needs ALG");
    const auto key = check(tessera::signing_key::load(*alg, bytes_of(key_text)));
    out = check(tessera::to_jwk(key, {.include_private = true, .kid = kid}));
  } else {
    const auto key = check(tessera::verifying_key::load(bytes_of(key_text), alg));
    out = check(tessera::to_jwk(key, {.kid = kid}));
  }
  std::cout << python_json(out) << "\n";
  return 0;
}

int thumbprint(const std::vector<std::string>& args) {
  const std::string key_text = read_file(args.at(0));
  if (is_json(key_text)) {
    const auto members = json::parse(key_text).as_object();
    const auto from_members = check(tessera::jwk_thumbprint(members));
    // The imported key's own thumbprint must agree with the members'.
    const auto key = check(check(tessera::jwk::from_json(members)).verifying());
    if (check(tessera::jwk_thumbprint(key)) != from_members) {
      throw std::runtime_error("thumbprints of the members and of the imported key differ");
    }
    std::cout << from_members << "\n";
  } else {
    std::cout << check(tessera::jwk_thumbprint(
                     check(tessera::verifying_key::load(bytes_of(key_text)))))
              << "\n";
  }
  return 0;
}

int import_jwk(const std::vector<std::string>& args) {
  const auto key = check(tessera::jwk::parse(read_file(args.at(0))));
  json::object out;
  out["kty"] = key.kty();
  out["alg"] = key.alg() ? json::value(tessera::to_string(*key.alg())) : json::value(nullptr);
  out["private"] = key.is_private();
  json::array algorithms;
  key.algorithms().for_each([&](algorithm a) { algorithms.emplace_back(tessera::to_string(a)); });
  out["algorithms"] = std::move(algorithms);
  out["thumbprint"] = check(tessera::jwk_thumbprint(check(key.verifying())));
  std::cout << python_json(out) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: tessera_interop_tool sign|verify|export-jwk|thumbprint|import-jwk ...\n";
    return 2;
  }
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  try {
    if (command == "sign") return sign(args);
    if (command == "verify") return verify(args);
    if (command == "export-jwk") return export_jwk(args);
    if (command == "thumbprint") return thumbprint(args);
    if (command == "import-jwk") return import_jwk(args);
    std::cerr << "unknown command " << command << "\n";
    return 2;
  } catch (const failure& f) {
    std::cerr << "error: " << tessera::to_name(f.code) << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "failed: " << e.what() << "\n";
    return 2;
  }
}
