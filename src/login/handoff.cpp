// The login -> worker hand-off line.
#include "login/handoff.hpp"

#include <charconv>
#include <vector>

#include "auth/proto/fields.hpp"
#include "core/base64.hpp"

namespace roost::login {
namespace {

Error handoff_error(const std::string& what)
{
    return Error{std::make_error_code(std::errc::protocol_error), "hand-off: " + what};
}

template <class T>
bool to_number(std::string_view text, T& out)
{
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string format_handoff(const Handoff& h)
{
    std::vector<std::string> f{
        "protocol=" + h.protocol,
        "login_pid=" + std::to_string(h.login_pid),
        "auth_id=" + std::to_string(h.auth_id),
        "cookie=" + h.cookie,
        "lip=" + h.local_ip,
        "rip=" + h.remote_ip,
        "lport=" + std::to_string(h.local_port),
        "rport=" + std::to_string(h.remote_port),
        "session=" + h.session,
        "tag=" + h.tag,
        "input=" + base64_encode(h.pending_input),
    };
    if (!h.helo.empty()) {
        f.emplace_back("helo=" + h.helo);
    }
    if (h.tls) {
        f.emplace_back("tls");
    }
    if (h.secured) {
        f.emplace_back("secured");
    }
    return auth::proto::make_line(f);
}

Result<Handoff> parse_handoff(std::string_view line)
{
    Handoff h;
    bool have_pid = false;
    bool have_id = false;
    for (const std::string& field : auth::proto::split_fields(line)) {
        const auto p = auth::proto::parse_param(field);
        bool ok = true;
        if (p.key == "protocol") {
            h.protocol = p.value;
        } else if (p.key == "login_pid") {
            ok = have_pid = to_number(p.value, h.login_pid);
        } else if (p.key == "auth_id") {
            ok = have_id = to_number(p.value, h.auth_id);
        } else if (p.key == "cookie") {
            h.cookie = p.value;
        } else if (p.key == "lip") {
            h.local_ip = p.value;
        } else if (p.key == "rip") {
            h.remote_ip = p.value;
        } else if (p.key == "lport") {
            ok = to_number(p.value, h.local_port);
        } else if (p.key == "rport") {
            ok = to_number(p.value, h.remote_port);
        } else if (p.key == "session") {
            h.session = p.value;
        } else if (p.key == "tag") {
            h.tag = p.value;
        } else if (p.key == "helo") {
            h.helo = p.value;
        } else if (p.key == "input") {
            auto input = base64_decode(p.value);
            ok = input.has_value();
            h.pending_input = input.value_or("");
        } else if (p.key == "tls") {
            h.tls = true;
        } else if (p.key == "secured") {
            h.secured = true;
        }
        if (!ok) {
            return handoff_error("bad value for " + p.key);
        }
    }
    if (h.protocol.empty() || !have_pid || !have_id || h.cookie.empty()) {
        return handoff_error("protocol, login_pid, auth_id and cookie are required");
    }
    return h;
}

std::string format_handoff_reply(const HandoffReply& r)
{
    if (r.ok) {
        return "OK\n";
    }
    return r.limit_reached ? auth::proto::make_line({"FAIL", r.reason, "limit"}) : auth::proto::make_line({"FAIL", r.reason});
}

Result<HandoffReply> parse_handoff_reply(std::string_view line)
{
    const auto fields = auth::proto::split_fields(line);
    if (fields.size() == 1 && fields[0] == "OK") {
        return HandoffReply{true, {}};
    }
    if (!fields.empty() && fields[0] == "FAIL") {
        return HandoffReply{false, fields.size() > 1 ? fields[1] : "unknown failure", fields.size() > 2 && fields[2] == "limit"};
    }
    return handoff_error("unexpected reply");
}

}  // namespace roost::login
