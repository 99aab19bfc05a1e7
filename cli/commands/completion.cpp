// `tessera completion bash`: a bash completion script made at run time from the command tree
// itself, so that it offers exactly the commands, options and choices of this binary.
#include <algorithm>
#include <cstddef>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include <tessera/algorithm.hpp>
#include <tessera/claims.hpp>
#include <tessera/version.hpp>

#include "commands/command.hpp"
#include "config/config.hpp"

namespace tessera::cli {
namespace {

/// How the value of an option is completed.
enum class value_kind {
  text,       ///< anything: nothing is offered
  file,       ///< a file name
  directory,  ///< a directory name
  words,      ///< one of `words`
  list,       ///< a comma-separated list of `words` (an option with delimiter ',')
};

struct value_completion {
  value_kind kind = value_kind::text;
  std::vector<std::string> words{};

  bool operator==(const value_completion&) const = default;
};

/// One command of the tree, as the script needs it.
struct command_words {
  std::string path{};  // "tessera user add"
  std::vector<std::string> subcommands{};
  std::vector<std::string> options{};    // every name: "-h", "--help", "--alg", ...
  std::vector<std::string> valued{};     // the names of those that take a value
  std::vector<std::string> arguments{};  // fixed choices of its positional arguments
  std::vector<std::pair<std::string, value_completion>> values{};  // by option name; not text
};

std::vector<std::string> algorithm_names() {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < algorithm_count; ++i) {
    names.emplace_back(to_string(static_cast<algorithm>(i)));
  }
  return names;
}

std::vector<std::string> claim_names() {
  std::vector<std::string> names;
  for (auto c :
       {claim::iss, claim::sub, claim::aud, claim::exp, claim::nbf, claim::iat, claim::jti}) {
    names.emplace_back(to_string(c));
  }
  return names;
}

// The type name as set with type_name(), without the validators' descriptions that CLI11
// appends after a colon ("N:INT in [1 - 1073741824]").
std::string base_type_name(const CLI::Option& option) {
  std::string type = option.get_type_name();
  return type.substr(0, type.find(':'));
}

// Values that a command checks itself after parsing, rather than through a CLI11 validator, so
// that a wrong one is reported with the library's or the service's code (unknown_algorithm,
// unknown_claim, invalid_argument). CLI11 cannot list them, so they are named here: by type
// name for ALG, by option name for the rest.
std::vector<std::string> known_values(const CLI::Option& option) {
  if (base_type_name(option).starts_with("ALG")) return algorithm_names();
  for (const auto& name : option.get_lnames()) {
    if (name == "alg" || name.ends_with("-alg")) return algorithm_names();
    if (name == "require") return claim_names();
    if (name == "grant") {
      return std::vector<std::string>(std::begin(server::client_grants),
                                      std::end(server::client_grants));
    }
  }
  return {};
}

// The members of a CLI::IsMember check. CLI11 2.1 has no accessor for them, but the check's
// description, "{pem,jwk}", is what get_type_name() appends after a colon ("FORMAT:{pem,jwk}"),
// and what --help shows.
std::vector<std::string> member_choices(const CLI::Option& option) {
  const std::string type = option.get_type_name();
  const auto brace = type.find(":{");
  if (brace == std::string::npos || !type.ends_with('}')) return {};
  const std::string_view list = std::string_view(type).substr(brace + 2, type.size() - brace - 3);
  std::vector<std::string> choices;
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto comma = std::min(list.find(',', start), list.size());
    const auto choice = list.substr(start, comma - start);
    // A CLI::Transformer's "{from->to}" pairs are not choices a user types.
    if (!choice.empty() && choice.find("->") == std::string_view::npos) {
      choices.emplace_back(choice);
    }
    start = comma + 1;
  }
  return choices;
}

