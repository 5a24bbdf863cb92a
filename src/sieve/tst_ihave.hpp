// ihave (RFC 5463): what the compiler needs to know about an ihave guard.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "sieve/ast.hpp"

namespace roost::sieve {

// The capabilities an if-test checks with ihave (directly, or as members of allof), when
// they are constant; nullopt when the test is not such a guard.
std::optional<std::set<std::string>> ihave_capabilities(const AstNode& test);

}  // namespace roost::sieve
