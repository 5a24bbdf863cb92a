#include "submission/worker/relay.hpp"

#include <fstream>
#include <sstream>

#include "smtp/client/data_encoding.hpp"
#include "smtp/client/sasl_client.hpp"
#include "smtp/client/tls_transport.hpp"

namespace roost::submission {
namespace {

namespace client = smtp::client;

Error config_error(const std::string& what)
{
    return Error{std::make_error_code(std::errc::invalid_argument), what};
}

}  // namespace

Result<RelaySettings> relay_settings(const config::Config& cfg, const config::FilterContext& ctx,
                                     const std::string& hostname)
{
    RelaySettings s;
    s.host = cfg.get("submission_relay_host", ctx);
    s.port = static_cast<unsigned>(cfg.get_uint("submission_relay_port", ctx));
    std::string tls = cfg.get("submission_relay_ssl", ctx);
    if (tls == "no" && cfg.get("submission_ssl", ctx) != "no") {
        tls = cfg.get("submission_ssl", ctx);  // Dovecot's older name
    }
    s.tls = tls == "smtps"      ? RelaySettings::Tls::Smtps
            : tls == "starttls" ? RelaySettings::Tls::Starttls
                                : RelaySettings::Tls::No;
    s.verify = cfg.get_bool("submission_relay_ssl_verify", ctx) &&
               cfg.get_bool("ssl_client_require_valid_cert", ctx);
    // ssl_client_ca_file is a path (Dovecot's form) or, written "<path", the certificates.
    const std::string ca_file = cfg.get("ssl_client_ca_file", ctx);
    if (ca_file.find("-----BEGIN") != std::string::npos) {
        s.ca_pem = ca_file;
    } else if (!ca_file.empty()) {
        std::ifstream in(ca_file);
        std::ostringstream text;
        text << in.rdbuf();
        if (!in || text.str().empty()) {
            return config_error("ssl_client_ca_file: cannot read " + ca_file);
        }
        s.ca_pem = text.str();
    }
    s.ca_dir = cfg.get("ssl_client_ca_dir", ctx);
    s.user = cfg.get("submission_relay_user", ctx);
    s.master_user = cfg.get("submission_relay_master_user", ctx);
    s.password = cfg.get("submission_relay_password", ctx);
    s.helo = hostname;
    s.trusted = cfg.get_bool("submission_relay_trusted", ctx);
    s.connect_timeout = cfg.get_time("submission_relay_connect_timeout", ctx);
    s.command_timeout = cfg.get_time("submission_relay_command_timeout", ctx);
    if (s.host.empty()) {
        return config_error(
            "submission_relay_host is not set: the submission service has nowhere to send mail");
    }
    return s;
}

Result<std::unique_ptr<client::SmtpClient>> connect_relay(const RelaySettings& s,
                                                          const RelayedClient& who)
{
    client::TcpSettings tcp;
    tcp.host = s.host;
    tcp.port = s.port;
    tcp.connect_timeout = s.connect_timeout;
    tcp.io_timeout = s.command_timeout;
    client::TlsClientSettings tls;
    tls.implicit = s.tls == RelaySettings::Tls::Smtps;
    tls.verify = s.verify;
    tls.ca_pem = s.ca_pem;
    tls.ca_dir = s.ca_dir;
    tls.server_name = s.host;
    auto transport = client::connect_tcp_tls(tcp, tls);
    if (!transport) {
        return transport.error();
    }
    auto relay = std::make_unique<client::SmtpClient>(std::move(*transport));
    client::SessionSettings session;
    session.helo = s.helo;
    session.starttls = s.tls == RelaySettings::Tls::Starttls;
    const auto failed = [&s](const Error& e) {
        return Error{e.code, "relay " + s.host + ":" + std::to_string(s.port) + ": " + e.message};
    };
    std::unique_ptr<client::SaslClient> sasl;  // lives until AUTH is done, in open()
    if (!s.user.empty()) {
        // With a master user, the master logs in and acts as submission_relay_user.
        auto created = client::SaslClient::create(
            "smtp", s.host,
            s.master_user.empty() ? client::SaslCredentials{s.user, "", s.password}
                                  : client::SaslCredentials{s.master_user, s.user, s.password});
        if (!created) {
            return failed(created.error());
        }
        sasl = std::move(*created);
        session.login = sasl.get();
    }
    if (auto opened = relay->open(session); !opened) {
        return failed(opened.error());
    }
    if (s.trusted) {
        // Postfix (smtpd_authorized_xclient_hosts) then logs, checks and relays as for the
        // real client: its address, its EHLO name and its login.
        std::vector<std::pair<std::string, std::string>> attributes{
            {"ADDR", client::encode_xtext(who.ip)},
            {"HELO", client::encode_xtext(who.helo)},
            {"LOGIN", client::encode_xtext(who.user)},
        };
        if (who.port != 0) {
            attributes.emplace_back("PORT", std::to_string(who.port));
        }
        if (auto x = relay->xclient(attributes, s.helo); !x) {
            return failed(x.error());
        }
    }
    return relay;
}

}  // namespace roost::submission
