// Directory listings of new/ and cur/.
#include "storage/maildir/maildir_scan.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

#include "storage/file_util.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage::maildir {
namespace {

constexpr int kScanAttempts = 4;
constexpr std::time_t kTmpMaxAge = std::time_t{36} * 3600;
// Directory mtimes this close to a listing may hide a later change made in the same tick.
// One second, as Dovecot (MAILDIR_SYNC_SECS) and git (racy timestamps) take it: enough for
// coarse kernel clocks and for NFS servers whose clocks run a little apart from ours.
constexpr std::int64_t kRacyNs = 1'000'000'000;

std::int64_t now_ns()
{
    struct timespec ts {};
    ::clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

Result<void> list_dir(const std::string& dir, bool in_new, DirListing& out)
{
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) {
        return storage_errno_error("opendir(" + dir + ")");
    }
    errno = 0;
    while (const dirent* e = ::readdir(d)) {
        if (e->d_name[0] == '.' || e->d_type == DT_DIR) {
            continue;
        }
        const std::string_view name(e->d_name);
        if (name.size() > UINT16_MAX || out.names.size() > UINT32_MAX - name.size()) {
            continue;  // no file system allows such a name; a listing this large is no mailbox
        }
        out.entries.push_back({static_cast<std::uint32_t>(out.names.size()),
                               static_cast<std::uint16_t>(name.size()), in_new});
        out.names += name;
    }
    const int err = errno;
    ::closedir(d);
    if (err != 0) {
        errno = err;
        return storage_errno_error("readdir(" + dir + ")");
    }
    return {};
}

}  // namespace

Result<DirListing> list_maildir(const std::string& mail_dir, std::size_t expected_files,
                                std::size_t expected_name_bytes)
{
    const std::string new_dir = mail_dir + "/new";
    const std::string cur_dir = mail_dir + "/cur";
    DirListing out;
    // A little more than last time: a few deliveries need no regrowth.
    out.names.reserve(expected_name_bytes + expected_name_bytes / 16);
    out.entries.reserve(expected_files + expected_files / 16);
    for (int attempt = 0; attempt < kScanAttempts; ++attempt) {
        const auto started = now_ns();
        const auto new_before = mtime_ns(new_dir);
        const auto cur_before = mtime_ns(cur_dir);
        if (!cur_before) {
            return storage_error(StorageError::NotFound,
                                 "mailbox directory " + mail_dir + " has no cur/ (deleted?)");
        }
        const std::size_t names_capacity = out.names.capacity();
        out.names.clear();
        out.entries.clear();
        out.names.reserve(names_capacity);
        if (new_before) {
            auto listed = list_dir(new_dir, true, out);
            if (!listed) {
                return listed.error();
            }
        }
        auto listed = list_dir(cur_dir, false, out);
        if (!listed) {
            return listed.error();
        }
        out.stamp.new_mtime = new_before;
        out.stamp.cur_mtime = *cur_before;
        out.stamp.listed_at = started;
        out.stamp.stable = mtime_ns(new_dir) == new_before && mtime_ns(cur_dir) == cur_before;
        if (out.stamp.stable) {
            break;
        }
    }
    return out;
}

bool ListingStamp::racy() const
{
    const auto settled = [this](std::int64_t mtime) { return mtime < listed_at - kRacyNs; };
    return !settled(cur_mtime) || (new_mtime && !settled(*new_mtime));
}

bool listing_still_current(const std::string& mail_dir, const ListingStamp& stamp)
{
    if (!stamp.stable || stamp.listed_at == 0) {
        return false;
    }
    if (stamp.racy() && now_ns() >= stamp.listed_at + kRacyNs) {
        return false;
    }
    return stamp_matches(mail_dir, stamp, true, true);
}

bool stamp_matches(const std::string& mail_dir, const ListingStamp& stamp, bool in_new,
                   bool in_cur)
{
    if (!stamp.stable || stamp.listed_at == 0) {
        return false;
    }
    return (!in_cur || mtime_ns(mail_dir + "/cur") == stamp.cur_mtime) &&
           (!in_new || mtime_ns(mail_dir + "/new") == stamp.new_mtime);
}

void stamp_own_change(const std::string& mail_dir, ListingStamp& stamp, bool in_new,
                      bool in_cur)
{
    if (in_cur) {
        const auto cur = mtime_ns(mail_dir + "/cur");
        if (!cur) {
            stamp.listed_at = 0;  // gone: the next sync finds out
            return;
        }
        stamp.cur_mtime = *cur;
    }
    if (in_new) {
        stamp.new_mtime = mtime_ns(mail_dir + "/new");
    }
}

void clean_maildir_tmp(const std::string& mail_dir)
{
    const std::string tmp = mail_dir + "/tmp";
    DIR* d = ::opendir(tmp.c_str());
    if (d == nullptr) {
        return;
    }
    const std::time_t now = std::time(nullptr);
    while (const dirent* e = ::readdir(d)) {
        if (e->d_name[0] == '.') {
            continue;
        }
        struct stat st {};
        if (::fstatat(::dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISREG(st.st_mode) && now - st.st_atime > kTmpMaxAge &&
            now - st.st_mtime > kTmpMaxAge && now - st.st_ctime > kTmpMaxAge) {
            ::unlinkat(::dirfd(d), e->d_name, 0);
        }
    }
    ::closedir(d);
}

}  // namespace roost::storage::maildir
