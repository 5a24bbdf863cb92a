// Penalty: remembers failed logins per client address and makes each further failure from the
// same address wait longer (doubling from auth_failure_delay up to 15 seconds), so password
// guessing slows down without blocking anyone else. Pure: the caller supplies the time.
#pragma once

#include <chrono>
#include <string>
#include <unordered_map>

namespace roost::auth {

class Penalty {
public:
    using Clock = std::chrono::steady_clock;

    explicit Penalty(std::chrono::milliseconds base) : base_(base) {}

    // How long to hold back the answer to a failure from `address` at `now`, counting it.
    std::chrono::milliseconds on_failure(const std::string& address, Clock::time_point now);
    // A success from the address forgives its earlier failures.
    void on_success(const std::string& address);
    std::size_t tracked() const { return entries_.size(); }

    static constexpr std::chrono::milliseconds kMax{15000};
    static constexpr std::chrono::seconds kForget{300};  // failures older than this no longer count

private:
    struct Entry {
        unsigned failures = 0;
        Clock::time_point last;
    };
    void prune(Clock::time_point now);

    std::chrono::milliseconds base_;
    std::unordered_map<std::string, Entry> entries_;
};

}  // namespace roost::auth
