#include "worker/service_start.hpp"

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "config/log_settings.hpp"
#include "config/value_parse.hpp"
#include "core/log.hpp"
#include "roost_build_config.hpp"

namespace roost::worker {

ServiceStart start_service(int argc, char** argv, const std::string& process, const config::FilterContext& ctx)
{
    constexpr int kExitUsage = 64;
    constexpr int kExitConfig = 78;
    const std::string program = "roost-" + process;
    const char* env = std::getenv("ROOST_CONFIG");
    std::string config_path = env ? env : std::string(ROOST_SYSCONFDIR) + "/roost.conf";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "-c" && i + 1 < argc) {
            config_path = argv[++i];
        } else {
            std::cerr << "usage: " << program << " [-c CONFIG]   (started by the roost master)\n";
            return {nullptr, arg == "--help" ? 0 : kExitUsage};
        }
    }
    log::set_process(process);
    config::LoadResult loaded = config::load_config(config_path);
    if (!loaded.ok()) {
        for (const config::Diagnostic& d : loaded.diagnostics) {
            std::cerr << program << ": " << d.str() << "\n";
        }
        return {nullptr, kExitConfig};
    }
    if (auto r = log::configure(config::log_settings(*loaded.config, config::LogRole::Mail, ctx)); !r) {
        std::cerr << program << ": " << r.error().message << "\n";
        return {nullptr, kExitConfig};
    }
    return {std::move(loaded.config), 0};
}

unsigned service_process_limit(const config::Config& cfg, std::string_view service)
{
    std::uint64_t limit = 0;
    if (const config::Section* s = cfg.service(service)) {
        limit = config::parse_uint(config::Config::section_value(*s, "process_limit")).value_or(0);
    }
    if (limit == 0) {
        limit = cfg.get_uint("default_process_limit");
    }
    return static_cast<unsigned>(std::min<std::uint64_t>(limit, 1u << 20));
}

}  // namespace roost::worker
