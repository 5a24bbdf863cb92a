// Comparators (RFC 4790, RFC 5228 section 2.7.3): how strings are compared for equality,
// substring and ordering. One file per comparator (cmp_*.cpp); this is their table.
#pragma once

#include <string>
#include <string_view>

namespace roost::sieve {

class Comparator {
public:
    virtual ~Comparator() = default;

    virtual std::string_view name() const = 0;
    // The capability a script must require to use it ("" for the two every script has).
    virtual std::string_view capability() const = 0;
    virtual bool equals(std::string_view a, std::string_view b) const = 0;
    // Ordering for the relational match types: negative, zero or positive.
    virtual int compare(std::string_view a, std::string_view b) const = 0;
    // Whether :contains, :matches and :regex are defined for it.
    virtual bool substring() const { return true; }
    // The byte as the comparator sees it for substring and wildcard matching.
    virtual char fold(char c) const { return c; }
    virtual bool case_insensitive() const { return false; }
};

const Comparator& octet_comparator();
const Comparator& ascii_casemap_comparator();
const Comparator& ascii_numeric_comparator();

// The comparator of that name (ASCII case-insensitive), nullptr when unknown.
const Comparator* find_comparator(std::string_view name);

}  // namespace roost::sieve
