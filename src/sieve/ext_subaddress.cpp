// subaddress (RFC 5233): ":user" and ":detail" split the local part at the first recipient
// delimiter (any character of the configured set, as Dovecot's recipient_delimiter).
#include "sieve/test_common.hpp"

namespace roost::sieve {

std::optional<std::string> address_part_value(std::string_view local, std::string_view domain,
                                              AddressPart part, std::string_view delimiters)
{
    switch (part) {
        case AddressPart::All:
            return domain.empty() ? std::string(local)
                                  : std::string(local) + "@" + std::string(domain);
        case AddressPart::LocalPart:
            return std::string(local);
        case AddressPart::Domain:
            return std::string(domain);
        case AddressPart::User:
        case AddressPart::Detail: {
            const std::size_t at =
                delimiters.empty() ? std::string_view::npos : local.find_first_of(delimiters);
            if (part == AddressPart::User) {
                return std::string(local.substr(0, at));
            }
            if (at == std::string_view::npos) {
                return std::nullopt;  // no detail: the test is false (RFC 5233 section 4)
            }
            return std::string(local.substr(at + 1));
        }
    }
    return std::nullopt;
}

}  // namespace roost::sieve
