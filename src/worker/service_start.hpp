// What every mail service's main() starts with (roost-pop3, roost-imap, roost-managesieve,
// roost-lmtp): "-c CONFIG" (else $ROOST_CONFIG, else the installed roost.conf), the
// configuration loaded with its errors printed as file:line, and logging set up for the process.
#pragma once

#include <memory>
#include <string>

#include "config/config.hpp"

namespace roost::worker {

struct ServiceStart {
    std::unique_ptr<config::Config> config;  // null when the service must exit
    int exit_code = 0;                       // then: 0 for --help, 64 usage, 78 configuration
};

// `process` names the program in logs and messages ("pop3" -> roost-pop3).
ServiceStart start_service(int argc, char** argv, const std::string& process, const config::FilterContext& ctx);

// `service NAME { process_limit }`, or default_process_limit when it is 0.
unsigned service_process_limit(const config::Config& cfg, std::string_view service);

}  // namespace roost::worker
