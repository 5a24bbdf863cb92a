// :is (RFC 5228 section 2.7.1): equality under the comparator.
#include "sieve/match.hpp"

namespace roost::sieve {

bool match_is(const Comparator& cmp, std::string_view value, std::string_view key)
{
    return cmp.equals(value, key);
}

}  // namespace roost::sieve
