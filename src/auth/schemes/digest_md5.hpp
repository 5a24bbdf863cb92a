// DIGEST-MD5 stored passwords: MD5(name ":" realm ":" password), the inner hash of RFC 2831's
// A1, written as 32 hex digits. The user name is part of the value, so hashing and checking
// need it; "name@realm" splits at the last '@' (no '@' means an empty realm).
#pragma once

#include <string_view>

#include "core/result.hpp"
#include "crypto/bytes.hpp"

namespace roost::auth {

struct DigestMd5User {
    std::string_view name;
    std::string_view realm;
};

DigestMd5User split_digest_md5_user(std::string_view user);

// MD5(name ":" realm ":" password), 16 bytes.
Result<crypto::Bytes> digest_md5_secret(const DigestMd5User& user, std::string_view password);

// The secret the DIGEST-MD5 mechanism needs for `user`, from a stored password: a {DIGEST-MD5}
// value as stored (it was made for this user), or computed from a cleartext scheme.
// Unavailable for other schemes; UnknownScheme / Malformed as verify_password() reports them.
Result<crypto::Bytes> digest_md5_secret_for(std::string_view stored,
                                            std::string_view default_scheme,
                                            std::string_view user);

}  // namespace roost::auth
