// The ssl_* settings of a listener's context read into net::TlsSettings, "<file" values loaded.
#pragma once

#include "config/config.hpp"
#include "core/result.hpp"
#include "net/tls_context.hpp"

namespace roost::login {

enum class TlsMode { Off, Offered, Required };  // ssl = no | yes | required

struct ListenerTls {
    TlsMode mode = TlsMode::Offered;
    net::TlsSettings settings;  // empty certificate when mode is Off
    std::string cert_username_field = "commonName";
};

// Reads the settings for `ctx` (protocol and addresses, so local/remote filters apply). Errors
// name the file and line of the setting at fault, e.g. an unreadable ssl_key file.
Result<ListenerTls> read_listener_tls(const config::Config& cfg, const config::FilterContext& ctx);

}  // namespace roost::login
