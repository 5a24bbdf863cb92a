// :contains (RFC 5228 section 2.7.1): the key occurs in the value under the comparator.
#include "sieve/match.hpp"

namespace roost::sieve {

bool match_contains(const Comparator& cmp, std::string_view value, std::string_view key)
{
    if (key.empty()) {
        return true;
    }
    if (!cmp.case_insensitive()) {
        return value.find(key) != std::string_view::npos;
    }
    if (key.size() > value.size()) {
        return false;
    }
    const char first = cmp.fold(key[0]);
    for (std::size_t i = 0; i + key.size() <= value.size(); ++i) {
        if (cmp.fold(value[i]) != first) {
            continue;
        }
        std::size_t k = 1;
        while (k < key.size() && cmp.fold(value[i + k]) == cmp.fold(key[k])) {
            ++k;
        }
        if (k == key.size()) {
            return true;
        }
    }
    return false;
}

}  // namespace roost::sieve
