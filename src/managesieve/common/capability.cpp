#include "managesieve/common/capability.hpp"

#include "core/strings.hpp"
#include "managesieve/proto/response.hpp"
#include "sieve_host/plugin_settings.hpp"

namespace roost::managesieve {

Result<sieve::Settings> sieve_settings(const config::Config& cfg)
{
    const config::FilterContext ctx{.protocol = "sieve"};
    return sieve_host::engine_settings(sieve_host::plugin_values(cfg, ctx), {});
}

std::string capability_lines(const CapabilityInput& in)
{
    using proto::sieve_string;
    std::string out = "\"IMPLEMENTATION\" \"Roost\"\r\n";
    const std::vector<std::string> extensions = sieve::enabled_extensions(*in.sieve);
    out += "\"SIEVE\" " + sieve_string(join(extensions, " ")) + "\r\n";
    for (const std::string& e : extensions) {
        if (e == "enotify") {
            out += "\"NOTIFY\" \"mailto\"\r\n";
        }
    }
    if (in.sasl) {
        out += "\"SASL\" " + sieve_string(join(in.mechanisms, " ")) + "\r\n";
    }
    if (in.starttls) {
        out += "\"STARTTLS\"\r\n";
    }
    out += "\"MAXREDIRECTS\" \"" + std::to_string(in.sieve->limits.max_redirects) + "\"\r\n";
    out += "\"VERSION\" \"1.0\"\r\n";
    return out;
}

}  // namespace roost::managesieve
