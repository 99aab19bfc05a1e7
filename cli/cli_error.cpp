#include "cli_error.hpp"

#include <iostream>

#include <tessera/error.hpp>

#include "text_escape.hpp"

namespace tessera::cli {

cli_error library_error(std::error_code ec, int exit_status, std::string_view detail) {
  cli_error e;
  e.exit_status = exit_status;
  // Only library codes are expected here; anything else still gets a parseable line.
  e.code = ec.category() == tessera::error_category() ? tessera::to_name(ec) : "internal_error";
  e.message = ec.message();
  if (!detail.empty()) {
    e.message += " (";
    e.message += detail;
    e.message += ')';
  }
  return e;
}

cli_error usage_error(std::string message) {
  return {.code = "usage", .message = std::move(message), .exit_status = exit_usage};
}

cli_error io_error(std::string message) {
  return {.code = "io_error", .message = std::move(message), .exit_status = exit_io};
}

void print_error(const cli_error& error) {
  std::cerr << "error: " << error.code << ": " << escape_control(error.message) << '\n';
}

}  // namespace tessera::cli
