// The command table of the protocol library and the second parsing step as one call: a
// Command from the receiver becomes a ParsedCommand holding the command's typed arguments, or
// an error whose text the server sends after BAD (or NO, for ImapProtoError::InvalidMailboxName).
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "core/result.hpp"
#include "imap/proto/append_args.hpp"
#include "imap/proto/arg.hpp"
#include "imap/proto/arg_reader.hpp"
#include "imap/proto/extension_args.hpp"
#include "imap/proto/fetch_args.hpp"
#include "imap/proto/mailbox_args.hpp"
#include "imap/proto/search_args.hpp"
#include "imap/proto/session_args.hpp"
#include "imap/proto/store_args.hpp"

namespace roost::imap::proto {

enum class CommandId {
    Capability,
    Noop,
    Logout,
    StartTls,
    Authenticate,
    Login,
    Enable,
    Id,
    Compress,
    Select,
    Examine,
    Create,
    Delete,
    Rename,
    Subscribe,
    Unsubscribe,
    List,
    Lsub,
    Namespace,
    Status,
    Append,
    Idle,
    Check,
    Close,
    Unselect,
    Expunge,
    Search,
    Fetch,
    Store,
    Copy,
    Move,
    GetQuota,
    GetQuotaRoot,
    SetQuota,
    SetMetadata,
    GetMetadata,
};

struct CommandInfo {
    std::string_view name;  // as the receiver names it: "FETCH", "UID FETCH"
    CommandId id;
    bool uid;  // the UID variant: sets hold UIDs (same id as the plain command)
};

// The entry for an upper-case command name; nullptr for commands this library does not know.
const CommandInfo* find_command(std::string_view name);

// Typed arguments; monostate for commands without arguments.
using CommandArgs = std::variant<std::monostate, AuthenticateArgs, LoginArgs, EnableArgs, IdArgs,
                                 CompressArgs, SelectArgs, CreateArgs, MailboxArgs, RenameArgs,
                                 ListArgs, StatusArgs, AppendArgs, SearchArgs, FetchArgs,
                                 StoreArgs, CopyArgs, UidExpungeArgs, GetQuotaArgs, SetQuotaArgs,
                                 SetMetadataArgs, GetMetadataArgs>;

struct ParsedCommand {
    std::string tag;
    CommandId id = CommandId::Noop;
    bool uid = false;
    CommandArgs args;
};

// Parses the arguments of any known command. The command is taken by value so an APPEND's
// message bytes move through. Errors: UnknownCommand, Syntax, InvalidMailboxName.
Result<ParsedCommand> parse_command(Command command, const ParseContext& context);

}  // namespace roost::imap::proto
