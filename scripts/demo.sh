#!/usr/bin/env bash
# `make run`: a short tour of the tessera command-line tool (until the service exists).
set -euo pipefail
tessera="${1:?usage: demo.sh PATH_TO_TESSERA}"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

secret="$(head -c 32 /dev/urandom | base64 | tr -d '\n=' | tr '+/' '-_')"

step "tessera encode --alg HS256 --secret secret --allow-weak-key '{\"user_id\":123,\"username\":\"JohnDoe\",\"admin\":true}'"
"$tessera" encode --alg HS256 --secret secret --allow-weak-key \
  '{"user_id":123,"username":"JohnDoe","admin":true}'

step "tessera encode --alg HS256 --secret secret '{...}'   # a six-byte secret is refused"
"$tessera" encode --alg HS256 --secret secret '{"user_id":123}' || echo "(exit code $?)"

step "token=\$(tessera encode --alg HS256 --secret-env DEMO_SECRET --sub alice --iss demo --exp 15m --iat)"
export DEMO_SECRET="$secret"
token="$("$tessera" encode --alg HS256 --secret-env DEMO_SECRET --sub alice --iss demo --exp 15m --iat)"
echo "$token"

step "tessera decode \$token"
"$tessera" decode "$token"

step "tessera verify --alg HS256 --secret-env DEMO_SECRET --iss demo --require exp,sub \$token"
"$tessera" verify --alg HS256 --secret-env DEMO_SECRET --iss demo --require exp,sub "$token"

step "tessera verify --alg HS256 --secret-env DEMO_SECRET --iss someone-else \$token"
"$tessera" verify --alg HS256 --secret-env DEMO_SECRET --iss someone-else "$token" || echo "(exit code $?)"

step "tessera verify --alg HS256 --secret-env DEMO_SECRET --now \$((\$(date +%s) + 3600)) \$token"
"$tessera" verify --alg HS256 --secret-env DEMO_SECRET --now $(( $(date +%s) + 3600 )) "$token" || echo "(exit code $?)"
