// The auth service's settings, read once from the configuration into plain types.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "auth/user_name.hpp"
#include "config/config.hpp"
#include "core/result.hpp"

namespace roost::auth {

struct DbSettings {
    std::string driver;
    std::string args;
    std::string name;
    std::string default_fields;
    std::string override_fields;
    bool deny = false;
    bool master = false;
    bool pass = false;
    std::string skip = "never";
    std::string result_success = "return-ok";
    std::string result_failure = "continue";
    std::string result_internalfail = "continue";
    std::vector<std::string> mechanisms;       // passdb only: empty means all
    std::vector<std::string> username_filter;  // passdb only
};

struct AuthSettings {
    std::vector<std::string> mechanisms;
    bool disable_plaintext_auth = true;
    std::vector<std::string> trusted_networks;
    UserNameRules user_names;
    std::string anonymous_username = "anonymous";
    std::string master_user_separator;
    std::chrono::milliseconds failure_delay{2000};
    std::uint64_t cache_size = 0;
    std::chrono::milliseconds cache_ttl{3600000};
    std::chrono::milliseconds cache_negative_ttl{3600000};
    bool verbose = false;
    bool debug = false;
    bool ssl_require_client_cert = false;
    bool ssl_username_from_cert = false;
    std::vector<DbSettings> passdbs;
    std::vector<DbSettings> userdbs;
};

// Reads the auth settings (the "auth" context has no protocol filter).
AuthSettings read_auth_settings(const config::Config& config);

}  // namespace roost::auth
