// The set modifiers.
#include "sieve/ext_variables.hpp"

#include "core/strings.hpp"
#include "mail/utf8.hpp"
#include "sieve/test_common.hpp"

namespace roost::sieve {

int modifier_precedence(Modifier m)
{
    switch (m) {
        case Modifier::Lower:
        case Modifier::Upper:
            return 40;
        case Modifier::LowerFirst:
        case Modifier::UpperFirst:
            return 30;
        case Modifier::QuoteWildcard:
        case Modifier::QuoteRegex:
            return 20;
        case Modifier::EncodeUrl:
            return 15;
        case Modifier::Length:
            return 10;
    }
    return 0;
}

std::optional<Modifier> modifier_from_tag(std::string_view tag)
{
    if (tag == "lower") {
        return Modifier::Lower;
    }
    if (tag == "upper") {
        return Modifier::Upper;
    }
    if (tag == "lowerfirst") {
        return Modifier::LowerFirst;
    }
    if (tag == "upperfirst") {
        return Modifier::UpperFirst;
    }
    if (tag == "quotewildcard") {
        return Modifier::QuoteWildcard;
    }
    if (tag == "quoteregex") {
        return Modifier::QuoteRegex;
    }
    if (tag == "encodeurl") {
        return Modifier::EncodeUrl;
    }
    if (tag == "length") {
        return Modifier::Length;
    }
    return std::nullopt;
}

void add_modifier_tags(std::vector<TagDef>& tags)
{
    tags.push_back({"lower", ArgType::None, "", kGroupCase});
    tags.push_back({"upper", ArgType::None, "", kGroupCase});
    tags.push_back({"lowerfirst", ArgType::None, "", kGroupFirst});
    tags.push_back({"upperfirst", ArgType::None, "", kGroupFirst});
    tags.push_back({"quotewildcard", ArgType::None, "", kGroupQuote});
    tags.push_back({"quoteregex", ArgType::None, "regex", kGroupQuote});
    tags.push_back({"encodeurl", ArgType::None, "enotify"});
    tags.push_back({"length", ArgType::None});
}

std::string apply_modifier(Modifier m, std::string value)
{
    switch (m) {
        case Modifier::Lower:
            return to_lower(value);
        case Modifier::Upper:
            return to_upper(value);
        case Modifier::LowerFirst:
            if (!value.empty()) {
                value[0] = ascii_lower(value[0]);
            }
            return value;
        case Modifier::UpperFirst:
            if (!value.empty()) {
                value[0] = ascii_upper(value[0]);
            }
            return value;
        case Modifier::QuoteWildcard: {
            std::string out;
            for (const char c : value) {
                if (c == '*' || c == '?' || c == '\\') {
                    out += '\\';
                }
                out += c;
            }
            return out;
        }
        case Modifier::QuoteRegex: {
            static constexpr std::string_view kSpecial = "\\^$.[]|()*+?{}";
            std::string out;
            for (const char c : value) {
                if (kSpecial.find(c) != std::string_view::npos) {
                    out += '\\';
                }
                out += c;
            }
            return out;
        }
        case Modifier::EncodeUrl: {
            static constexpr char kHex[] = "0123456789ABCDEF";
            std::string out;
            for (const char c : value) {
                const auto b = static_cast<unsigned char>(c);
                const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                        (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                                        c == '_' || c == '~';
                if (unreserved) {
                    out += c;
                } else {
                    out += '%';
                    out += kHex[b >> 4];
                    out += kHex[b & 15];
                }
            }
            return out;
        }
        case Modifier::Length:
            return std::to_string(mail::utf8_length(value));
    }
    return value;
}

}  // namespace roost::sieve