// Files and directories are told apart by the type name (FILE, DIR) or, for options whose type
// name says nothing (--config TEXT), by the option's name.
value_kind path_kind(const CLI::Option& option) {
  const std::string type = base_type_name(option);
  if (type == "DIR") return value_kind::directory;
  if (type == "FILE") return value_kind::file;
  for (const auto& name : option.get_lnames()) {
    if (name == "dir" || name.ends_with("-dir")) return value_kind::directory;
    if (name == "config" || name == "key" || name == "out" || name.ends_with("-file") ||
        name.ends_with("-out")) {
      return value_kind::file;
    }
  }
  return value_kind::text;
}

value_completion completion_of(const CLI::Option& option) {
  auto words = known_values(option);
  if (words.empty()) words = member_choices(option);
  if (!words.empty()) {
    return {.kind = option.get_delimiter() == ',' ? value_kind::list : value_kind::words,
            .words = std::move(words)};
  }
  return {.kind = path_kind(option)};
}

void add_options(const CLI::App& app, command_words& entry) {
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_group().empty()) continue;  // hidden
    const auto values = completion_of(*option);
    if (option->get_positional() && values.kind == value_kind::words) {
      entry.arguments.insert(entry.arguments.end(), values.words.begin(), values.words.end());
    }
    std::vector<std::string> names;
    for (const auto& name : option->get_snames()) names.push_back("-" + name);
    for (const auto& name : option->get_lnames()) names.push_back("--" + name);
    const bool takes_value = option->get_items_expected_max() > 0;  // flags expect 0
    for (auto& name : names) {
      if (takes_value) {
        entry.valued.push_back(name);
        if (values.kind != value_kind::text) entry.values.emplace_back(name, values);
      }
      entry.options.push_back(std::move(name));
    }
  }
  // Option groups are unnamed subcommands; their options belong to this command.
  for (const CLI::App* group :
       app.get_subcommands([](const CLI::App* sub) { return sub->get_name().empty(); })) {
    add_options(*group, entry);
  }
}

void collect(const CLI::App& app, const std::string& path, std::vector<command_words>& out) {
  command_words entry{.path = path};
  add_options(app, entry);
  const auto subcommands = app.get_subcommands(
      [](const CLI::App* sub) { return !sub->get_name().empty() && !sub->get_disabled(); });
  for (const CLI::App* sub : subcommands) entry.subcommands.push_back(sub->get_name());
  out.push_back(std::move(entry));
  for (const CLI::App* sub : subcommands) collect(*sub, path + " " + sub->get_name(), out);
}

