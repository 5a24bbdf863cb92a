// Special-use attributes: CREATE's choice and LIST's view.
#include "imap/worker/special_use.hpp"

#include <algorithm>
#include <array>

#include "core/strings.hpp"

namespace roost::imap {

std::optional<std::string> creatable_special_use(std::string_view attribute)
{
    static constexpr std::array<std::string_view, 5> kCreatable = {"\\Archive", "\\Drafts", "\\Junk", "\\Sent",
                                                                   "\\Trash"};
    for (const std::string_view known : kCreatable) {
        if (iequals(known, attribute)) {
            return std::string(known);
        }
    }
    return std::nullopt;
}

std::vector<std::string> special_use_of(const std::string& name,
                                        const std::map<std::string, std::vector<std::string>>& configured,
                                        const storage::SpecialUseMap& created)
{
    std::vector<std::string> out;
    if (const auto it = configured.find(name); it != configured.end()) {
        out = it->second;
    }
    if (const auto it = created.find(name); it != created.end()) {
        for (const std::string& a : it->second) {
            if (std::find(out.begin(), out.end(), a) == out.end()) {
                out.push_back(a);
            }
        }
    }
    return out;
}

}  // namespace roost::imap
