// Commands on the auth-client socket.
#include "auth/proto/client_commands.hpp"

#include <charconv>

namespace roost::auth::proto {
namespace {

Error protocol_error(std::string message)
{
    return Error{std::make_error_code(std::errc::protocol_error), std::move(message)};
}

std::optional<unsigned> parse_port(std::string_view text)
{
    const auto n = parse_id(text);
    return n && *n <= 65535 ? std::optional<unsigned>(*n) : std::nullopt;
}

Result<ClientCommand> parse_auth(const std::vector<std::string>& f)
{
    if (f.size() < 3) {
        return protocol_error("AUTH needs an id and a mechanism");
    }
    AuthCommand a;
    const auto id = parse_id(f[1]);
    if (!id) {
        return protocol_error("AUTH: invalid id: " + f[1]);
    }
    a.id = *id;
    a.mechanism = f[2];
    if (a.mechanism.empty()) {
        return protocol_error("AUTH: empty mechanism");
    }
    for (std::size_t i = 3; i < f.size(); ++i) {
        Param p = parse_param(f[i]);
        if (p.key == "resp") {
            a.initial_response = p.value;
            break;  // resp= is the last parameter; anything after it is ignored
        }
        if (p.key == "service") {
            a.service = p.value;
        } else if (p.key == "lip") {
            a.local_ip = p.value;
        } else if (p.key == "rip") {
            a.remote_ip = p.value;
        } else if (p.key == "lport" || p.key == "rport") {
            const auto port = parse_port(p.value);
            if (!port) {
                return protocol_error("AUTH: invalid " + p.key + ": " + p.value);
            }
            (p.key == "lport" ? a.local_port : a.remote_port) = *port;
        } else if (p.key == "secured" && !p.has_value) {
            a.secured = true;
        } else if (p.key == "valid-client-cert" && !p.has_value) {
            a.valid_client_cert = true;
        } else if (p.key == "no-penalty" && !p.has_value) {
            a.no_penalty = true;
        } else if (p.key == "cert_username") {
            a.cert_username = p.value;
        } else if (p.key == "session") {
            a.session = p.value;
        } else if (p.key == "local_name") {
            a.local_name = p.value;
        } else {
            a.other.push_back(std::move(p));
        }
    }
    if (a.service.empty()) {
        return protocol_error("AUTH: service= is missing");
    }
    return a;
}

}  // namespace

std::optional<std::uint32_t> parse_id(std::string_view text)
{
    std::uint32_t n = 0;
    if (text.empty() || text.size() > 10) {
        return std::nullopt;
    }
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || ptr != text.data() + text.size()) {
        return std::nullopt;
    }
    return n;
}

Result<ClientCommand> parse_client_command(std::string_view line)
{
    const std::vector<std::string> f = split_fields(line);
    const std::string& cmd = f[0];
    if (cmd == "AUTH") {
        return parse_auth(f);
    }
    if (cmd == "CONT") {
        if (f.size() < 3) {
            return protocol_error("CONT needs an id and data");
        }
        const auto id = parse_id(f[1]);
        if (!id) {
            return protocol_error("CONT: invalid id: " + f[1]);
        }
        return ContCommand{*id, f[2]};
    }
    if (cmd == "VERSION") {
        const auto major = f.size() >= 3 ? parse_id(f[1]) : std::nullopt;
        const auto minor = f.size() >= 3 ? parse_id(f[2]) : std::nullopt;
        if (!major || !minor) {
            return protocol_error("VERSION needs a major and a minor number");
        }
        return Version{*major, *minor};
    }
    if (cmd == "CPID") {
        const auto pid = f.size() >= 2 ? parse_id(f[1]) : std::nullopt;
        if (!pid) {
            return protocol_error("CPID needs a process id");
        }
        return Cpid{*pid};
    }
    return protocol_error("Unknown command: " + cmd.substr(0, 32));
}

std::string format(const Version& v)
{
    return make_line({"VERSION", std::to_string(v.major), std::to_string(v.minor)});
}

std::string format(const Cpid& c) { return make_line({"CPID", std::to_string(c.pid)}); }

std::string format(const AuthCommand& a)
{
    std::vector<std::string> f{"AUTH", std::to_string(a.id), a.mechanism, param_field("service", a.service)};
    const auto add = [&](std::string_view key, const std::string& value) {
        if (!value.empty()) {
            f.push_back(param_field(key, value));
        }
    };
    add("session", a.session);
    add("lip", a.local_ip);
    add("rip", a.remote_ip);
    if (a.local_port != 0) {
        f.push_back(param_field("lport", std::to_string(a.local_port)));
    }
    if (a.remote_port != 0) {
        f.push_back(param_field("rport", std::to_string(a.remote_port)));
    }
    add("local_name", a.local_name);
    add("cert_username", a.cert_username);
    if (a.secured) {
        f.emplace_back("secured");
    }
    if (a.valid_client_cert) {
        f.emplace_back("valid-client-cert");
    }
    if (a.no_penalty) {
        f.emplace_back("no-penalty");
    }
    for (const Param& p : a.other) {
        f.push_back(p.has_value ? param_field(p.key, p.value) : p.key);
    }
    if (a.initial_response) {
        f.push_back(param_field("resp", *a.initial_response));
    }
    return make_line(f);
}

std::string format(const ContCommand& c) { return make_line({"CONT", std::to_string(c.id), c.data}); }

}  // namespace roost::auth::proto