// Single-quoted for the shell.
std::string shell_quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) {
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

std::string_view kind_name(value_kind kind) {
  switch (kind) {
    case value_kind::file:
      return "file";
    case value_kind::directory:
      return "dir";
    case value_kind::words:
      return "words";
    case value_kind::list:
      return "list";
    case value_kind::text:
      break;
  }
  return "";
}

// The part of the script that does not depend on the commands: splitting the line, walking it
// to the command being typed, and replying.
constexpr std::string_view script_body = R"bash(
# The words of the line up to the cursor, as bash-completion's `_init_completion -n =` gives
# them: bash splits --alg=ES256 into --alg, = and ES256 (= is in COMP_WORDBREAKS), so they are
# joined again where nothing separates them on the line.
_tessera_split_words() {
  local line=${COMP_LINE:0:COMP_POINT} i word blanks
  words=()
  for ((i = 0; i <= COMP_CWORD; i++)); do
    blanks=${line%%[![:space:]]*}
    line=${line:${#blanks}}
    if ((i == COMP_CWORD)); then
      word=$line
    else
      word=${COMP_WORDS[i]}
      line=${line:${#word}}
    fi
    if ((i > 0)) && [[ -z $blanks && ($word == =* || ${words[-1]} == *=) ]]; then
      words[-1]+=$word
    else
      words+=("$word")
    fi
  done
  cword=$((${#words[@]} - 1))
  cur=${words[cword]}
  prev=
  ((cword > 0)) && prev=${words[cword - 1]}
  return 0
}

# COMPREPLY: the words of $2 that begin with $3, each after the prefix $1.
_tessera_reply_words() {
  mapfile -t COMPREPLY < <(compgen -P "$1" -W "$2" -- "$3")
}

# COMPREPLY: the file names (with -d, the directory names) that begin with $2, each after the
# prefix $1.
_tessera_reply_files() {
  local only_dirs=
  if [[ $1 == -d ]]; then
    only_dirs=-d
    shift
  fi
  if [[ -z $1 ]] && declare -F _filedir >/dev/null 2>&1; then
    local cur=$2
    _filedir $only_dirs
    return 0
  fi
  compopt -o filenames 2>/dev/null
  if [[ -n $only_dirs ]]; then
    mapfile -t COMPREPLY < <(compgen -P "$1" -d -- "$2")
  else
    mapfile -t COMPREPLY < <(compgen -P "$1" -f -- "$2")
  fi
}

_tessera() {
  local cur prev words cword
  # Set by _tessera_command and _tessera_value; local here, so that nothing is left behind.
  local _tessera_subcommands _tessera_options _tessera_valued _tessera_arguments
  local _tessera_kind _tessera_words
  COMPREPLY=()
  if declare -F _init_completion >/dev/null 2>&1; then
    # bash-completion's: it also completes after redirections and expands ~ and $VAR.
    _init_completion -n = || return
  else
    _tessera_split_words
  fi

  # The command being typed: each word that names a subcommand of the command before it. The
  # word after an option that takes a value is that value; after -- every word is an argument.
  local path=tessera word i value_of= arguments_only=
  _tessera_command "$path"
  for ((i = 1; i < cword; i++)); do
    word=${words[i]}
    if [[ -n $value_of ]]; then
      value_of=
      continue
    fi
    if [[ -n $arguments_only ]]; then
      continue
    fi
    case $word in
      --) arguments_only=1 ;;
      -*=*) ;;
      -*) [[ " $_tessera_valued " == *" $word "* ]] && value_of=$word ;;
      *)
        if [[ " $_tessera_subcommands " == *" $word "* ]]; then
          path+=" $word"
          _tessera_command "$path"
        fi
        ;;
    esac
  done

  # A value: the word after an option that takes one, or what follows = in --option=value.
  local value=$cur prefix=
  if [[ -z $value_of && -z $arguments_only && $cur == -*=* ]]; then
    value_of=${cur%%=*}
    value=${cur#*=}
    # Where = is not a word break, the shell replaces the whole --option=value word.
    [[ $COMP_WORDBREAKS == *=* ]] || prefix="$value_of="
  fi
  if [[ -n $value_of ]]; then
    _tessera_value "$path" "$value_of"
    case $_tessera_kind in
      file) _tessera_reply_files "$prefix" "$value" ;;
      dir) _tessera_reply_files -d "$prefix" "$value" ;;
      words) _tessera_reply_words "$prefix" "$_tessera_words" "$value" ;;
      list)
        # Comma-separated: the last item, after those before it.
        [[ $value == *,* ]] && prefix+=${value%,*},
        _tessera_reply_words "$prefix" "$_tessera_words" "${value##*,}"
        ;;
    esac
    return 0
  fi

  if [[ -n $arguments_only ]]; then
    _tessera_reply_words "" "$_tessera_arguments" "$cur"
  elif [[ $cur == -* ]]; then
    _tessera_reply_words "" "$_tessera_options" "$cur"
  else
    _tessera_reply_words "" "$_tessera_subcommands $_tessera_arguments" "$cur"
  fi
  return 0
}

complete -F _tessera tessera
)bash";

