// i;octet (RFC 4790 section 9.3): bytes compared as unsigned values.
#include "sieve/comparator.hpp"

namespace roost::sieve {
namespace {

class OctetComparator final : public Comparator {
public:
    std::string_view name() const override { return "i;octet"; }
    std::string_view capability() const override { return ""; }
    bool equals(std::string_view a, std::string_view b) const override { return a == b; }
    int compare(std::string_view a, std::string_view b) const override
    {
        // string_view compares as unsigned char through char_traits<char>::compare (memcmp).
        const int c = a.compare(b);
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
};

}  // namespace

const Comparator& octet_comparator()
{
    static const OctetComparator instance;
    return instance;
}

}  // namespace roost::sieve
