// The master's pid file in base_dir: written at start, refused when another master is alive,
// and read by "roost stop" and "roost reload".
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include "core/result.hpp"

namespace roost::master {

// The pid in the file, when the file exists and that process is a running Roost master.
std::optional<pid_t> running_master(const std::string& path);
// Writes our pid; an error when another master already runs with this file.
Result<void> claim_pid_file(const std::string& path);
void release_pid_file(const std::string& path);

}  // namespace roost::master
