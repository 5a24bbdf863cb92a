// Parsing and expansion of mail_location strings.
#include "storage/mail_location.hpp"

#include "core/strings.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage {
namespace {

// Splits on ':' with "::" meaning a literal ':'.
std::vector<std::string> split_location(std::string_view text)
{
    std::vector<std::string> parts(1);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != ':') {
            parts.back() += text[i];
        } else if (i + 1 < text.size() && text[i + 1] == ':') {
            parts.back() += ':';
            ++i;
        } else {
            parts.emplace_back();
        }
    }
    return parts;
}

Error bad(std::string message)
{
    return storage_error(StorageError::BadLocation, std::move(message));
}

}  // namespace

Result<std::string> expand_location_value(std::string_view value, const LocationVariables& vars)
{
    std::string out;
    std::size_t i = 0;
    if (!value.empty() && value[0] == '~' && (value.size() == 1 || value[1] == '/')) {
        if (vars.home.empty()) {
            return bad("mail location uses ~ but the user has no home directory");
        }
        out = vars.home;
        if (out.size() > 1 && out.back() == '/') {
            out.pop_back();
        }
        i = 1;
    }
    const auto at = vars.user.find('@');
    for (; i < value.size(); ++i) {
        if (value[i] != '%') {
            out += value[i];
            continue;
        }
        if (++i >= value.size()) {
            return bad("mail location ends in a lone %");
        }
        switch (value[i]) {
            case '%':
                out += '%';
                break;
            case 'u':
                out += vars.user;
                break;
            case 'n':
                out += vars.user.substr(0, at);
                break;
            case 'd':
                if (at != std::string::npos) {
                    out += vars.user.substr(at + 1);
                }
                break;
            case 'h':
                if (vars.home.empty()) {
                    return bad("mail location uses %h but the user has no home directory");
                }
                out += vars.home;
                break;
            default:
                return bad(std::string("mail location uses an unsupported variable %") + value[i] +
                           " (expand it before opening the storage)");
        }
    }
    return out;
}

Result<MailLocation> parse_mail_location(std::string_view text, const LocationVariables& vars)
{
    const std::string_view trimmed = trim(text);
    if (trimmed.empty()) {
        return bad("empty mail location (autodetection is not supported)");
    }
    std::vector<std::string> parts = split_location(trimmed);
    if (parts.size() < 2 || parts[0].empty()) {
        return bad("mail location needs a driver: " + std::string(trimmed));
    }
    MailLocation loc;
    loc.driver = to_lower(parts[0]);
    for (const char c : loc.driver) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
            return bad("mail location has an invalid driver name: " + parts[0]);
        }
    }
    auto root = expand_location_value(parts[1], vars);
    if (!root) {
        return root.error();
    }
    loc.root = std::move(root.value());
    if (loc.root.empty()) {
        return bad("mail location has an empty path: " + std::string(trimmed));
    }
    for (std::size_t k = 2; k < parts.size(); ++k) {
        const std::string& part = parts[k];
        if (part.empty()) {
            continue;
        }
        const auto eq = part.find('=');
        const std::string key = to_upper(part.substr(0, eq));
        std::string value;
        if (eq != std::string::npos) {
            auto expanded = expand_location_value(std::string_view(part).substr(eq + 1), vars);
            if (!expanded) {
                return expanded.error();
            }
            value = std::move(expanded.value());
        }
        if (key == "INBOX") {
            loc.inbox = value;
        } else if (key == "INDEX") {
            loc.index = value;
        } else if (key == "CONTROL") {
            loc.control = value;
        } else if (key == "LAYOUT") {
            loc.layout = to_lower(value);
        } else {
            loc.options.emplace_back(key, value);
        }
    }
    return loc;
}

}  // namespace roost::storage
