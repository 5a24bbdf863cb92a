// i;ascii-numeric (RFC 4790 section 9.1): the leading decimal digits of a string as an
// unsigned number of any size; a string that does not start with a digit is positive
// infinity, equal only to another such string. No substring operations.
#include "sieve/comparator.hpp"

namespace roost::sieve {
namespace {

// The leading digits without leading zeros; nullopt-like empty + infinite flag.
struct Numeric {
    std::string_view digits;
    bool infinite = false;
};

Numeric numeric(std::string_view s)
{
    std::size_t n = 0;
    while (n < s.size() && s[n] >= '0' && s[n] <= '9') {
        ++n;
    }
    if (n == 0) {
        return Numeric{{}, true};
    }
    std::size_t z = 0;
    while (z + 1 < n && s[z] == '0') {
        ++z;
    }
    return Numeric{s.substr(z, n - z), false};
}

class AsciiNumericComparator final : public Comparator {
public:
    std::string_view name() const override { return "i;ascii-numeric"; }
    std::string_view capability() const override { return "comparator-i;ascii-numeric"; }
    bool equals(std::string_view a, std::string_view b) const override
    {
        return compare(a, b) == 0;
    }
    int compare(std::string_view a, std::string_view b) const override
    {
        const Numeric x = numeric(a);
        const Numeric y = numeric(b);
        if (x.infinite || y.infinite) {
            if (x.infinite && y.infinite) {
                return 0;
            }
            return x.infinite ? 1 : -1;
        }
        if (x.digits.size() != y.digits.size()) {
            return x.digits.size() < y.digits.size() ? -1 : 1;
        }
        const int c = x.digits.compare(y.digits);
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    bool substring() const override { return false; }
};

}  // namespace

const Comparator& ascii_numeric_comparator()
{
    static const AsciiNumericComparator instance;
    return instance;
}

}  // namespace roost::sieve
