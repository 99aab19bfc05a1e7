#!/usr/bin/env bash
# Checks the bash completion script that `tessera completion bash` prints: sourced into a
# non-interactive bash, alone and after the bash-completion package's helpers, it is asked for
# the completions of a few command lines, with COMP_WORDS, COMP_CWORD, COMP_LINE and
# COMP_POINT set as bash sets them when TAB is pressed at the end of the line. Prints each
# failure and exits 1 if there is any.
# usage: tests/install/completion_test.sh SCRIPT
set -uo pipefail
script=$(realpath "$1")
bash_completion=/usr/share/bash-completion/bash_completion
[ -f "$script" ] || { echo "completion: no script at $1" >&2; exit 1; }

if [ -z "${COMPLETION_TEST_MODE-}" ]; then
  status=0
  COMPLETION_TEST_MODE=alone bash --norc --noprofile "$0" "$script" || status=1
  if [ -f "$bash_completion" ]; then
    COMPLETION_TEST_MODE=bash-completion bash --norc --noprofile "$0" "$script" || status=1
  else
    echo "completion: $bash_completion is missing (package bash-completion): checked alone only"
  fi
  exit $status
fi

# One of the two runs: this process sources the script and asks it.
mode=$COMPLETION_TEST_MODE
if [ "$mode" = bash-completion ]; then
  # shellcheck source=/dev/null
  source "$bash_completion"
  declare -F _init_completion >/dev/null || { echo "completion: no _init_completion" >&2; exit 1; }
fi
# shellcheck source=/dev/null
source "$script"

failures=0
fail() {
  echo "completion ($mode): $*"
  failures=$((failures + 1))
}

# Sets COMP_* as bash does for LINE with the cursor at its end (words split at blanks, and at
# = and : as COMP_WORDBREAKS says), then runs the completion function that `complete` names.
complete_line() {
  local word
  COMP_LINE=$1
  COMP_POINT=${#1}
  COMP_WORDS=()
  for word in $1; do
    while [[ $word =~ ^([^=:]*)([=:]+)(.*)$ ]]; do
      [ -n "${BASH_REMATCH[1]}" ] && COMP_WORDS+=("${BASH_REMATCH[1]}")
      COMP_WORDS+=("${BASH_REMATCH[2]}")
      word=${BASH_REMATCH[3]}
    done
    [ -n "$word" ] && COMP_WORDS+=("$word")
  done
  [[ $1 == *[[:space:]] ]] && COMP_WORDS+=("")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  "$function" tessera "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
}

offered() {
  printf '%s\n' "${COMPREPLY[@]}" | grep -qxF -- "$1"
}

# offers LINE WORD...: LINE<TAB> offers each WORD, and maybe more.
offers() {
  local line=$1 word missing=()
  shift
  complete_line "$line"
  for word in "$@"; do
    offered "$word" || missing+=("$word")
  done
  [ ${#missing[@]} -eq 0 ] ||
    fail "'$line<TAB>' does not offer ${missing[*]}; it offers: ${COMPREPLY[*]-nothing}"
}

# offers_only LINE WORD...: LINE<TAB> offers exactly the WORDs (none: nothing).
offers_only() {
  local line=$1
  shift
  complete_line "$line"
  local got want
  got=$(printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort)
  want=$(printf '%s\n' "$@" | sed '/^$/d' | sort)
  [ "$got" = "$want" ] ||
    fail "'$line<TAB>' offers: ${COMPREPLY[*]-nothing}; expected: ${*:-nothing}"
}

# offers_none LINE WORD...: LINE<TAB> offers none of the WORDs.
offers_none() {
  local line=$1 word
  shift
  complete_line "$line"
  for word in "$@"; do
    offered "$word" && fail "'$line<TAB>' offers $word"
  done
}

function=$(complete -p tessera 2>/dev/null | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
if [ "$function" != _tessera ]; then
  echo "completion ($mode): 'complete -p tessera' names no _tessera function" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
touch "$work/tessera.toml" "$work/private.pem"
mkdir "$work/tls"

algorithms=(HS256 HS384 HS512 RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 ES256K EdDSA)

# Commands and subcommands.
offers "tessera " encode decode verify keygen jwk serve user keys client hash-secret migrate \
  completion
offers_none "tessera " --help
offers_only "tessera en" encode
offers_only "tessera us" user
offers "tessera --" --help --version
offers "tessera user " add list passwd remove
offers_only "tessera keys r" rotate revoke
offers "tessera jwk " from-key to-pem thumbprint public
offers_only "tessera client " add
offers_only "tessera completion " bash

# Options, at every level.
offers "tessera encode --" --alg --key --secret --secret-file --secret-env --exp --iat --kid \
  --header --help
offers "tessera encode -" -h --help --alg
offers "tessera user add alice --scope read --" --password-stdin --config --data-dir --email
offers "tessera keys rotate --" --now --config
offers "tessera client add app --" --grant --public --secret-file --id-token-alg
offers "tessera jwk from-key --" --key --alg --private --passphrase-file
offers_none "tessera user add --" --version --dev

# Values: algorithms, fixed choices, comma-separated lists, --option=value.
offers "tessera encode --alg " "${algorithms[@]}"
offers_only "tessera encode --alg=E" ES256 ES384 ES512 ES256K EdDSA
offers "tessera encode --alg=" HS256 EdDSA
offers_only "tessera keygen --alg P" PS256 PS384 PS512
offers "tessera jwk from-key --key k.pem --alg " HS256 ES256K
offers_only "tessera verify --alg HS256,E" HS256,ES256 HS256,ES384 HS256,ES512 HS256,ES256K \
  HS256,EdDSA
offers_only "tessera verify --require e" exp
offers_only "tessera keygen --format " jwk pem
offers_only "tessera keygen --format=j" jwk
offers "tessera client add app --grant " authorization_code client_credentials password \
  refresh_token
offers_only "tessera encode --sub " # free text: nothing
offers_only "tessera decode -- " # after --, only arguments

# The word after an option that takes a value is not a subcommand or an option.
offers_only "tessera encode --kid user --alg=HS5" HS512
offers "tessera user add --config x.toml al" # no error, whatever it offers

# File and directory names.
offers "tessera serve --config $work/te" "$work/tessera.toml"
offers "tessera serve --config=$work/te" "$work/tessera.toml"
offers "tessera encode --key $work/pri" "$work/private.pem"
offers "tessera keygen --out $work/" "$work/tessera.toml" "$work/tls"
offers "tessera serve --data-dir $work/" "$work/tls"
offers_none "tessera serve --data-dir $work/" "$work/tessera.toml"
offers "tessera user list --data-dir=$work/t" "$work/tls"

if [ "$failures" -ne 0 ]; then
  echo "completion ($mode): $failures check(s) failed"
  exit 1
fi
echo "completion ($mode): all checks passed"
