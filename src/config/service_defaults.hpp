// The services Roost runs and their default listeners, as config text: what a config that says
// nothing about services gets, and what user "service" blocks are laid over.
#pragma once

#include <string_view>
#include <vector>

#include "config/config_tree.hpp"

namespace roost::config {

// Dovecot-syntax text with one service block per Roost service.
std::string_view default_services_text();

// The same, parsed once: one "service" section per service, in the order above.
const std::vector<Section>& default_services();
// The default definition of one service, or nullptr for a name Roost does not run.
const Section* default_service(std::string_view name);

}  // namespace roost::config
