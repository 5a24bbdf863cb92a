// The auth service's settings.
#include "auth/auth_settings.hpp"

#include "config/value_parse.hpp"

namespace roost::auth {
namespace {

DbSettings db_settings(const config::Section& s)
{
    using config::Config;
    DbSettings d;
    d.driver = Config::section_value(s, "driver");
    d.args = Config::section_value(s, "args");
    d.name = Config::section_value(s, "name");
    d.default_fields = Config::section_value(s, "default_fields");
    d.override_fields = Config::section_value(s, "override_fields");
    d.deny = config::parse_bool(Config::section_value(s, "deny")).value_or(false);
    d.master = config::parse_bool(Config::section_value(s, "master")).value_or(false);
    d.pass = config::parse_bool(Config::section_value(s, "pass")).value_or(false);
    d.skip = Config::section_value(s, "skip");
    d.result_success = Config::section_value(s, "result_success");
    d.result_failure = Config::section_value(s, "result_failure");
    d.result_internalfail = Config::section_value(s, "result_internalfail");
    if (s.type == "passdb") {
        d.mechanisms = config::parse_words(Config::section_value(s, "mechanisms"));
        d.username_filter = config::parse_words(Config::section_value(s, "username_filter"));
    }
    return d;
}

}  // namespace

AuthSettings read_auth_settings(const config::Config& c)
{
    AuthSettings a;
    a.mechanisms = c.get_list("auth_mechanisms");
    a.disable_plaintext_auth = c.get_bool("disable_plaintext_auth");
    a.trusted_networks = c.get_list("login_trusted_networks");
    a.user_names.allowed_chars = c.get("auth_username_chars");
    a.user_names.translation = c.get("auth_username_translation");
    a.user_names.format = c.get("auth_username_format");
    a.user_names.default_realm = c.get("auth_default_realm");
    a.anonymous_username = c.get("auth_anonymous_username");
    a.master_user_separator = c.get("auth_master_user_separator");
    a.failure_delay = c.get_time("auth_failure_delay");
    a.cache_size = c.get_size("auth_cache_size");
    a.cache_ttl = c.get_time("auth_cache_ttl");
    a.cache_negative_ttl = c.get_time("auth_cache_negative_ttl");
    a.verbose = c.get_bool("auth_verbose");
    a.debug = c.get_bool("auth_debug");
    a.ssl_require_client_cert = c.get_bool("auth_ssl_require_client_cert");
    a.ssl_username_from_cert = c.get_bool("auth_ssl_username_from_cert");
    for (const config::Section* s : c.sections("passdb")) {
        a.passdbs.push_back(db_settings(*s));
    }
    for (const config::Section* s : c.sections("userdb")) {
        a.userdbs.push_back(db_settings(*s));
    }
    return a;
}

}  // namespace roost::auth
