// Passdb and userdb drivers by name.
#include "auth/db/db_factory.hpp"

#include "auth/db/pam_db.hpp"
#include "auth/db/passwd_file_db.hpp"
#include "auth/db/prefetch_userdb.hpp"
#include "auth/db/static_db.hpp"
#include "auth/db/system_db.hpp"
#include "config/config.hpp"
#include "core/strings.hpp"

namespace roost::auth {
namespace {

Error section_error(const config::Section& section, const std::string& message)
{
    const std::string where = section.where.known() ? section.where.str() + ": " : std::string();
    return Error{std::make_error_code(std::errc::invalid_argument),
                 where + section.type + ": " + message};
}

// passwd, shadow and passwd userdb take no args but Dovecot's blocking=yes|no, which means
// nothing here.
Result<void> no_args(const config::Section& section, const std::string& driver,
                     std::string_view args)
{
    for (const std::string_view word : split_words(args)) {
        if (word.substr(0, 9) != "blocking=") {
            return section_error(section,
                                 "driver " + driver + " takes no args: " + std::string(word));
        }
    }
    return {};
}

// A Driver made from what a parser or factory returned, or its error with the section's place.
template <class Base, class Driver, class Made>
Result<std::unique_ptr<Base>> make(const config::Section& section, Result<Made> made)
{
    if (!made) {
        return section_error(section, made.error().message);
    }
    return std::unique_ptr<Base>(std::make_unique<Driver>(std::move(*made)));
}

// Dovecot 2.4 names the driver as the section name ("passdb pam { }"); the validator turns that
// into driver=, but a tree that skipped it should still work.
std::string driver_of(const config::Section& section)
{
    std::string driver = config::Config::section_value(section, "driver");
    return driver.empty() ? section.name : driver;
}

}  // namespace

Result<std::unique_ptr<Passdb>> make_passdb(const config::Section& section)
{
    const std::string driver = driver_of(section);
    const std::string args = config::Config::section_value(section, "args");
    if (driver == "passwd-file") {
        return make<Passdb, PasswdFilePassdb>(section, PasswdFileArgs::parse(args));
    }
    if (driver == "static") {
        return make<Passdb, StaticPassdb>(section, StaticPassdb::create(args));
    }
    if (driver == "pam") {
        return make<Passdb, PamPassdb>(section, PamArgs::parse(args));
    }
    if (driver == "passwd" || driver == "shadow") {
        if (auto ok = no_args(section, driver, args); !ok) {
            return ok.error();
        }
        if (driver == "passwd") {
            return std::unique_ptr<Passdb>(std::make_unique<PasswdPassdb>());
        }
        return std::unique_ptr<Passdb>(std::make_unique<ShadowPassdb>());
    }
    return section_error(section, driver.empty()
                                      ? "no driver given"
                                      : "unknown driver " + driver +
                                            " (known: passwd-file, static, passwd, shadow, pam)");
}

Result<std::unique_ptr<Userdb>> make_userdb(const config::Section& section)
{
    const std::string driver = driver_of(section);
    const std::string args = config::Config::section_value(section, "args");
    if (driver == "passwd-file") {
        return make<Userdb, PasswdFileUserdb>(section, PasswdFileArgs::parse(args));
    }
    if (driver == "static") {
        return make<Userdb, StaticUserdb>(section, StaticUserdb::create(args));
    }
    if (driver == "passwd") {
        if (auto ok = no_args(section, driver, args); !ok) {
            return ok.error();
        }
        return std::unique_ptr<Userdb>(std::make_unique<PasswdUserdb>());
    }
    if (driver == "prefetch") {
        return std::unique_ptr<Userdb>(std::make_unique<PrefetchUserdb>());
    }
    return section_error(section, driver.empty()
                                      ? "no driver given"
                                      : "unknown driver " + driver +
                                            " (known: passwd-file, static, passwd, prefetch)");
}

}  // namespace roost::auth
