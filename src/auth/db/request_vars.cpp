// The %-variables of an auth request.
#include "auth/db/request_vars.hpp"

#include <unistd.h>

#include <array>
#include <climits>
#include <string>

namespace roost::auth {
namespace {

std::string port_text(unsigned port)
{
    return port == 0 ? std::string() : std::to_string(port);
}

const std::string& host_name()
{
    static const std::string name = [] {
        std::array<char, HOST_NAME_MAX + 1> buf{};
        if (::gethostname(buf.data(), buf.size() - 1) != 0) {
            return std::string();
        }
        return std::string(buf.data());
    }();
    return name;
}

}  // namespace

config::Variables request_variables(const RequestInfo& request)
{
    config::Variables vars;
    vars.letters = config::user_letters();

    const std::string& user = request.user;
    const std::size_t at = user.find('@');
    const std::string username = user.substr(0, at);
    const std::string domain = at == std::string::npos ? std::string() : user.substr(at + 1);
    vars.set("user", user);
    vars.set("username", username);
    vars.set("domain", domain);
    // "user@first@last" names: the domain up to its own '@', and what follows the last '@'.
    const std::size_t inner_at = domain.find('@');
    vars.set("domain_first", domain.substr(0, inner_at));
    vars.set("domain_last",
             inner_at == std::string::npos ? std::string() : domain.substr(domain.rfind('@') + 1));
    // No master-user or username-translation data reaches the drivers: the login user is the user.
    vars.set("orig_user", user);
    vars.set("auth_user", user);
    vars.set("auth_username", username);
    vars.set("auth_domain", domain);

    vars.set("service", request.service);
    vars.set("mech", request.mechanism);
    vars.set("lip", request.local_ip);
    vars.set("rip", request.remote_ip);
    vars.set("real_lip", request.local_ip);
    vars.set("real_rip", request.remote_ip);
    vars.set("lport", port_text(request.local_port));
    vars.set("rport", port_text(request.remote_port));
    vars.set("secured", request.secured ? "secured" : "");
    vars.set("cert", request.valid_client_cert ? "valid" : "");
    vars.set("session", request.session);
    vars.set("hostname", host_name());
    return vars;
}

bool has_variables(std::string_view text)
{
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            continue;
        }
        if (i + 1 < text.size() && text[i + 1] == '%') {
            ++i;
            continue;
        }
        return true;
    }
    return false;
}

Result<Fields> expand_field_values(const Fields& fields, const config::Variables& vars)
{
    Fields out;
    out.reserve(fields.size());
    for (const Field& f : fields) {
        if (!f.has_value || f.value.find('%') == std::string::npos) {
            out.push_back(f);
            continue;
        }
        auto value = config::expand_variables(f.value, vars);
        if (!value) {
            return Error{value.error().code, f.key + "=" + f.value + ": " + value.error().message};
        }
        out.push_back(Field{f.key, std::move(*value), true});
    }
    return out;
}

}  // namespace roost::auth
