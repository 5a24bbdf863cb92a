// Replies of the auth service.
#include "auth/proto/server_replies.hpp"

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

Result<std::uint32_t> id_field(const std::vector<std::string>& f, std::size_t index)
{
    const auto id = f.size() > index ? parse_id(f[index]) : std::nullopt;
    if (!id) {
        return protocol_error(f[0] + ": invalid or missing number");
    }
    return *id;
}

}  // namespace

Result<ClientReply> parse_client_reply(std::string_view line)
{
    const std::vector<std::string> f = split_fields(line);
    const std::string& cmd = f[0];
    if (cmd == "VERSION") {
        auto v = parse_client_command(line);
        if (!v) {
            return v.error();
        }
        return std::get<Version>(*v);
    }
    if (cmd == "MECH") {
        if (f.size() < 2 || f[1].empty()) {
            return protocol_error("MECH needs a name");
        }
        return Mech{f[1], std::vector<std::string>(f.begin() + 2, f.end())};
    }
    if (cmd == "DONE") {
        return Done{};
    }
    if (cmd == "COOKIE") {
        if (f.size() < 2 || f[1].empty()) {
            return protocol_error("COOKIE needs a value");
        }
        return Cookie{f[1]};
    }
    auto id = id_field(f, 1);
    if (!id) {
        return id.error();
    }
    if (cmd == "SPID") {
        return Spid{*id};
    }
    if (cmd == "CUID") {
        return Cuid{*id};
    }
    if (cmd == "CONT") {
        return Cont{*id, f.size() > 2 ? f[2] : std::string()};
    }
    if (cmd == "OK") {
        return Ok{*id, params_from(f, 2)};
    }
    if (cmd == "FAIL") {
        return Fail{*id, params_from(f, 2)};
    }
    return protocol_error("Unknown reply: " + cmd.substr(0, 32));
}

Result<MasterReply> parse_master_reply(std::string_view line)
{
    const std::vector<std::string> f = split_fields(line);
    const std::string& cmd = f[0];
    if (cmd == "VERSION") {
        auto v = parse_client_command(line);
        if (!v) {
            return v.error();
        }
        return std::get<Version>(*v);
    }
    auto id = id_field(f, 1);
    if (!id) {
        return id.error();
    }
    if (cmd == "SPID") {
        return Spid{*id};
    }
    if (cmd == "USER") {
        if (f.size() < 3) {
            return protocol_error("USER reply needs a user name");
        }
        return UserFound{*id, f[2], params_from(f, 3)};
    }
    if (cmd == "PASS") {
        return PassFound{*id, params_from(f, 2)};
    }
    if (cmd == "NOTFOUND") {
        return NotFound{*id};
    }
    if (cmd == "FAIL") {
        std::string reason = f.size() > 2 ? f[2] : std::string();
        if (reason.rfind("reason=", 0) == 0) {
            reason.erase(0, 7);
        }
        return MasterFail{*id, reason};
    }
    if (cmd == "LIST") {
        return ListUser{*id, f.size() > 2 ? f[2] : std::string()};
    }
    if (cmd == "DONE") {
        return ListDone{*id, f.size() > 2 && f[2] == "fail"};
    }
    return protocol_error("Unknown reply: " + cmd.substr(0, 32));
}

std::string format(const Mech& m)
{
    std::vector<std::string> f{"MECH", m.name};
    f.insert(f.end(), m.flags.begin(), m.flags.end());
    return make_line(f);
}
std::string format(const Spid& s) { return make_line({"SPID", std::to_string(s.pid)}); }
std::string format(const Cuid& c) { return make_line({"CUID", std::to_string(c.id)}); }
std::string format(const Cookie& c) { return make_line({"COOKIE", c.hex}); }
std::string format(const Done&) { return make_line({"DONE"}); }
std::string format(const Cont& c) { return make_line({"CONT", std::to_string(c.id), c.data}); }
std::string format(const Ok& o) { return make_line(with_params({"OK", std::to_string(o.id)}, o.params)); }
std::string format(const Fail& f) { return make_line(with_params({"FAIL", std::to_string(f.id)}, f.params)); }
std::string format(const UserFound& u)
{
    return make_line(with_params({"USER", std::to_string(u.id), u.user}, u.fields));
}
std::string format(const PassFound& p) { return make_line(with_params({"PASS", std::to_string(p.id)}, p.fields)); }
std::string format(const NotFound& n) { return make_line({"NOTFOUND", std::to_string(n.id)}); }
std::string format(const MasterFail& f)
{
    return make_line({"FAIL", std::to_string(f.id), param_field("reason", f.reason)});
}
std::string format(const ListUser& l) { return make_line({"LIST", std::to_string(l.id), l.user}); }
std::string format(const ListDone& d)
{
    return d.failed ? make_line({"DONE", std::to_string(d.id), "fail"}) : make_line({"DONE", std::to_string(d.id)});
}

}  // namespace roost::auth::proto
