// Reading the parts of a stored password: "{SCHEME.ENC}value", or a bare value in the
// passdb's default scheme, and scheme names with Dovecot's ".HEX" / ".B64" / ".BASE64"
// encoding suffixes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "auth/schemes/password_scheme.hpp"

namespace roost::auth {

// A scheme name with its optional encoding suffix: "sha256.b64" -> {"SHA256", Base64}.
struct SchemeSpec {
    std::string name;                         // upper case, suffix removed
    std::optional<PasswordEncoding> encoding;  // set only when a suffix was written
};

// Splits a known encoding suffix (any letter case) off `spec`; other dots stay in the name.
SchemeSpec parse_scheme_spec(std::string_view spec);

struct StoredPassword {
    SchemeSpec scheme;       // name empty when there was no prefix and no default
    std::string_view value;  // the text after the prefix (a view into the stored string)
    bool prefixed = false;   // whether the value carried its own "{SCHEME}"
};

// "{SCHEME}value" -> SCHEME and value. A value without a leading "{...}" (or with an empty
// one) is in `default_scheme`, which may itself carry a suffix ("PLAIN-MD5.B64").
StoredPassword split_stored_password(std::string_view stored, std::string_view default_scheme);

}  // namespace roost::auth
