// Validator: checks a parsed tree against the schema. Every key is understood, named as a Dovecot
// feature Roost lacks (error) or as a Dovecot internal Roost does not need (notice); values are
// type-checked; Dovecot 2.4 spellings are rewritten to the 2.3 names Roost reads.
#pragma once

#include <vector>

#include "config/config_tree.hpp"
#include "config/location.hpp"

namespace roost::config {

// Checks and normalises `root` in place; appends what it finds to `out`.
void validate(Section& root, std::vector<Diagnostic>& out);

}  // namespace roost::config
