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

ServerSettings server_settings(const config::Config& cfg)
{
    const config::FilterContext ctx{.protocol = "sieve"};
    ServerSettings s;
    s.implementation = cfg.get("managesieve_implementation_string", ctx);
    s.sieve_capability = cfg.get("managesieve_sieve_capability", ctx);
    s.notify_capability = cfg.get("managesieve_notify_capability", ctx);
    s.max_line = cfg.get_size("managesieve_max_line_length", ctx);
    s.max_compile_errors = cfg.get_uint("managesieve_max_compile_errors", ctx);
    s.logout_format = cfg.get("managesieve_logout_format", ctx);
    return s;
}

std::string capability_lines(const CapabilityInput& in)
{
    using proto::sieve_string;
    std::string out = "\"IMPLEMENTATION\" " + sieve_string(in.server->implementation) + "\r\n";
    const std::vector<std::string> extensions = sieve::enabled_extensions(*in.sieve);
    const std::string sieve_caps = in.server->sieve_capability.empty() ? join(extensions, " ") : in.server->sieve_capability;
    out += "\"SIEVE\" " + sieve_string(sieve_caps) + "\r\n";
    std::string notify = in.server->notify_capability;
    for (const std::string& e : extensions) {
        if (e == "enotify" && notify.empty()) {
            notify = "mailto";
        }
    }
    if (!notify.empty()) {
        out += "\"NOTIFY\" " + sieve_string(notify) + "\r\n";
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
