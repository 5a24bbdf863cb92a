// Parsers of the session commands.
#include "imap/proto/session_args.hpp"

#include "core/base64.hpp"
#include "core/strings.hpp"
#include "imap/proto/arg_reader.hpp"
#include "imap/proto/proto_error.hpp"

namespace roost::imap::proto {
namespace {

// RFC 2971 section 3.3: at most 30 pairs, names of 30 bytes, values of 1024.
constexpr std::size_t kIdMaxFields = 30;
constexpr std::size_t kIdMaxName = 30;
constexpr std::size_t kIdMaxValue = 1024;

bool is_sasl_mechanism(std::string_view s)
{
    // RFC 4422 sasl-mech: 1*20 of upper-case letters, digits, '-' and '_' (any case here).
    if (s.empty() || s.size() > 20) {
        return false;
    }
    for (const char c : s) {
        const char u = ascii_upper(c);
        if (!((u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-' || u == '_')) {
            return false;
        }
    }
    return true;
}

}  // namespace

Result<AuthenticateArgs> parse_authenticate(const Command& command)
{
    ArgReader r(command.args, command.name);
    AuthenticateArgs out;
    auto mech = r.atom("SASL mechanism");
    if (!mech) {
        return mech.error();
    }
    if (!is_sasl_mechanism(*mech)) {
        return r.error("Invalid SASL mechanism name");
    }
    out.mechanism = to_upper(*mech);
    if (!r.at_end()) {
        auto ir = r.atom("initial response");
        if (!ir) {
            return ir.error();
        }
        if (*ir == "=") {
            out.initial_response = std::string();
        } else {
            auto decoded = base64_decode(*ir);
            if (!decoded) {
                return r.error("Invalid base64 in initial response");
            }
            out.initial_response = std::move(*decoded);
        }
    }
    auto end = r.end();
    if (!end) {
        return end.error();
    }
    return out;
}

Result<LoginArgs> parse_login(const Command& command)
{
    ArgReader r(command.args, command.name);
    auto user = r.astring("user name");
    if (!user) {
        return user.error();
    }
    auto pass = r.astring("password");
    if (!pass) {
        return pass.error();
    }
    auto end = r.end();
    if (!end) {
        return end.error();
    }
    return LoginArgs{std::move(*user), std::move(*pass)};
}

Result<EnableArgs> parse_enable(const Command& command)
{
    ArgReader r(command.args, command.name);
    EnableArgs out;
    do {
        auto cap = r.atom("capability");
        if (!cap) {
            return cap.error();
        }
        out.capabilities.push_back(to_upper(*cap));
    } while (!r.at_end());
    return out;
}

Result<IdArgs> parse_id(const Command& command)
{
    ArgReader r(command.args, command.name);
    IdArgs out;
    if (r.peek() != nullptr && r.peek()->kind == Arg::Kind::Nil) {
        r.take();
    } else {
        auto list = r.list("ID parameter list");
        if (!list) {
            return list.error();
        }
        const std::vector<Arg>& items = **list;
        if (items.size() % 2 != 0) {
            return r.error("ID field without a value");
        }
        if (items.size() / 2 > kIdMaxFields) {
            return r.error("Too many ID fields");
        }
        ArgReader fields(items, command.name);
        while (!fields.at_end()) {
            auto name = fields.string("ID field name");
            if (!name) {
                return name.error();
            }
            auto value = fields.nstring("ID field value");
            if (!value) {
                return value.error();
            }
            if (name->size() > kIdMaxName || (*value && (*value)->size() > kIdMaxValue)) {
                return r.error("ID field too long");
            }
            out.fields.emplace_back(std::move(*name), std::move(*value));
        }
    }
    auto end = r.end();
    if (!end) {
        return end.error();
    }
    return out;
}

Result<CompressArgs> parse_compress(const Command& command)
{
    ArgReader r(command.args, command.name);
    auto mech = r.atom("compression mechanism");
    if (!mech) {
        return mech.error();
    }
    auto end = r.end();
    if (!end) {
        return end.error();
    }
    return CompressArgs{to_upper(*mech)};
}

Result<void> parse_no_args(const Command& command)
{
    ArgReader r(command.args, command.name);
    return r.end();
}

Result<std::optional<std::string>> parse_sasl_response(std::string_view line)
{
    if (line == "*") {
        return std::optional<std::string>();
    }
    auto decoded = base64_decode(line);
    if (!decoded) {
        return bad_syntax("Invalid base64 data in SASL response");
    }
    return std::optional<std::string>(std::move(*decoded));
}

bool is_idle_done(std::string_view line)
{
    return iequals(line, "DONE");
}

}  // namespace roost::imap::proto
