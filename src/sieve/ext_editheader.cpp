// Protected header fields of editheader.
#include "sieve/ext_editheader.hpp"

#include "core/strings.hpp"
#include "sieve/settings.hpp"

namespace roost::sieve {

bool add_protected(const Settings& settings, std::string_view field)
{
    for (const std::string& p : settings.editheader_protected) {
        if (iequals(p, field)) {
            return true;
        }
    }
    return false;
}

bool delete_protected(const Settings& settings, std::string_view field)
{
    return iequals(field, "received") || iequals(field, "auto-submitted") ||
           add_protected(settings, field);
}

}  // namespace roost::sieve
