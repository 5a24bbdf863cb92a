// editheader (RFC 5293): which fields a script may not change.
#pragma once

#include <string_view>

namespace roost::sieve {

struct Settings;

// Received and Auto-Submitted can never be deleted (RFC 5293 section 7: they keep loop
// detection working); settings may protect more fields from both adding and deleting.
bool delete_protected(const Settings& settings, std::string_view field);
bool add_protected(const Settings& settings, std::string_view field);

}  // namespace roost::sieve
