// `tessera user add|remove|list|passwd|disable|enable`: the service's users.
#include <termios.h>
#include <unistd.h>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands/command.hpp"
#include "commands/service_options.hpp"
#include "service.hpp"

namespace tessera::cli {
namespace {

// One line from the terminal without echo, or from stdin with --password-stdin.
cli_result<std::string> read_password(bool from_stdin) {
  std::string password;
  if (from_stdin) {
    if (!std::getline(std::cin, password) && password.empty()) {
      return std::unexpected(io_error("no password on standard input"));
    }
    return password;
  }
  if (::isatty(STDIN_FILENO) == 0) {
    return std::unexpected(usage_error("standard input is not a terminal; use --password-stdin"));
  }
  termios saved{};
  ::tcgetattr(STDIN_FILENO, &saved);
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  std::string again;
  ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::cerr << "Password: " << std::flush;
  std::getline(std::cin, password);
  std::cerr << "\nAgain: " << std::flush;
  std::getline(std::cin, again);
  std::cerr << "\n";
  ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
  if (password != again) return std::unexpected(usage_error("the passwords differ"));
  return password;
}

cli_result<void> report(const server::user_admin_result& r) {
  if (!r.ok) {
    return std::unexpected(
        cli_error{.code = "user_error", .message = r.message, .exit_status = exit_rejected});
  }
  if (!r.message.empty()) std::cerr << r.message << "\n";
  return {};
}

struct user_options {
  service_options service{};
  std::string name{};
  bool password_stdin = false;
  std::vector<std::string> scopes{};
};

}  // namespace

command add_user_command(CLI::App& parent) {
  auto* app = parent.add_subcommand("user", "Manage the token service's users");
  app->require_subcommand(1);
  auto options = std::make_shared<user_options>();
  auto chosen = std::make_shared<std::string>();

  const auto sub = [&](const char* name, const char* description, bool takes_name) {
    auto* s = app->add_subcommand(name, description);
    add_service_options(*s, options->service);
    if (takes_name) s->add_option("NAME", options->name, "User name")->required();
    s->callback([chosen, name] { *chosen = name; });
    return s;
  };
  auto* add =
      sub("add", "Add a user (the password is asked for, or read with --password-stdin)", true);
  add->add_flag("--password-stdin", options->password_stdin, "Read the password from stdin");
  add->add_option("--scope", options->scopes, "A scope the user holds (repeatable)");
  sub("remove", "Remove a user", true);
  sub("list", "List the users", false);
  auto* passwd = sub("passwd", "Change a user's password", true);
  passwd->add_flag("--password-stdin", options->password_stdin, "Read the password from stdin");
  sub("disable", "Disable a user: logins are refused", true);
  sub("enable", "Enable a disabled user", true);

  return {app, [options, chosen]() -> cli_result<void> {
            auto config = load_service_config(options->service);
            if (!config) return std::unexpected(config.error());
            const auto& c = *config;
            const auto& name = options->name;
            if (*chosen == "add" || *chosen == "passwd") {
              auto password = read_password(options->password_stdin);
              if (!password) return std::unexpected(password.error());
              return report(*chosen == "add"
                                ? server::add_user(c, name, std::move(*password), options->scopes)
                                : server::set_password(c, name, std::move(*password)));
            }
            if (*chosen == "remove") return report(server::remove_user(c, name));
            if (*chosen == "disable") return report(server::set_disabled(c, name, true));
            if (*chosen == "enable") return report(server::set_disabled(c, name, false));
            std::vector<std::string> lines;
            auto r = server::list_users(c, lines);
            for (const auto& line : lines) std::cout << line << "\n";
            return report(r);
          }};
}

}  // namespace tessera::cli
