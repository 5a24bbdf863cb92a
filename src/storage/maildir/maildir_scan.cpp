// Directory scans of new/ and cur/.
#include "storage/maildir/maildir_scan.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

#include "storage/file_util.hpp"
#include "storage/maildir/maildir_filename.hpp"
#include "storage/storage_error.hpp"

namespace roost::storage::maildir {
namespace {

constexpr int kScanAttempts = 4;
constexpr std::time_t kTmpMaxAge = std::time_t{36} * 3600;

Result<void> list_dir(const std::string& dir, bool in_new,
                      std::unordered_map<std::string, FoundFile>& files)
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
        const std::string base(maildir_base(name));
        auto [it, inserted] = files.try_emplace(base, FoundFile{std::string(name), in_new});
        if (!inserted && !in_new) {
            it->second = FoundFile{std::string(name), false};  // cur/ wins over new/
        }
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

Result<ScanOutcome> scan_maildir(const std::string& mail_dir)
{
    const std::string new_dir = mail_dir + "/new";
    const std::string cur_dir = mail_dir + "/cur";
    ScanOutcome out;
    for (int attempt = 0; attempt < kScanAttempts; ++attempt) {
        const auto new_before = mtime_ns(new_dir);
        const auto cur_before = mtime_ns(cur_dir);
        if (!cur_before) {
            return storage_error(StorageError::NotFound,
                                 "mailbox directory " + mail_dir + " has no cur/ (deleted?)");
        }
        out.files.clear();
        if (new_before) {
            auto listed = list_dir(new_dir, true, out.files);
            if (!listed) {
                return listed.error();
            }
        }
        auto listed = list_dir(cur_dir, false, out.files);
        if (!listed) {
            return listed.error();
        }
        out.stable = mtime_ns(new_dir) == new_before && mtime_ns(cur_dir) == cur_before;
        if (out.stable) {
            break;
        }
    }
    return out;
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
