// The comparator table.
#include "sieve/comparator.hpp"

#include "core/strings.hpp"

namespace roost::sieve {

const Comparator* find_comparator(std::string_view name)
{
    for (const Comparator* c :
         {&octet_comparator(), &ascii_casemap_comparator(), &ascii_numeric_comparator()}) {
        if (iequals(c->name(), name)) {
            return c;
        }
    }
    return nullptr;
}

}  // namespace roost::sieve
