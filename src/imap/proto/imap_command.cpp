// The command table and the dispatch to each command's parser.
#include "imap/proto/imap_command.hpp"

#include <array>

#include "imap/proto/proto_error.hpp"

namespace roost::imap::proto {
namespace {

constexpr std::array<CommandInfo, 43> kCommands = {{
    {"CAPABILITY", CommandId::Capability, false},
    {"NOOP", CommandId::Noop, false},
    {"LOGOUT", CommandId::Logout, false},
    {"STARTTLS", CommandId::StartTls, false},
    {"AUTHENTICATE", CommandId::Authenticate, false},
    {"LOGIN", CommandId::Login, false},
    {"ENABLE", CommandId::Enable, false},
    {"ID", CommandId::Id, false},
    {"COMPRESS", CommandId::Compress, false},
    {"SELECT", CommandId::Select, false},
    {"EXAMINE", CommandId::Examine, false},
    {"CREATE", CommandId::Create, false},
    {"DELETE", CommandId::Delete, false},
    {"RENAME", CommandId::Rename, false},
    {"SUBSCRIBE", CommandId::Subscribe, false},
    {"UNSUBSCRIBE", CommandId::Unsubscribe, false},
    {"LIST", CommandId::List, false},
    {"LSUB", CommandId::Lsub, false},
    {"NAMESPACE", CommandId::Namespace, false},
    {"STATUS", CommandId::Status, false},
    {"APPEND", CommandId::Append, false},
    {"IDLE", CommandId::Idle, false},
    {"CHECK", CommandId::Check, false},
    {"CLOSE", CommandId::Close, false},
    {"UNSELECT", CommandId::Unselect, false},
    {"EXPUNGE", CommandId::Expunge, false},
    {"SEARCH", CommandId::Search, false},
    {"FETCH", CommandId::Fetch, false},
    {"STORE", CommandId::Store, false},
    {"COPY", CommandId::Copy, false},
    {"MOVE", CommandId::Move, false},
    {"GETQUOTA", CommandId::GetQuota, false},
    {"GETQUOTAROOT", CommandId::GetQuotaRoot, false},
    {"SETQUOTA", CommandId::SetQuota, false},
    {"SETMETADATA", CommandId::SetMetadata, false},
    {"GETMETADATA", CommandId::GetMetadata, false},
    {"UID EXPUNGE", CommandId::Expunge, true},
    {"UID SEARCH", CommandId::Search, true},
    {"UID FETCH", CommandId::Fetch, true},
    {"UID STORE", CommandId::Store, true},
    {"UID COPY", CommandId::Copy, true},
    {"UID MOVE", CommandId::Move, true},
    {"XLIST", CommandId::List, false},  // Apple Mail and old Gmail clients: LIST with roles
}};

template <class T>
Result<CommandArgs> wrap(Result<T>&& r)
{
    if (!r) {
        return r.error();
    }
    return CommandArgs(std::move(*r));
}

Result<CommandArgs> wrap_void(Result<void>&& r)
{
    if (!r) {
        return r.error();
    }
    return CommandArgs(std::monostate{});
}

Result<CommandArgs> parse_args(const CommandInfo& info, Command&& c, const ParseContext& ctx)
{
    switch (info.id) {
        case CommandId::Capability:
        case CommandId::Noop:
        case CommandId::Logout:
        case CommandId::StartTls:
        case CommandId::Namespace:
        case CommandId::Idle:
        case CommandId::Check:
        case CommandId::Close:
        case CommandId::Unselect:
            return wrap_void(parse_no_args(c));
        case CommandId::Expunge:
            return info.uid ? wrap(parse_uid_expunge(c)) : wrap_void(parse_no_args(c));
        case CommandId::Authenticate:
            return wrap(parse_authenticate(c));
        case CommandId::Login:
            return wrap(parse_login(c));
        case CommandId::Enable:
            return wrap(parse_enable(c));
        case CommandId::Id:
            return wrap(parse_id(c));
        case CommandId::Compress:
            return wrap(parse_compress(c));
        case CommandId::Select:
        case CommandId::Examine:
            return wrap(parse_select(c, ctx));
        case CommandId::Create:
            return wrap(parse_create(c, ctx));
        case CommandId::Delete:
        case CommandId::Subscribe:
        case CommandId::Unsubscribe:
        case CommandId::GetQuotaRoot:
            return wrap(parse_mailbox_only(c, ctx));
        case CommandId::Rename:
            return wrap(parse_rename(c, ctx));
        case CommandId::List:
            return wrap(parse_list(c, ctx));
        case CommandId::Lsub:
            return wrap(parse_lsub(c, ctx));
        case CommandId::Status:
            return wrap(parse_status(c, ctx));
        case CommandId::Append:
            return wrap(parse_append(std::move(c), ctx));
        case CommandId::Search:
            return wrap(parse_search(c));
        case CommandId::Fetch:
            return wrap(parse_fetch(c));
        case CommandId::Store:
            return wrap(parse_store(c));
        case CommandId::Copy:
        case CommandId::Move:
            return wrap(parse_copy(c, ctx));
        case CommandId::GetQuota:
            return wrap(parse_getquota(c));
        case CommandId::SetQuota:
            return wrap(parse_setquota(c));
        case CommandId::SetMetadata:
            return wrap(parse_setmetadata(c, ctx));
        case CommandId::GetMetadata:
            return wrap(parse_getmetadata(c, ctx));
    }
    return wrap_void(parse_no_args(c));
}

}  // namespace

const CommandInfo* find_command(std::string_view name)
{
    for (const CommandInfo& info : kCommands) {
        if (info.name == name) {
            return &info;
        }
    }
    return nullptr;
}

Result<ParsedCommand> parse_command(Command command, const ParseContext& context)
{
    const CommandInfo* info = find_command(command.name);
    if (info == nullptr) {
        return proto_error(ImapProtoError::UnknownCommand,
                           "Unknown command " + command.name.substr(0, 40));
    }
    ParsedCommand out;
    out.tag = command.tag;
    out.id = info->id;
    out.uid = info->uid;
    auto args = parse_args(*info, std::move(command), context);
    if (!args) {
        return args.error();
    }
    out.args = std::move(*args);
    return out;
}

}  // namespace roost::imap::proto
