// Parsing "{SCHEME.ENC}value" prefixes and encoding suffixes.
#include "auth/schemes/stored_password.hpp"

#include "core/strings.hpp"

namespace roost::auth {

SchemeSpec parse_scheme_spec(std::string_view spec)
{
    SchemeSpec out;
    const std::size_t dot = spec.rfind('.');
    if (dot != std::string_view::npos) {
        const std::string_view suffix = spec.substr(dot + 1);
        if (iequals(suffix, "HEX")) {
            out.encoding = PasswordEncoding::Hex;
        } else if (iequals(suffix, "B64") || iequals(suffix, "BASE64")) {
            out.encoding = PasswordEncoding::Base64;
        }
        if (out.encoding) {
            spec = spec.substr(0, dot);
        }
    }
    out.name = to_upper(spec);
    return out;
}

StoredPassword split_stored_password(std::string_view stored, std::string_view default_scheme)
{
    StoredPassword out;
    if (!stored.empty() && stored.front() == '{') {
        const std::size_t close = stored.find('}');
        if (close != std::string_view::npos && close > 1) {
            out.scheme = parse_scheme_spec(stored.substr(1, close - 1));
            out.value = stored.substr(close + 1);
            out.prefixed = true;
            return out;
        }
    }
    out.scheme = parse_scheme_spec(default_scheme);
    out.value = stored;
    return out;
}

}  // namespace roost::auth
