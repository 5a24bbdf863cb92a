// How a client's user name becomes the name looked up.
#include "auth/user_name.hpp"

#include "config/variables.hpp"

namespace roost::auth {

std::optional<std::string> normalize_user_name(std::string_view given, const UserNameRules& rules)
{
    if (given.empty()) {
        return std::nullopt;
    }
    std::string name(given);
    for (std::size_t i = 0; i + 1 < rules.translation.size(); i += 2) {
        for (char& c : name) {
            if (c == rules.translation[i]) {
                c = rules.translation[i + 1];
            }
        }
    }
    if (!rules.allowed_chars.empty() && name.find_first_not_of(rules.allowed_chars) != std::string::npos) {
        return std::nullopt;
    }
    if (!rules.default_realm.empty() && name.find('@') == std::string::npos) {
        name += "@" + rules.default_realm;
    }
    if (!rules.format.empty()) {
        config::Variables vars;
        vars.letters = {{'u', "user"}, {'n', "username"}, {'d', "domain"}};
        const std::size_t at = name.find('@');
        vars.values = {{"user", name},
                       {"username", name.substr(0, at)},
                       {"domain", at == std::string::npos ? std::string() : name.substr(at + 1)}};
        auto formatted = config::expand_variables(rules.format, vars);
        if (!formatted) {
            return std::nullopt;
        }
        name = std::move(*formatted);
    }
    if (name.empty()) {
        return std::nullopt;
    }
    return name;
}

}  // namespace roost::auth
