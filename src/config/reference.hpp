// The settings reference for admins (doc/settings-reference.md), generated from the registry so
// the documentation cannot drift from what Roost accepts.
#pragma once

#include <string>

namespace roost::config {

std::string settings_reference_markdown();

}  // namespace roost::config
