// Reentrant look-ups of system users and groups.
#include "auth/db/system_user.hpp"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace roost::auth {
namespace {

constexpr std::size_t kMaxBuffer = 1 << 20;

std::size_t initial_buffer(int sysconf_name)
{
    const long hint = ::sysconf(sysconf_name);
    return hint > 0 ? static_cast<std::size_t>(hint) : 16384;
}

Error lookup_error(int code, const std::string& what)
{
    return Error{std::error_code(code, std::system_category()), what + ": " + std::strerror(code)};
}

}  // namespace

bool is_decimal(std::string_view text)
{
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Result<std::optional<SystemUser>> find_system_user(const std::string& name)
{
    std::vector<char> buf(initial_buffer(_SC_GETPW_R_SIZE_MAX));
    for (;;) {
        passwd pw{};
        passwd* found = nullptr;
        const int rc = ::getpwnam_r(name.c_str(), &pw, buf.data(), buf.size(), &found);
        if (rc == ERANGE && buf.size() < kMaxBuffer) {
            buf.resize(buf.size() * 2);
            continue;
        }
        // glibc answers "no such user" as 0 with no entry; other libcs use ENOENT/ESRCH.
        if (found == nullptr && (rc == 0 || rc == ENOENT || rc == ESRCH)) {
            return std::optional<SystemUser>();
        }
        if (rc != 0) {
            return lookup_error(rc, "getpwnam_r(" + name + ")");
        }
        SystemUser user;
        user.name = pw.pw_name;
        user.password = pw.pw_passwd == nullptr ? "" : pw.pw_passwd;
        user.uid = pw.pw_uid;
        user.gid = pw.pw_gid;
        user.home = pw.pw_dir == nullptr ? "" : pw.pw_dir;
        return std::optional(std::move(user));
    }
}

Result<std::optional<gid_t>> find_group_id(const std::string& name)
{
    std::vector<char> buf(initial_buffer(_SC_GETGR_R_SIZE_MAX));
    for (;;) {
        group gr{};
        group* found = nullptr;
        const int rc = ::getgrnam_r(name.c_str(), &gr, buf.data(), buf.size(), &found);
        if (rc == ERANGE && buf.size() < kMaxBuffer) {
            buf.resize(buf.size() * 2);
            continue;
        }
        if (found == nullptr && (rc == 0 || rc == ENOENT || rc == ESRCH)) {
            return std::optional<gid_t>();
        }
        if (rc != 0) {
            return lookup_error(rc, "getgrnam_r(" + name + ")");
        }
        return std::optional(gr.gr_gid);
    }
}

Result<void> resolve_id_fields(Fields& fields)
{
    for (Field& f : fields) {
        if ((f.key != "uid" && f.key != "gid") || is_decimal(f.value)) {
            continue;
        }
        if (f.value.empty()) {
            return Error{std::make_error_code(std::errc::invalid_argument),
                         "empty " + f.key + " field"};
        }
        std::optional<std::string> number;
        if (f.key == "uid") {
            auto user = find_system_user(f.value);
            if (!user) {
                return user.error();
            }
            if (*user) {
                number = std::to_string((*user)->uid);
            }
        } else {
            auto gid = find_group_id(f.value);
            if (!gid) {
                return gid.error();
            }
            if (*gid) {
                number = std::to_string(**gid);
            }
        }
        if (!number) {
            return Error{std::make_error_code(std::errc::invalid_argument),
                         "invalid " + f.key + "=" + f.value + ": no such " +
                             (f.key == "uid" ? "user" : "group")};
        }
        f.value = std::move(*number);
        f.has_value = true;
    }
    return {};
}

}  // namespace roost::auth
