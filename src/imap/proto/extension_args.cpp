// Parsers of the QUOTA and METADATA commands.
#include "imap/proto/extension_args.hpp"

#include "core/strings.hpp"

namespace roost::imap::proto {
namespace {

// entry names: "/private/..." or "/shared/..." (RFC 5464 section 3.2); checked loosely.
bool is_entry_name(std::string_view s)
{
    return s.size() > 1 && s[0] == '/' && s.find_first_of(std::string_view("\0*%", 3)) ==
                                               std::string_view::npos;
}

Result<void> parse_metadata_options(const std::vector<Arg>& items, GetMetadataArgs& out,
                                    const ArgReader& outer, std::string_view command_name)
{
    ArgReader r(items, command_name);
    if (r.at_end()) {
        return outer.error("Empty GETMETADATA option list");
    }
    while (!r.at_end()) {
        if (r.peek_atom("MAXSIZE")) {
            r.take();
            auto n = r.number64("MAXSIZE value");
            if (!n) {
                return n.error();
            }
            out.max_size = *n;
        } else if (r.peek_atom("DEPTH")) {
            r.take();
            auto depth = r.atom("DEPTH value");
            if (!depth) {
                return depth.error();
            }
            if (*depth == "0") {
                out.depth = GetMetadataArgs::Depth::Zero;
            } else if (*depth == "1") {
                out.depth = GetMetadataArgs::Depth::One;
            } else if (iequals(*depth, "infinity")) {
                out.depth = GetMetadataArgs::Depth::Infinity;
            } else {
                return r.error("Invalid DEPTH " + depth->substr(0, 20));
            }
        } else {
            return r.error("Unknown GETMETADATA option " + describe(*r.peek()).substr(0, 40));
        }
    }
    return {};
}

}  // namespace

Result<GetQuotaArgs> parse_getquota(const Command& command)
{
    ArgReader r(command.args, command.name);
    auto root = r.astring("quota root");
    if (!root) {
        return root.error();
    }
    auto end = r.end();
    if (!end) {
        return end.error();
    }
    return GetQuotaArgs{std::move(*root)};
}

Result<SetQuotaArgs> parse_setquota(const Command& command)
{
    ArgReader r(command.args, command.name);
    SetQuotaArgs out;
    auto root = r.astring("quota root");
    if (!root) {
        return root.error();
    }
    out.root = std::move(*root);
    auto list = r.list("resource limits");
    if (!list) {
        return list.error();
    }
    ArgReader limits(**list, command.name);
    while (!limits.at_end()) {
        auto resource = limits.atom("resource name");
        if (!resource) {
            return resource.error();
        }
        auto limit = limits.number64("resource limit");
        if (!limit) {
            return limit.error();
        }
        out.limits.emplace_back(to_upper(*resource), *limit);
    }
    auto end = r.end();
    if (!end) {
        return end.error();
    }
    return out;
}

Result<SetMetadataArgs> parse_setmetadata(const Command& command, const ParseContext& context)
{
    ArgReader r(command.args, command.name);
    SetMetadataArgs out;
    auto mailbox = r.mailbox(context);
    if (!mailbox) {
        return mailbox.error();
    }
    out.mailbox = std::move(*mailbox);
    auto list = r.list("metadata entries");
    if (!list) {
        return list.error();
    }
    if ((*list)->empty()) {
        return r.error("Empty metadata entry list");
    }
    ArgReader entries(**list, command.name);
    while (!entries.at_end()) {
        auto name = entries.astring("entry name");
        if (!name) {
            return name.error();
        }
        if (!is_entry_name(*name)) {
            return r.error("Invalid entry name " + name->substr(0, 40));
        }
        auto value = entries.nstring("entry value");
        if (!value) {
            return value.error();
        }
        out.entries.emplace_back(std::move(*name), std::move(*value));
    }
    auto end = r.end();
    if (!end) {
        return end.error();
    }
    return out;
}

Result<GetMetadataArgs> parse_getmetadata(const Command& command, const ParseContext& context)
{
    ArgReader r(command.args, command.name);
    GetMetadataArgs out;
    // RFC 5464 puts the options first; its examples put them after the mailbox. Take both.
    if (r.peek() != nullptr && r.peek()->kind == Arg::Kind::List) {
        auto options = parse_metadata_options(r.take()->items, out, r, command.name);
        if (!options) {
            return options.error();
        }
    }
    auto mailbox = r.mailbox(context);
    if (!mailbox) {
        return mailbox.error();
    }
    out.mailbox = std::move(*mailbox);
    const Arg* next = r.peek();
    if (next != nullptr && next->kind == Arg::Kind::List && r.position() + 1 < command.args.size()) {
        auto options = parse_metadata_options(r.take()->items, out, r, command.name);
        if (!options) {
            return options.error();
        }
    }
    const Arg* entries = r.take();
    if (entries == nullptr) {
        return r.missing("entry names");
    }
    const std::vector<Arg> single = entries->kind == Arg::Kind::List
                                        ? std::vector<Arg>()
                                        : std::vector<Arg>{*entries};
    const std::vector<Arg>& names = entries->kind == Arg::Kind::List ? entries->items : single;
    if (names.empty()) {
        return r.error("Empty entry name list");
    }
    for (const Arg& name : names) {
        if (!name.is_astring() || !is_entry_name(name.value)) {
            return r.error("Invalid entry name " + describe(name).substr(0, 40));
        }
        out.entries.push_back(name.value);
    }
    auto end = r.end();
    if (!end) {
        return end.error();
    }
    return out;
}

}  // namespace roost::imap::proto
