// The system drivers: passdb passwd and shadow (the crypt(3) hashes of /etc/passwd and
// /etc/shadow, through NSS) and userdb passwd (uid, gid and home of system users).
#pragma once

#include <string>
#include <string_view>

#include "auth/db/passdb.hpp"
#include "auth/db/userdb.hpp"

namespace roost::auth {

// passdb passwd: pw_passwd of getpwnam_r, scheme CRYPT. On shadowed systems that is "x", which
// no password matches: use shadow or pam there. An empty, "*" or "!..." field (no password, or
// a locked account) is UserDisabled, for this driver and shadow alike.
class PasswdPassdb final : public Passdb {
public:
    std::string_view driver() const override { return "passwd"; }
    PassdbResult lookup(const RequestInfo& request) override;
};

// passdb shadow: sp_pwdp of getspnam_r, scheme CRYPT. Reading /etc/shadow needs root or the
// shadow group; when the file exists and cannot be read every lookup is TempFail saying so
// (NSS itself would just answer "no such user").
class ShadowPassdb final : public Passdb {
public:
    // `shadow_path` is checked for readability before each lookup.
    explicit ShadowPassdb(std::string shadow_path = "/etc/shadow")
        : shadow_path_(std::move(shadow_path))
    {
    }

    std::string_view driver() const override { return "shadow"; }
    PassdbResult lookup(const RequestInfo& request) override;

private:
    std::string shadow_path_;
};

// userdb passwd: uid, gid, home and system_groups_user (so the worker gets the user's
// supplementary groups) of getpwnam_r; the user name becomes the system's spelling.
class PasswdUserdb final : public Userdb {
public:
    std::string_view driver() const override { return "passwd"; }
    UserdbResult lookup(const RequestInfo& request, const Fields& passdb_fields) override;
    // Every passwd entry, through getpwent (serialised: getpwent has one cursor per process).
    bool iterate(const std::function<void(const std::string&)>& each) override;
};

}  // namespace roost::auth
