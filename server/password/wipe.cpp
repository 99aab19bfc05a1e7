#include "password/wipe.hpp"

#include <sodium.h>

namespace tessera::server {

// sodium_memzero: a plain memset before the string is freed could be optimised away.
wipe_on_exit::~wipe_on_exit() { sodium_memzero(secret_.data(), secret_.size()); }

}  // namespace tessera::server
