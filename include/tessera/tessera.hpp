// Umbrella header: all of libtessera's public API.
#pragma once

#include <tessera/algorithm.hpp>
#include <tessera/base64url.hpp>
#include <tessera/claims.hpp>
#include <tessera/error.hpp>
#include <tessera/json.hpp>
#include <tessera/jwk.hpp>
#include <tessera/jwt.hpp>
#include <tessera/key.hpp>
#include <tessera/key_resolver.hpp>
#include <tessera/key_set.hpp>
#include <tessera/result.hpp>
#include <tessera/validation.hpp>
#include <tessera/version.hpp>
