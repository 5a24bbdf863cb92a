#include "lda/lda_environment.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

#include "core/strings.hpp"
#include "core/unique_fd.hpp"

namespace roost::lda {

Result<std::optional<std::string>> read_optional_file(const std::string& path)
{
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        if (errno == ENOENT || errno == ENOTDIR) {
            return std::optional<std::string>{};
        }
        return errno_error("cannot open " + path);
    }
    std::string out;
    char buf[16384];
    ssize_t n;
    while ((n = ::read(fd.get(), buf, sizeof buf)) > 0) {
        out.append(buf, static_cast<std::size_t>(n));
    }
    if (n < 0) {
        return errno_error("cannot read " + path);
    }
    return std::optional<std::string>(std::move(out));
}

bool LdaEnvironment::mailbox_exists(std::string_view mailbox)
{
    auto list = storage_.list_mailboxes();
    if (!list) {
        return false;
    }
    for (const storage::MailboxListEntry& e : *list) {
        if (e.selectable && (e.name == mailbox || (e.name == "INBOX" && iequals(mailbox, "INBOX")))) {
            return true;
        }
    }
    return false;
}

bool LdaEnvironment::duplicate_seen(std::string_view key, std::int64_t /*period*/)
{
    return tracking_.active("duplicate:" + std::string(key), now().unix_time);
}

bool LdaEnvironment::vacation_responded(std::string_view key)
{
    return tracking_.active("vacation:" + std::string(key), now().unix_time);
}

Result<std::optional<std::string>> LdaEnvironment::load_script(sieve::ScriptLocation location,
                                                               std::string_view name)
{
    const std::string& dir = location == sieve::ScriptLocation::Personal ? personal_dir_ : global_dir_;
    // Script names cannot climb out of their directory.
    if (dir.empty() || name.empty() || name.find('/') != std::string_view::npos || name[0] == '.') {
        return std::optional<std::string>{};
    }
    return read_optional_file(dir + "/" + std::string(name) + ".sieve");
}

std::optional<std::string> LdaEnvironment::environment_item(std::string_view name)
{
    if (auto it = items_.find(std::string(name)); it != items_.end()) {
        return it->second;
    }
    return std::nullopt;
}

sieve::Now LdaEnvironment::now()
{
    const std::time_t t = std::time(nullptr);
    std::tm local{};
    ::localtime_r(&t, &local);
    return sieve::Now{static_cast<std::int64_t>(t), static_cast<int>(local.tm_gmtoff / 60)};
}

std::int64_t LdaEnvironment::cpu_time_ms()
{
    timespec ts{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

}  // namespace roost::lda
