#include "lda/lda_environment.hpp"

#include <unistd.h>

#include <ctime>

#include "core/strings.hpp"

namespace roost::lda {

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
