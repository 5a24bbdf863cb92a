// Reading passwords for roostadm: from the terminal without echo, or a line from standard
// input when it is not a terminal (scripts: `echo pw | roostadm pw -s SHA512-CRYPT`).
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace roost::tools::roostadm {

// A new password: asked twice on a terminal (the two must match), or the first line of
// standard input otherwise. Empty passwords are refused either way.
Result<std::string> read_new_password();

// A password to check: asked once with `prompt` on a terminal, or the first line of
// standard input otherwise.
Result<std::string> read_password(std::string_view prompt);

}  // namespace roost::tools::roostadm
