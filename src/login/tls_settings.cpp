// Reading the ssl_* settings of a listener.
#include "login/tls_settings.hpp"

namespace roost::login {

Result<ListenerTls> read_listener_tls(const config::Config& cfg, const config::FilterContext& ctx)
{
    ListenerTls out;
    const std::string mode = cfg.get("ssl", ctx);
    out.mode = mode == "no" ? TlsMode::Off : mode == "required" ? TlsMode::Required : TlsMode::Offered;
    if (out.mode == TlsMode::Off) {
        return out;
    }
    net::TlsSettings& s = out.settings;
    const std::pair<const char*, std::string*> files[] = {
        {"ssl_cert", &s.cert_pem},         {"ssl_key", &s.key_pem},         {"ssl_alt_cert", &s.alt_cert_pem},
        {"ssl_alt_key", &s.alt_key_pem},   {"ssl_ca", &s.ca_pem},           {"ssl_dh", &s.dh_pem},
        {"ssl_key_password", &s.key_password},
    };
    for (const auto& [key, target] : files) {
        auto value = cfg.content(key, ctx);
        if (!value) {
            return value.error();
        }
        *target = std::move(*value);
    }
    s.min_protocol = cfg.get("ssl_min_protocol", ctx);
    s.cipher_list = cfg.get("ssl_cipher_list", ctx);
    s.cipher_suites = cfg.get("ssl_cipher_suites", ctx);
    s.curve_list = cfg.get("ssl_curve_list", ctx);
    s.prefer_server_ciphers = cfg.get_bool("ssl_prefer_server_ciphers", ctx);
    s.verify_client_cert = cfg.get_bool("ssl_verify_client_cert", ctx);
    s.require_crl = cfg.get_bool("ssl_require_crl", ctx);
    for (const std::string& option : cfg.get_list("ssl_options", ctx)) {
        s.compression = s.compression || option == "compression";
        s.tickets = s.tickets && option != "no_ticket";
    }
    out.cert_username_field = cfg.get("ssl_cert_username_field", ctx);
    return out;
}

}  // namespace roost::login
