// Parsers of the structured MIME header fields: Content-Type, Content-Disposition (RFC 2045,
// RFC 2183) with their parameters and RFC 2231 continuations, Content-Transfer-Encoding and
// Content-Language. Tolerant in the same places and ways as Dovecot, so BODYSTRUCTURE matches.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mail/message_part.hpp"

namespace roost::mail {

struct ContentType {
    std::string type;     // as written; both empty when the value does not parse
    std::string subtype;  // empty when there was no '/'
    std::vector<MimeParam> params;
};

// "type/subtype *(; param)". Junk after the subtype makes the whole value unparsable (the result
// is then empty type and subtype, no parameters).
ContentType parse_content_type(std::string_view value);

struct ContentDisposition {
    std::string type;  // may be empty
    std::vector<MimeParam> params;
};

ContentDisposition parse_content_disposition(std::string_view value);

// The parameter list after the leading value: "; attr=value" pairs. A parameter whose '=' is
// missing, or whose quoted value is unterminated, is skipped up to the next ';' after it; junk
// after a value is skipped. RFC 2231 continuations are then joined (see join_rfc2231).
std::vector<MimeParam> parse_mime_params(std::string_view text);

// Joins RFC 2231 continuations ("name*0", "name*1*" ...) into one "name" or "name*" parameter
// whose value is still charset'language'%-encoded; incomplete sequences stay as separate raw
// parameters. Plain parameters come first in their order, then the RFC 2231 ones sorted.
std::vector<MimeParam> join_rfc2231(std::vector<MimeParam> params);

// The Content-Transfer-Encoding token as written, or nullopt when the value holds none or has
// anything but comments after it (BODYSTRUCTURE then shows the default "7bit").
std::optional<std::string> parse_transfer_encoding(std::string_view value);

// The lowercased token of a Content-Transfer-Encoding value that holds nothing else but
// comments, or parameters after ';'; "" otherwise (such a body cannot be decoded).
std::string clean_transfer_encoding(std::string_view value);

// The Content-Language tags (RFC 3282), up to the first one that does not parse.
std::vector<std::string> parse_content_language(std::string_view value);

// A parameter value decoded for display or search: RFC 2231 "charset'lang'%XX" values are
// %-decoded and converted to UTF-8; others are returned as they are.
std::string decode_param_value(const MimeParam& param);

// The decoded value of parameter `name` of a list, looking at "name" and "name*" forms.
std::optional<std::string> find_param(const std::vector<MimeParam>& params, std::string_view name);

}  // namespace roost::mail
