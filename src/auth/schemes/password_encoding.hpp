// Writing a scheme's raw bytes as text and reading them back: none, hex or base64, with the
// guessing Dovecot does when a value carries no explicit suffix.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "auth/schemes/password_scheme.hpp"
#include "core/result.hpp"
#include "crypto/bytes.hpp"

namespace roost::auth {

std::string encode_password(crypto::ByteView raw, PasswordEncoding encoding);

// The raw bytes of `text`, a value of `scheme`. With an explicit encoding (a ".HEX"/".B64"
// suffix) only that one is tried. Otherwise the scheme's own encoding decides, and because
// stored values in the wild mix them up, a hex scheme also accepts base64, and a base64 scheme
// with a fixed-size value accepts hex of exactly twice that size. Fixed-size values of any
// other size are Malformed, as is text that is not valid in the chosen encoding.
Result<crypto::Bytes> decode_password(std::string_view text, const PasswordScheme& scheme,
                                      std::optional<PasswordEncoding> explicit_encoding);

}  // namespace roost::auth
