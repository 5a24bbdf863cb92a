// Dropping root.
#include "net/privileges.hpp"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>

namespace roost::net {

Result<Identity> system_user(const std::string& name)
{
    std::vector<char> buf(16384);
    passwd pw{};
    passwd* found = nullptr;
    const int rc = ::getpwnam_r(name.c_str(), &pw, buf.data(), buf.size(), &found);
    if (rc != 0 || found == nullptr) {
        return Error{std::make_error_code(std::errc::no_such_file_or_directory),
                     "system user " + name + " does not exist" + (rc ? " (lookup failed)" : "")};
    }
    Identity id;
    id.uid = pw.pw_uid;
    id.gid = pw.pw_gid;
    int count = 64;
    std::vector<gid_t> groups(static_cast<std::size_t>(count));
    if (::getgrouplist(name.c_str(), pw.pw_gid, groups.data(), &count) < 0) {
        groups.resize(static_cast<std::size_t>(count));
        ::getgrouplist(name.c_str(), pw.pw_gid, groups.data(), &count);
    }
    groups.resize(static_cast<std::size_t>(count));
    id.groups = std::move(groups);
    return id;
}

Result<gid_t> system_group(const std::string& name)
{
    std::vector<char> buf(16384);
    group gr{};
    group* found = nullptr;
    if (::getgrnam_r(name.c_str(), &gr, buf.data(), buf.size(), &found) != 0 || found == nullptr) {
        return Error{std::make_error_code(std::errc::no_such_file_or_directory),
                     "system group " + name + " does not exist"};
    }
    return gr.gr_gid;
}

Result<void> become(const Identity& who)
{
    if (::geteuid() != 0) {
        if (who.uid != ::geteuid()) {
            return Error{std::make_error_code(std::errc::operation_not_permitted),
                         "not running as root: cannot switch to uid " + std::to_string(who.uid)};
        }
        return {};
    }
    if (::setgroups(who.groups.size(), who.groups.data()) != 0) {
        return errno_error("setgroups");
    }
    if (!who.chroot.empty()) {
        if (::chroot(who.chroot.c_str()) != 0) {
            return errno_error("chroot(" + who.chroot + ")");
        }
        if (::chdir("/") != 0) {
            return errno_error("chdir(/) after chroot");
        }
    }
    if (::setresgid(who.gid, who.gid, who.gid) != 0) {
        return errno_error("setresgid(" + std::to_string(who.gid) + ")");
    }
    if (::setresuid(who.uid, who.uid, who.uid) != 0) {
        return errno_error("setresuid(" + std::to_string(who.uid) + ")");
    }
    // A process that dropped root must not be able to take it back.
    if (who.uid != 0 && (::setuid(0) == 0 || ::seteuid(0) == 0)) {
        return Error{std::make_error_code(std::errc::operation_not_permitted),
                     "privileges were not dropped: setuid(0) still works"};
    }
    return {};
}

}  // namespace roost::net
