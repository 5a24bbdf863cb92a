// The static drivers: one password for every user (passdb static) and the same uid, gid and
// home template for every user (userdb static), all from `args`, with %variables.
#pragma once

#include <string>
#include <string_view>

#include "auth/db/passdb.hpp"
#include "auth/db/userdb.hpp"
#include "core/result.hpp"

namespace roost::auth {

// passdb static: `args = password=SECRET` or `args = nopassword`, plus any key=value (or bare
// flag) that become extra fields. The password is PLAIN unless it carries its {SCHEME}. An
// empty or missing password matches nothing: verify() answers PasswordMismatch unless
// `nopassword` is set (then the extra field `nopassword` tells the caller to skip the check).
class StaticPassdb final : public Passdb {
public:
    // Errors: bad %-variable syntax in a value.
    static Result<StaticPassdb> create(std::string_view args);

    std::string_view driver() const override { return "static"; }
    PassdbResult lookup(const RequestInfo& request) override;
    PassdbResult verify(const RequestInfo& request, std::string_view password) override;

private:
    StaticPassdb() = default;

    std::string password_;  // template, may hold %variables
    bool nopassword_ = false;
    Fields extra_;  // templates
};

// userdb static: `args = uid=vmail gid=vmail home=/srv/mail/%d/%n [allow_all_users=yes]`; every
// key=value is a userdb field, names in uid/gid are resolved to numbers at lookup.
// Without allow_all_users the chain must first check the user exists in a passdb: this driver
// answers Ok for any name.
class StaticUserdb final : public Userdb {
public:
    // Errors: bad %-variable syntax in a value, allow_all_users not yes/no.
    static Result<StaticUserdb> create(std::string_view args);

    std::string_view driver() const override { return "static"; }
    UserdbResult lookup(const RequestInfo& request, const Fields& passdb_fields) override;

    bool allow_all_users() const { return allow_all_users_; }

private:
    StaticUserdb() = default;

    Fields template_;
    bool allow_all_users_ = false;
};

}  // namespace roost::auth
