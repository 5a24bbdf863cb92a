// Defaults of the host interface: a host that knows nothing (no mailboxes, no history).
#include "sieve/environment.hpp"

#include <ctime>

namespace roost::sieve {

bool Environment::mailbox_exists(std::string_view)
{
    return false;
}

bool Environment::duplicate_seen(std::string_view, std::int64_t)
{
    return false;
}

bool Environment::vacation_responded(std::string_view)
{
    return false;
}

Result<std::optional<std::string>> Environment::load_script(ScriptLocation, std::string_view)
{
    return std::optional<std::string>();
}

std::optional<std::string> Environment::environment_item(std::string_view)
{
    return std::nullopt;
}

Now Environment::now()
{
    const std::time_t t = std::time(nullptr);
    std::tm local{};
    localtime_r(&t, &local);
    return Now{static_cast<std::int64_t>(t), static_cast<int>(local.tm_gmtoff / 60)};
}

std::int64_t Environment::cpu_time_ms()
{
    return 0;
}

}  // namespace roost::sieve
