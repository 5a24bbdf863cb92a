// Names of the system flags and the STORE arithmetic.
#include "storage/flags.hpp"

#include <array>
#include <utility>

#include "core/strings.hpp"

namespace roost::storage {
namespace {

constexpr std::array<std::pair<Flag, std::string_view>, 6> kNames = {{
    {Flag::Seen, "\\Seen"},
    {Flag::Answered, "\\Answered"},
    {Flag::Flagged, "\\Flagged"},
    {Flag::Deleted, "\\Deleted"},
    {Flag::Draft, "\\Draft"},
    {Flag::Recent, "\\Recent"},
}};

}  // namespace

std::string flags_to_string(Flags flags)
{
    std::string out;
    for (const auto& [flag, name] : kNames) {
        if (flags.has(flag)) {
            if (!out.empty()) {
                out += ' ';
            }
            out += name;
        }
    }
    return out;
}

std::optional<Flag> parse_system_flag(std::string_view name)
{
    for (const auto& [flag, text] : kNames) {
        if (iequals(name, text)) {
            return flag;
        }
    }
    return std::nullopt;
}

Flags apply_store(Flags current, StoreMode mode, Flags change)
{
    const Flags storable = change.storable();
    switch (mode) {
        case StoreMode::Add:
            return current | storable;
        case StoreMode::Remove:
            return current.without(storable);
        case StoreMode::Replace:
            return storable | (current & Flags(Flag::Recent));
    }
    return current;
}

std::uint64_t apply_store(std::uint64_t current, StoreMode mode, std::uint64_t change)
{
    switch (mode) {
        case StoreMode::Add:
            return current | change;
        case StoreMode::Remove:
            return current & ~change;
        case StoreMode::Replace:
            return change;
    }
    return current;
}

}  // namespace roost::storage
