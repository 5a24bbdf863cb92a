// How a user name given by a client becomes the name looked up: allowed characters
// (auth_username_chars), translation (auth_username_translation), format (auth_username_format)
// and default realm (auth_default_realm). Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace roost::auth {

struct UserNameRules {
    std::string allowed_chars;  // empty allows every character
    std::string translation;    // pairs: "#@/@" turns '#' into '@' and '/' into '@'
    std::string format = "%Lu"; // %-variables of the name (u, n, d and modifiers)
    std::string default_realm;  // appended as "@realm" to names without one
};

// The name to look up, or nullopt when the name holds a character that is not allowed (or is
// empty, or becomes empty).
std::optional<std::string> normalize_user_name(std::string_view given, const UserNameRules& rules);

}  // namespace roost::auth
