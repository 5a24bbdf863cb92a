// vacation (RFC 5230, RFC 6131 for :seconds): whether a response may be sent (section 4.5
// and RFC 3834's rules against loops and list replies) and the response itself.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "sieve/actions.hpp"

namespace roost::sieve {

class Runtime;

struct VacationRequest {
    std::int64_t period = 0;  // seconds, already clamped to the configured bounds
    std::string subject;      // "" when :subject was not given
    std::string from;         // "" when :from was not given
    std::vector<std::string> addresses;
    bool mime = false;
    std::string handle;
    std::string reason;
};

// The response to send, or (as a string) why none is sent.
std::variant<VacationAction, std::string> decide_vacation(Runtime& rt, const VacationRequest& req);

// The :days / :seconds value clamped to the settings' bounds.
std::int64_t clamp_vacation_period(std::int64_t seconds, std::int64_t min, std::int64_t max);

}  // namespace roost::sieve
