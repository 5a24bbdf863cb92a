// Parser: tokens to the syntax tree of RFC 5228 section 8.2, recovering after an error at the
// next ';' or block so that one run reports several errors.
#pragma once

#include <cstddef>
#include <string_view>

#include "sieve/ast.hpp"
#include "sieve/diagnostics.hpp"

namespace roost::sieve {

struct ParseLimits {
    std::size_t max_nesting = 32;  // nested blocks plus nested tests: keeps recursion bounded
};

// Parses a whole script. Errors go to diags; the tree holds what could be parsed.
AstScript parse_script(std::string_view script, Diagnostics& diags, ParseLimits limits = {});

}  // namespace roost::sieve
