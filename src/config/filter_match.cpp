// Filter matching.
#include "config/filter_match.hpp"

#include <arpa/inet.h>
#include <fnmatch.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "config/value_parse.hpp"
#include "core/strings.hpp"

namespace roost::config {
namespace {

struct Address {
    std::array<unsigned char, 16> bytes{};
    int bits = 0;  // 32 or 128
};

std::optional<Address> parse_address(const std::string& text)
{
    Address a;
    if (::inet_pton(AF_INET, text.c_str(), a.bytes.data()) == 1) {
        a.bits = 32;
        return a;
    }
    if (::inet_pton(AF_INET6, text.c_str(), a.bytes.data()) == 1) {
        a.bits = 128;
        // An IPv4-mapped IPv6 address matches IPv4 networks.
        static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (std::memcmp(a.bytes.data(), kMapped, 12) == 0) {
            std::memmove(a.bytes.data(), a.bytes.data() + 12, 4);
            a.bits = 32;
        }
        return a;
    }
    return std::nullopt;
}

// Prefix length + 1 of the network `net` when it contains ip, else 0.
int network_match(const std::string& net, const std::string& ip)
{
    const std::size_t slash = net.find('/');
    const auto network = parse_address(net.substr(0, slash));
    const auto address = parse_address(ip);
    if (!network || !address || network->bits != address->bits) {
        return 0;
    }
    int prefix = network->bits;
    if (slash != std::string::npos) {
        const auto p = parse_uint(std::string_view(net).substr(slash + 1));
        if (!p || *p > static_cast<std::uint64_t>(network->bits)) {
            return 0;
        }
        prefix = static_cast<int>(*p);
    }
    for (int bit = 0; bit < prefix; ++bit) {
        const int byte = bit / 8;
        const int mask = 0x80 >> (bit % 8);
        if ((network->bytes[byte] & mask) != (address->bytes[byte] & mask)) {
            return 0;
        }
    }
    return prefix + 1;
}

bool name_match(const std::string& patterns, const std::string& name)
{
    for (std::string_view p : split_words(patterns)) {
        const std::string pattern = to_lower(p);
        if (::fnmatch(pattern.c_str(), to_lower(name).c_str(), 0) == 0) {
            return true;
        }
    }
    return false;
}

}  // namespace

bool address_in_networks(const std::string& ip, const std::vector<std::string>& networks)
{
    return std::any_of(networks.begin(), networks.end(),
                       [&](const std::string& net) { return network_match(net, ip) > 0; });
}

Specificity Specificity::combine(const Specificity& inner) const
{
    Specificity s = *this;
    s.dimensions += inner.dimensions;
    s.local_name = std::max(s.local_name, inner.local_name);
    s.local_bits = std::max(s.local_bits, inner.local_bits);
    s.remote_bits = std::max(s.remote_bits, inner.remote_bits);
    s.protocol = std::max(s.protocol, inner.protocol);
    return s;
}

std::optional<Specificity> match_filter(const Section& filter, const FilterContext& ctx)
{
    Specificity s;
    s.dimensions = 1;
    if (filter.type == "protocol") {
        if (ctx.protocol.empty()) {
            return std::nullopt;
        }
        const bool negated = !filter.name.empty() && filter.name[0] == '!';
        const std::string_view name = negated ? std::string_view(filter.name).substr(1) : filter.name;
        if ((name == ctx.protocol) == negated) {
            return std::nullopt;
        }
        s.protocol = 1;
        return s;
    }
    if (filter.type == "local" || filter.type == "remote") {
        const std::string& ip = filter.type == "local" ? ctx.local_ip : ctx.remote_ip;
        int best = 0;
        for (std::string_view net : split_words(filter.name)) {
            best = std::max(best, network_match(std::string(net), ip));
        }
        if (best == 0) {
            return std::nullopt;
        }
        (filter.type == "local" ? s.local_bits : s.remote_bits) = best;
        return s;
    }
    if (filter.type == "local_name") {
        if (ctx.local_name.empty() || !name_match(filter.name, ctx.local_name)) {
            return std::nullopt;
        }
        s.local_name = 1;
        return s;
    }
    return std::nullopt;
}

}  // namespace roost::config
