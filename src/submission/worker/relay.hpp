// The connection to submission_relay_host: its settings from roost.conf (read once, before the
// worker drops privileges, so CA files and a "<file" password are already in memory) and
// opening it: TCP or implicit TLS, EHLO, STARTTLS, AUTH as submission_relay_user.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "core/result.hpp"
#include "smtp/client/smtp_client.hpp"

namespace roost::submission {

struct RelaySettings {
    enum class Tls { No, Smtps, Starttls };
    std::string host;
    unsigned port = 25;
    Tls tls = Tls::No;
    bool verify = true;
    std::string ca_pem;  // ssl_client_ca_file's certificates
    std::string ca_dir;  // ssl_client_ca_dir
    std::string user;    // empty: no AUTH
    std::string master_user;
    std::string password;
    std::string helo;    // our name in EHLO
    bool trusted = false;  // submission_relay_trusted: XCLIENT with the real client's details
    std::chrono::milliseconds connect_timeout{30000};
    std::chrono::milliseconds command_timeout{300000};
};

// Errors name the setting at fault (an unreadable ssl_client_ca_file).
Result<RelaySettings> relay_settings(const config::Config& cfg, const config::FilterContext& ctx,
                                     const std::string& hostname);

// The submitting client, for XCLIENT.
struct RelayedClient {
    std::string ip;
    unsigned port = 0;
    std::string helo;
    std::string user;
};

// An open session with the relay, ready for MAIL. Errors say what failed (connect, TLS, the
// relay's refusal of EHLO, AUTH or XCLIENT with its reply).
Result<std::unique_ptr<smtp::client::SmtpClient>> connect_relay(const RelaySettings& settings,
                                                                 const RelayedClient& client);

}  // namespace roost::submission