std::string bash_script(const CLI::App& root) {
  std::vector<command_words> commands;
  collect(root, "tessera", commands);

  std::string out =
      "# bash completion for tessera: `source` it, or install it as\n"
      "# /usr/share/bash-completion/completions/tessera.\n"
      "# Made by `tessera completion bash` (tessera ";
  out += version();
  out +=
      ") from the commands' own definitions:\n"
      "# make it again after an upgrade rather than edit it.\n"
      "\n"
      "# _tessera_command PATH sets what the command PATH (\"tessera user add\") has: its\n"
      "# subcommands, its options, those of them that take a value, and the fixed choices of its\n"
      "# arguments.\n"
      "_tessera_command() {\n"
      "  _tessera_subcommands= _tessera_options= _tessera_valued= _tessera_arguments=\n"
      "  case $1 in\n";
  const auto assign = [&out](std::string_view variable, const std::vector<std::string>& words) {
    if (words.empty()) return;
    out += "      ";
    out += variable;
    out += '=' + shell_quoted(joined(words)) + '\n';
  };
  for (const auto& entry : commands) {
    out += "    " + shell_quoted(entry.path) + ")\n";
    assign("_tessera_subcommands", entry.subcommands);
    assign("_tessera_options", entry.options);
    assign("_tessera_valued", entry.valued);
    assign("_tessera_arguments", entry.arguments);
    out += "      ;;\n";
  }
  out +=
      "  esac\n"
      "}\n"
      "\n"
      "# _tessera_value PATH OPTION sets how a value of OPTION is completed: _tessera_kind\n"
      "# is file, dir, words (one of _tessera_words) or list (a comma-separated list of\n"
      "# them); it is empty for free text.\n"
      "_tessera_value() {\n"
      "  _tessera_kind= _tessera_words=\n"
      "  case \"$1 $2\" in\n";
  // Options completed alike share a branch: `--alg` of encode, keygen, jwk from-key, ...
  std::vector<std::pair<value_completion, std::vector<std::string>>> branches;
  for (const auto& entry : commands) {
    for (const auto& [name, values] : entry.values) {
      auto branch = std::find_if(branches.begin(), branches.end(),
                                 [&wanted = values](const auto& b) { return b.first == wanted; });
      if (branch == branches.end()) {
        branches.emplace_back(values, std::vector<std::string>{});
        branch = std::prev(branches.end());
      }
      branch->second.push_back(entry.path + " " + name);
    }
  }
  for (const auto& [values, patterns] : branches) {
    for (std::size_t i = 0; i < patterns.size(); ++i) {
      out += "    " + shell_quoted(patterns[i]) + (i + 1 < patterns.size() ? " | \\\n" : ")\n");
    }
    out += "      _tessera_kind=";
    out += kind_name(values.kind);
    if (!values.words.empty()) out += " _tessera_words=" + shell_quoted(joined(values.words));
    out += "\n      ;;\n";
  }
  out +=
      "  esac\n"
      "}\n";
  out += script_body;
  return out;
}

}  // namespace

command add_completion_command(CLI::App& parent) {
  auto* app = parent.add_subcommand("completion", "Print a bash completion script for tessera");
  auto shell = std::make_shared<std::string>();
  app->add_option("SHELL", *shell, "The shell; bash is the only one supported")
      ->required()
      ->check(CLI::IsMember({"bash"}));
  app->footer(
      "The script completes commands, subcommands and options, algorithm names, the choices of\n"
      "options such as --format and --grant, and file and directory names. It is made from this\n"
      "binary's own definitions, so it matches its commands exactly, and it works with or\n"
      "without the bash-completion package. Packages install it as\n"
      "/usr/share/bash-completion/completions/tessera, where bash-completion finds it.\n\n"
      "Examples:\n"
      "  source <(tessera completion bash)     # in this shell, or from ~/.bashrc\n"
      "  tessera completion bash | sudo tee /usr/share/bash-completion/completions/tessera "
      ">/dev/null");
  // The root, for the whole tree: it is complete once parse() has run, before any body runs.
  CLI::App* root = &parent;
  return {app, [root, shell]() -> cli_result<void> {
            // One script for each shell that CLI::IsMember admits.
            if (*shell == "bash") std::cout << bash_script(*root);
            return {};
          }};
}

}  // namespace tessera::cli
