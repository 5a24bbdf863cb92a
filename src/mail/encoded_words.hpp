// RFC 2047 encoded words: decoding header text to UTF-8 and encoding UTF-8 into encoded words.
#pragma once

#include <string>
#include <string_view>

namespace roost::mail {

// Decodes every "=?charset?Q|B?text?=" in a header value to UTF-8, dropping the whitespace
// between adjacent encoded words (RFC 2047 section 6.2) and joining their bytes first, so a
// multi-byte character split across two words survives. Unencoded 8-bit bytes are taken as
// UTF-8 and repaired. Malformed encoded words are left as they are. Folding is removed.
std::string decode_header_text(std::string_view value);

// Encodes UTF-8 text as one or more encoded words in `charset` ('Q' or 'B'), each at most 75
// bytes, joined by `separator` (a space, or a fold such as "\r\n ").
std::string encode_header_text(std::string_view text, std::string_view charset, char encoding,
                               std::string_view separator = " ");

}  // namespace roost::mail
