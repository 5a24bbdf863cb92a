// The mailto notification method of enotify (RFC 5436) with RFC 6068 URIs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace roost::sieve {

struct MailtoUri {
    std::vector<std::string> to;
    std::vector<std::string> cc;
    std::vector<std::string> bcc;
    std::string subject;
    std::string body;
    bool has_body = false;
    std::vector<std::pair<std::string, std::string>> headers;  // other fields worth copying
};

// Parses "mailto:..." (scheme case-insensitive). nullopt with `error` set when invalid. A URI
// without recipients is valid (RFC 6068); notify then has nobody to notify.
std::optional<MailtoUri> parse_mailto(std::string_view uri, std::string* error = nullptr);

// The URI's scheme, lowercased ("" when there is none).
std::string uri_scheme(std::string_view uri);

}  // namespace roost::sieve
