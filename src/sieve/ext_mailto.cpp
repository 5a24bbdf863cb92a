// Parsing mailto URIs for notifications.
#include "sieve/ext_mailto.hpp"

#include "core/strings.hpp"
#include "sieve/address_util.hpp"

namespace roost::sieve {
namespace {

int hex(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

std::optional<std::string> pct_decode(std::string_view s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%') {
            if (i + 2 >= s.size() || hex(s[i + 1]) < 0 || hex(s[i + 2]) < 0) {
                return std::nullopt;
            }
            out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

bool add_addresses(std::string_view decoded, std::vector<std::string>& out, std::string* error)
{
    for (std::string_view part : split(decoded, ',')) {
        part = trim(part);
        if (part.empty()) {
            continue;
        }
        const auto a = parse_single_address(part);
        if (!a) {
            if (error != nullptr) {
                *error = "invalid address '" + std::string(part) + "' in mailto URI";
            }
            return false;
        }
        out.push_back(a->spec());
    }
    return true;
}

}  // namespace

std::string uri_scheme(std::string_view uri)
{
    const std::size_t colon = uri.find(':');
    if (colon == std::string_view::npos || colon == 0) {
        return {};
    }
    for (std::size_t i = 0; i < colon; ++i) {
        const char c = uri[i];
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
        if (!ok) {
            return {};
        }
    }
    return to_lower(uri.substr(0, colon));
}

std::optional<MailtoUri> parse_mailto(std::string_view uri, std::string* error)
{
    auto fail = [&](std::string why) -> std::optional<MailtoUri> {
        if (error != nullptr && error->empty()) {
            *error = std::move(why);
        }
        return std::nullopt;
    };
    if (uri_scheme(uri) != "mailto") {
        return fail("not a mailto URI");
    }
    std::string_view rest = uri.substr(7);
    const std::size_t q = rest.find('?');
    const std::string_view to_part = rest.substr(0, q);
    MailtoUri out;
    const auto to = pct_decode(to_part);
    if (!to) {
        return fail("invalid %-encoding in mailto URI");
    }
    if (!add_addresses(*to, out.to, error)) {
        return std::nullopt;
    }
    if (q != std::string_view::npos) {
        for (std::string_view field : split(rest.substr(q + 1), '&')) {
            if (field.empty()) {
                continue;
            }
            // A field without '=' has an empty value (RFC 6068 parsers accept it).
            const std::size_t eq = field.find('=');
            const auto name = pct_decode(field.substr(0, eq));
            const auto value = eq == std::string_view::npos ? std::optional<std::string>("")
                                                            : pct_decode(field.substr(eq + 1));
            if (!name || !value || name->empty()) {
                return fail("invalid header field in mailto URI");
            }
            const std::string n = to_lower(*name);
            if (n == "to") {
                if (!add_addresses(*value, out.to, error)) {
                    return std::nullopt;
                }
            } else if (n == "cc") {
                if (!add_addresses(*value, out.cc, error)) {
                    return std::nullopt;
                }
            } else if (n == "bcc") {
                if (!add_addresses(*value, out.bcc, error)) {
                    return std::nullopt;
                }
            } else if (n == "subject") {
                out.subject = *value;
            } else if (n == "body") {
                out.body = *value;
                out.has_body = true;
            } else if (n == "in-reply-to" || n == "references" || n == "keywords" ||
                       n == "comments") {
                // Fields that cannot forge the origin of the notification (RFC 5436 2.4).
                out.headers.emplace_back(*name, *value);
            }
        }
    }
    return out;
}

}  // namespace roost::sieve
