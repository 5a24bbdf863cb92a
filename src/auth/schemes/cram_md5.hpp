// CRAM-MD5 (alias HMAC-MD5) stored passwords: the HMAC-MD5 context of the password, 32 bytes
// written as 64 hex digits, from which the CRAM-MD5 mechanism (RFC 2195) answers challenges
// without the plaintext.
#pragma once

#include <string_view>

#include "core/result.hpp"
#include "crypto/hmac_md5_context.hpp"

namespace roost::auth {

// The context the CRAM-MD5 mechanism needs, from a stored password: a {CRAM-MD5}/{HMAC-MD5}
// value as stored, or computed from a cleartext scheme. Unavailable for other schemes;
// UnknownScheme / Malformed as verify_password() reports them. The mechanism then checks a
// client's response with crypto::equal(hex_decode(response), context.mac(challenge)).
Result<crypto::HmacMd5Context> cram_md5_context_for(std::string_view stored,
                                                    std::string_view default_scheme);

}  // namespace roost::auth
