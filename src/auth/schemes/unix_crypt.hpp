// crypt(3) through libxcrypt's reentrant calls (crypt_rn, crypt_gensalt_rn), with salts drawn
// from libsodium. Debian 12's libxcrypt knows $6$ (SHA-512), $5$ (SHA-256), $2y$/$2b$ (bcrypt),
// $1$ (MD5), yescrypt and traditional DES.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace roost::auth {

// crypt(3) of `password` with `setting` (a full stored hash or a bare salt string).
// Malformed when libxcrypt refuses the setting or either string holds a NUL byte.
Result<std::string> unix_crypt(std::string_view password, std::string_view setting);

// A fresh salt string for the method `prefix` ("$6$", "$2y$", "" for DES ...) with cost `count`
// (0 for the method's default). BadRounds when libxcrypt refuses the count.
Result<std::string> unix_crypt_setting(const char* prefix, unsigned long count);

}  // namespace roost::auth
