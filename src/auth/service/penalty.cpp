// Penalty: growing delays for repeated failures from one address.
#include "auth/service/penalty.hpp"

#include <algorithm>

namespace roost::auth {

std::chrono::milliseconds Penalty::on_failure(const std::string& address, Clock::time_point now)
{
    if (entries_.size() > 10000) {
        prune(now);  // bounded memory under an attack from many addresses
    }
    if (address.empty()) {
        return base_;
    }
    Entry& e = entries_[address];
    if (e.failures > 0 && now - e.last > kForget) {
        e.failures = 0;
    }
    e.failures = std::min(e.failures + 1, 16U);
    e.last = now;
    auto delay = base_;
    for (unsigned i = 1; i < e.failures && delay < kMax; ++i) {
        delay *= 2;
    }
    return std::min(delay, std::max(base_, kMax));
}

void Penalty::on_success(const std::string& address) { entries_.erase(address); }

void Penalty::prune(Clock::time_point now)
{
    std::erase_if(entries_, [&](const auto& e) { return now - e.second.last > kForget; });
}

}  // namespace roost::auth
