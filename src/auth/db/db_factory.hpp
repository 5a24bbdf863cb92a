// Makes the passdb and userdb drivers a configuration's passdb { } and userdb { } sections name.
#pragma once

#include <memory>

#include "auth/db/passdb.hpp"
#include "auth/db/userdb.hpp"
#include "config/config_tree.hpp"
#include "core/result.hpp"

namespace roost::auth {

// By `driver`: passwd-file, static, passwd, shadow, pam. Errors (an unknown driver, bad args)
// name the section's file:line and the driver. passwd-file drivers share
// PasswdFileCache::shared(), so a passdb and a userdb on the same file read it once.
Result<std::unique_ptr<Passdb>> make_passdb(const config::Section& passdb_section);

// By `driver`: passwd-file, static, passwd, prefetch. A static userdb is a StaticUserdb, whose
// allow_all_users() the caller checks.
Result<std::unique_ptr<Userdb>> make_userdb(const config::Section& userdb_section);

}  // namespace roost::auth
