// Flag names.
#include "imap/worker/flag_names.hpp"

#include <utility>

namespace roost::imap {
namespace {

using storage::Flag;

constexpr std::pair<Flag, const char*> kOrder[] = {
    {Flag::Answered, "\\Answered"}, {Flag::Flagged, "\\Flagged"}, {Flag::Deleted, "\\Deleted"},
    {Flag::Seen, "\\Seen"},         {Flag::Draft, "\\Draft"},
};

}  // namespace

std::vector<std::string> flag_names(storage::Flags flags, const std::vector<std::string>& keywords,
                                    bool with_recent)
{
    std::vector<std::string> out;
    for (const auto& [flag, name] : kOrder) {
        if (flags.has(flag)) {
            out.emplace_back(name);
        }
    }
    if (with_recent && flags.has(Flag::Recent)) {
        out.emplace_back("\\Recent");
    }
    out.insert(out.end(), keywords.begin(), keywords.end());
    return out;
}

std::vector<std::string> system_flag_names()
{
    std::vector<std::string> out;
    for (const auto& entry : kOrder) {
        out.emplace_back(entry.second);
    }
    return out;
}

FlagChange split_flags(const std::vector<std::string>& names)
{
    FlagChange out;
    for (const std::string& name : names) {
        if (auto f = storage::parse_system_flag(name)) {
            out.flags |= *f;
        } else {
            out.keywords.push_back(name);
        }
    }
    out.flags = out.flags.storable();
    return out;
}

std::vector<std::string> keyword_names(std::uint64_t bits, const std::vector<std::string>& keywords)
{
    std::vector<std::string> out;
    for (std::size_t i = 0; i < keywords.size() && i < 64; ++i) {
        if ((bits >> i) & 1U) {
            out.push_back(keywords[i]);
        }
    }
    return out;
}

}  // namespace roost::imap
