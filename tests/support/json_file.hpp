// Loading trusted JSON test data (conformance vectors). These files are ours to trust, so they
// go through boost::json::parse rather than the library's strict parser under test.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace tessera::test {

/// The whole file; throws std::runtime_error when it cannot be read.
inline std::string read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The file parsed as JSON; throws on I/O or syntax errors.
inline boost::json::value load_json_file(const std::filesystem::path& path) {
  return boost::json::parse(read_text_file(path));
}

}  // namespace tessera::test
