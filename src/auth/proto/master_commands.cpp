// Commands on the auth-master and auth-userdb sockets.
#include "auth/proto/master_commands.hpp"

namespace roost::auth::proto {
namespace {

Error protocol_error(std::string message)
{
    return Error{std::make_error_code(std::errc::protocol_error), std::move(message)};
}

std::vector<Param> params_from(const std::vector<std::string>& f, std::size_t first)
{
    std::vector<Param> out;
    for (std::size_t i = first; i < f.size(); ++i) {
        out.push_back(parse_param(f[i]));
    }
    return out;
}

std::vector<std::string> with_params(std::vector<std::string> f, const std::vector<Param>& params)
{
    for (const Param& p : params) {
        f.push_back(p.has_value ? param_field(p.key, p.value) : p.key);
    }
    return f;
}

}  // namespace

Result<MasterCommand> parse_master_command(std::string_view line)
{
    const std::vector<std::string> f = split_fields(line);
    const std::string& cmd = f[0];
    if (cmd == "VERSION" || cmd == "CPID") {
        auto common = parse_client_command(line);
        if (!common) {
            return common.error();
        }
        if (const auto* v = std::get_if<Version>(&*common)) {
            return *v;
        }
        return std::get<Cpid>(*common);
    }
    const auto id = f.size() >= 2 ? parse_id(f[1]) : std::nullopt;
    if (!id && (cmd == "USER" || cmd == "PASS" || cmd == "LIST" || cmd == "REQUEST")) {
        return protocol_error(cmd + ": invalid or missing id");
    }
    if (cmd == "USER" || cmd == "PASS") {
        if (f.size() < 3 || f[2].empty()) {
            return protocol_error(cmd + " needs a user name");
        }
        if (cmd == "USER") {
            return UserLookup{*id, f[2], params_from(f, 3)};
        }
        return PassLookup{*id, f[2], params_from(f, 3)};
    }
    if (cmd == "LIST") {
        return ListUsers{*id, params_from(f, 2)};
    }
    if (cmd == "REQUEST") {
        const auto pid = f.size() >= 5 ? parse_id(f[2]) : std::nullopt;
        const auto auth_id = f.size() >= 5 ? parse_id(f[3]) : std::nullopt;
        if (!pid || !auth_id || f[4].empty()) {
            return protocol_error("REQUEST needs a client pid, an auth id and a cookie");
        }
        return LoginRequest{*id, *pid, *auth_id, f[4], params_from(f, 5)};
    }
    return protocol_error("Unknown command: " + cmd.substr(0, 32));
}

std::string format(const UserLookup& u)
{
    return make_line(with_params({"USER", std::to_string(u.id), u.user}, u.params));
}

std::string format(const PassLookup& p)
{
    return make_line(with_params({"PASS", std::to_string(p.id), p.user}, p.params));
}

std::string format(const ListUsers& l) { return make_line(with_params({"LIST", std::to_string(l.id)}, l.params)); }

std::string format(const LoginRequest& r)
{
    return make_line(with_params({"REQUEST", std::to_string(r.id), std::to_string(r.client_pid),
                                  std::to_string(r.auth_id), r.cookie},
                                 r.params));
}

std::string param_value(const std::vector<Param>& params, std::string_view key)
{
    for (const Param& p : params) {
        if (p.key == key) {
            return p.value;
        }
    }
    return {};
}

}  // namespace roost::auth::proto
