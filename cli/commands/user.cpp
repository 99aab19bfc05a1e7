// `tessera user add|remove|list|passwd|disable|enable`: the service's users.
#include <termios.h>
#include <unistd.h>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "admin.hpp"
#include "commands/command.hpp"
#include "commands/service_options.hpp"

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

// Says what was done, or why not.
cli_result<void> report(const server::result<void>& r, const std::string& done) {
  if (!r) return std::unexpected(service_error(r.error()));
  std::cerr << done << "\n";
  return {};
}

// One line per user: name, scopes, flags.
void print_users(const std::vector<server::user_record>& users) {
  for (const auto& u : users) {
    std::cout << u.username << "\tscopes=";
    for (std::size_t i = 0; i < u.scopes.size(); ++i) std::cout << (i ? "," : "") << u.scopes[i];
    if (u.disabled) std::cout << "\tdisabled";
    if (u.dev_only) std::cout << "\tdev-only";
    std::cout << "\n";
  }
}

struct user_options {
  service_options service{};
  std::string name{};
  bool password_stdin = false;
  std::vector<std::string> scopes{};
  server::user_profile profile{};
};

void add_profile_options(CLI::App& app, server::user_profile& profile) {
  app.add_option("--name", profile.name,
                 "The full name apps see with the profile scope (OpenID Connect `name`)");
  app.add_option("--email", profile.email, "The email address apps see with the email scope");
  app.add_flag("--email-verified", profile.email_verified,
               "The address is known to be the user's (`email_verified: true`)");
}

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
  add_profile_options(*add, options->profile);
  auto* profile = sub("profile", "Set a user's name and email address (what apps are told)", true);
  add_profile_options(*profile, options->profile);
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
              server::credentials user{.username = name, .password = std::move(*password)};
              if (*chosen == "add") {
                return report(
                    server::add_user(c, std::move(user), options->scopes, options->profile),
                    "added user " + name);
              }
              return report(server::set_password(c, std::move(user)),
                            "changed the password of " + name);
            }
            if (*chosen == "profile") {
              return report(server::set_profile(c, name, options->profile),
                            "set the profile of " + name);
            }
            if (*chosen == "remove")
              return report(server::remove_user(c, name), "removed user " + name);
            if (*chosen == "disable") {
              return report(server::disable_user(c, name), "disabled user " + name);
            }
            if (*chosen == "enable")
              return report(server::enable_user(c, name), "enabled user " + name);
            auto users = server::list_users(c);
            if (!users) return std::unexpected(service_error(users.error()));
            print_users(*users);
            return {};
          }};
}

}  // namespace tessera::cli
