// i;ascii-casemap (RFC 4790 section 9.2): i;octet after mapping a-z to A-Z; the default
// comparator of every Sieve test.
#include "core/strings.hpp"
#include "sieve/comparator.hpp"

namespace roost::sieve {
namespace {

class AsciiCasemapComparator final : public Comparator {
public:
    std::string_view name() const override { return "i;ascii-casemap"; }
    std::string_view capability() const override { return ""; }
    bool equals(std::string_view a, std::string_view b) const override { return iequals(a, b); }
    int compare(std::string_view a, std::string_view b) const override
    {
        const std::size_t n = a.size() < b.size() ? a.size() : b.size();
        for (std::size_t i = 0; i < n; ++i) {
            const auto x = static_cast<unsigned char>(ascii_upper(a[i]));
            const auto y = static_cast<unsigned char>(ascii_upper(b[i]));
            if (x != y) {
                return x < y ? -1 : 1;
            }
        }
        if (a.size() == b.size()) {
            return 0;
        }
        return a.size() < b.size() ? -1 : 1;
    }
    char fold(char c) const override { return ascii_lower(c); }
    bool case_insensitive() const override { return true; }
};

}  // namespace

const Comparator& ascii_casemap_comparator()
{
    static const AsciiCasemapComparator instance;
    return instance;
}

}  // namespace roost::sieve
