// Debug rendering of token trees.
#include "imap/proto/arg.hpp"

namespace roost::imap::proto {
namespace {

void append_escaped(std::string& out, std::string_view s)
{
    out += '"';
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20 || u >= 0x7f) {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\x";
            out += kHex[u >> 4];
            out += kHex[u & 15];
        } else {
            out += c;
        }
    }
    out += '"';
}

}  // namespace

std::string describe(const Arg& arg)
{
    std::string out;
    switch (arg.kind) {
        case Arg::Kind::Atom:
        case Arg::Kind::Nil:
            out = arg.value;
            break;
        case Arg::Kind::Quoted:
            append_escaped(out, arg.value);
            break;
        case Arg::Kind::Literal:
            out = (arg.literal8 ? "~{" : "{") + std::to_string(arg.value.size()) + "}";
            append_escaped(out, arg.value);
            break;
        case Arg::Kind::List:
            out = "(" + describe(arg.items) + ")";
            break;
    }
    return out;
}

std::string describe(const std::vector<Arg>& args)
{
    std::string out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (i > 0) {
            out += ' ';
        }
        out += describe(args[i]);
    }
    return out;
}

std::string describe(const Command& command)
{
    std::string out = command.tag + " " + command.name;
    if (!command.args.empty()) {
        out += ' ';
        out += describe(command.args);
    }
    return out;
}

}  // namespace roost::imap::proto
