// The checks Dovecot 2.3 makes across the namespace blocks (mail-namespace.c): one inbox
// namespace, distinct prefixes, prefixes ending with the separator, one separator for every
// listed namespace. Errors name the block's file:line.
#pragma once

#include <vector>

#include "config/config_tree.hpp"
#include "config/location.hpp"

namespace roost::config {

void check_namespaces(const Section& root, std::vector<Diagnostic>& out);

}  // namespace roost::config
