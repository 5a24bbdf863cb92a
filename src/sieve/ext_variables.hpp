// variables (RFC 5229): the modifiers of "set" (section 4.1), plus :quoteregex (regex draft)
// and :encodeurl (enotify, RFC 5435 section 6).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sieve/args.hpp"

namespace roost::sieve {

enum class Modifier {
    Lower,
    Upper,
    LowerFirst,
    UpperFirst,
    QuoteWildcard,
    QuoteRegex,
    EncodeUrl,
    Length
};

// Each modifier's precedence: higher ones are applied first; two of the same precedence
// cannot be combined.
int modifier_precedence(Modifier m);
std::optional<Modifier> modifier_from_tag(std::string_view tag);
void add_modifier_tags(std::vector<TagDef>& tags);
std::string apply_modifier(Modifier m, std::string value);

}  // namespace roost::sieve
