// Deciding a mail worker's identity from the userdb answer.
#include "worker/mail_user.hpp"

#include <grp.h>
#include <pwd.h>

#include <charconv>
#include <system_error>

namespace roost::worker {
namespace {

Error refuse(const std::string& user, const std::string& why)
{
    return Error{std::make_error_code(std::errc::permission_denied), "user " + user + ": " + why};
}

template <class Id>
std::optional<Id> number(const std::string& text)
{
    Id value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

std::string field(const std::vector<auth::proto::Param>& fields, const std::string& key)
{
    for (const auto& f : fields) {
        if (f.key == key) {
            return f.value;
        }
    }
    return {};
}

bool under(const std::string& path, const std::string& dir)
{
    if (dir.empty() || path.compare(0, dir.size(), dir) != 0) {
        return false;
    }
    return path.size() == dir.size() || dir.back() == '/' || path[dir.size()] == '/';
}

}  // namespace

NameResolver system_names()
{
    return NameResolver{
        [](const std::string& name) -> std::optional<uid_t> {
            const passwd* pw = ::getpwnam(name.c_str());
            return pw != nullptr ? std::optional(pw->pw_uid) : std::nullopt;
        },
        [](const std::string& name) -> std::optional<gid_t> {
            const group* gr = ::getgrnam(name.c_str());
            return gr != nullptr ? std::optional(gr->gr_gid) : std::nullopt;
        },
    };
}

Result<MailUser> resolve_mail_user(const std::string& name, const std::vector<auth::proto::Param>& fields,
                                   const UserPolicy& policy, const NameResolver& names)
{
    MailUser u;
    u.name = name;
    u.fields = fields;

    std::string uid_text = field(fields, "uid");
    if (uid_text.empty()) {
        uid_text = policy.mail_uid;
    }
    std::string gid_text = field(fields, "gid");
    if (gid_text.empty()) {
        gid_text = policy.mail_gid;
    }
    if (uid_text.empty() || gid_text.empty()) {
        return refuse(name, "userdb gave no uid/gid and mail_uid/mail_gid are not set");
    }
    const auto uid = number<uid_t>(uid_text) ? number<uid_t>(uid_text) : names.user(uid_text);
    if (!uid) {
        return refuse(name, "unknown system user '" + uid_text + "' for uid");
    }
    const auto gid = number<gid_t>(gid_text) ? number<gid_t>(gid_text) : names.group(gid_text);
    if (!gid) {
        return refuse(name, "unknown system group '" + gid_text + "' for gid");
    }
    if (*uid < policy.first_valid_uid || (policy.last_valid_uid != 0 && *uid > policy.last_valid_uid)) {
        return refuse(name, "uid " + std::to_string(*uid) + " is outside first_valid_uid/last_valid_uid (" +
                                std::to_string(policy.first_valid_uid) + " to " +
                                (policy.last_valid_uid != 0 ? std::to_string(policy.last_valid_uid) : "any") + ")");
    }
    if (*gid < policy.first_valid_gid || (policy.last_valid_gid != 0 && *gid > policy.last_valid_gid)) {
        return refuse(name, "gid " + std::to_string(*gid) + " is outside first_valid_gid/last_valid_gid");
    }
    u.uid = *uid;
    u.gid = *gid;
    for (const std::string& g : policy.mail_access_groups) {
        const auto id = number<gid_t>(g) ? number<gid_t>(g) : names.group(g);
        if (!id) {
            return refuse(name, "unknown group '" + g + "' in mail_access_groups");
        }
        u.extra_groups.push_back(*id);
    }

    u.home = field(fields, "home");
    u.chroot = field(fields, "chroot");
    if (const auto split = u.home.find("/./"); split != std::string::npos) {
        u.chroot = u.home.substr(0, split);
        u.home = u.home.substr(split + 2);
    }
    // A chroot the userdb asks for must be one the admin allowed; mail_chroot is the admin's.
    if (!u.chroot.empty()) {
        bool allowed = false;
        for (const std::string& dir : policy.valid_chroot_dirs) {
            allowed = allowed || under(u.chroot, dir);
        }
        if (!allowed) {
            return refuse(name, "chroot " + u.chroot + " is not under valid_chroot_dirs");
        }
    } else {
        u.chroot = policy.mail_chroot;
    }
    u.mail_location = field(fields, "mail");
    if (u.mail_location.empty()) {
        u.mail_location = policy.mail_location;
    }
    return u;
}

}  // namespace roost::worker
