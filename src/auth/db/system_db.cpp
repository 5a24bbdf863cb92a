// The passwd and shadow passdbs and the passwd userdb.
#include "auth/db/system_db.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <shadow.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <vector>

#include "auth/db/system_user.hpp"

namespace roost::auth {
namespace {

constexpr std::size_t kMaxBuffer = 1 << 20;

// An empty field lets anyone in and "*" or "!..." mark a locked account: neither may log in.
// Otherwise the crypt(3) hash as stored (it never starts with '{', so default_scheme applies).
void set_system_password(PassdbResult& out, std::string_view driver, std::string password)
{
    if (password.empty() || password.front() == '*' || password.front() == '!') {
        out.status = PassdbStatus::UserDisabled;
        out.error = std::string(driver) + ": the account is locked or has no password";
        return;
    }
    out.password = std::move(password);
    out.status = PassdbStatus::Ok;
}

}  // namespace

PassdbResult PasswdPassdb::lookup(const RequestInfo& request)
{
    PassdbResult out;
    out.user = request.user;
    out.default_scheme = "CRYPT";
    auto found = find_system_user(request.user);
    if (!found) {
        out.status = PassdbStatus::TempFail;
        out.error = "passwd: " + found.error().message;
        return out;
    }
    if (!*found) {
        out.status = PassdbStatus::UserUnknown;
        return out;
    }
    set_system_password(out, "passwd", std::move((*found)->password));
    return out;
}

PassdbResult ShadowPassdb::lookup(const RequestInfo& request)
{
    PassdbResult out;
    out.user = request.user;
    out.default_scheme = "CRYPT";
    // NSS hides a permission problem: the files module fails, the next one says "not found".
    if (::faccessat(AT_FDCWD, shadow_path_.c_str(), R_OK, AT_EACCESS) != 0 && errno != ENOENT) {
        out.status = PassdbStatus::TempFail;
        out.error = "shadow: cannot read " + shadow_path_ + ": " + std::strerror(errno) +
                    " (the auth service needs root or the shadow group)";
        return out;
    }
    const long hint = ::sysconf(_SC_GETPW_R_SIZE_MAX);
    std::vector<char> buf(hint > 0 ? static_cast<std::size_t>(hint) : 16384);
    for (;;) {
        spwd sp{};
        spwd* found = nullptr;
        errno = 0;
        const int rc = ::getspnam_r(request.user.c_str(), &sp, buf.data(), buf.size(), &found);
        if (rc == ERANGE && buf.size() < kMaxBuffer) {
            buf.resize(buf.size() * 2);
            continue;
        }
        if (rc == EACCES || (found == nullptr && errno == EACCES)) {
            out.status = PassdbStatus::TempFail;
            out.error = "shadow: getspnam_r(" + request.user + "): " + std::strerror(EACCES) +
                        " (the auth service needs root or the shadow group)";
            return out;
        }
        if (found == nullptr && (rc == 0 || rc == ENOENT || rc == ESRCH)) {
            out.status = PassdbStatus::UserUnknown;
            return out;
        }
        if (rc != 0) {
            out.status = PassdbStatus::TempFail;
            out.error = "shadow: getspnam_r(" + request.user + "): " + std::strerror(rc);
            return out;
        }
        set_system_password(out, "shadow", sp.sp_pwdp == nullptr ? "" : sp.sp_pwdp);
        return out;
    }
}

UserdbResult PasswdUserdb::lookup(const RequestInfo& request, const Fields& passdb_fields)
{
    (void)passdb_fields;
    UserdbResult out;
    out.user = request.user;
    auto found = find_system_user(request.user);
    if (!found) {
        out.status = UserdbStatus::TempFail;
        out.error = "passwd: " + found.error().message;
        return out;
    }
    if (!*found) {
        out.status = UserdbStatus::UserUnknown;
        return out;
    }
    const SystemUser& user = **found;
    out.user = user.name;
    out.fields.push_back(Field{"system_groups_user", user.name, true});
    out.fields.push_back(Field{"uid", std::to_string(user.uid), true});
    out.fields.push_back(Field{"gid", std::to_string(user.gid), true});
    out.fields.push_back(Field{"home", user.home, true});
    out.status = UserdbStatus::Ok;
    return out;
}

bool PasswdUserdb::iterate(const std::function<void(const std::string&)>& each)
{
    static std::mutex cursor;
    std::vector<std::string> names;
    {
        const std::lock_guard lock(cursor);
        ::setpwent();
        while (const passwd* pw = ::getpwent()) {
            names.emplace_back(pw->pw_name);
        }
        ::endpwent();
    }
    // Called outside the lock: `each` may well look users up itself.
    for (const std::string& name : names) {
        each(name);
    }
    return true;
}

}  // namespace roost::auth
