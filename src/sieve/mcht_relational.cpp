// :value and :count (RFC 5231): ordering relations under the comparator.
#include "core/strings.hpp"
#include "sieve/match.hpp"

namespace roost::sieve {

std::optional<Relation> parse_relation(std::string_view text)
{
    static constexpr std::pair<std::string_view, Relation> kNames[] = {
        {"gt", Relation::Gt}, {"ge", Relation::Ge}, {"lt", Relation::Lt},
        {"le", Relation::Le}, {"eq", Relation::Eq}, {"ne", Relation::Ne},
    };
    for (const auto& [name, rel] : kNames) {
        if (iequals(name, text)) {
            return rel;
        }
    }
    return std::nullopt;
}

bool relation_holds(Relation relation, int compared)
{
    switch (relation) {
        case Relation::Gt:
            return compared > 0;
        case Relation::Ge:
            return compared >= 0;
        case Relation::Lt:
            return compared < 0;
        case Relation::Le:
            return compared <= 0;
        case Relation::Eq:
            return compared == 0;
        case Relation::Ne:
            return compared != 0;
    }
    return false;
}

}  // namespace roost::sieve
