// Whether a filter section (protocol, local, remote, local_name) applies to a context, and how
// specific it is, so the most specific filter wins whatever the order in the file.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace roost::config {

// How specific a matching chain of filters is; larger wins, later in the file breaks ties.
struct Specificity {
    int dimensions = 0;   // how many kinds of filter matched
    int local_name = 0;
    int local_bits = 0;   // prefix length + 1 of a matching local filter
    int remote_bits = 0;
    int protocol = 0;

    auto operator<=>(const Specificity&) const = default;
    Specificity combine(const Specificity& inner) const;
};

// Whether `ip` lies in any of `networks` ("10.0.0.0/8", "::1", "192.0.2.7"); IPv4-mapped IPv6
// addresses match IPv4 networks.
bool address_in_networks(const std::string& ip, const std::vector<std::string>& networks);

// The specificity of one filter section for ctx, or nullopt when it does not apply.
std::optional<Specificity> match_filter(const Section& filter, const FilterContext& ctx);

}  // namespace roost::config
