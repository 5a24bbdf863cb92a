// Typed arguments of the mailbox commands: SELECT / EXAMINE (CONDSTORE, QRESYNC), CREATE (USE),
// DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE, STATUS, LIST (RFC 5258, 5819, 6154) and LSUB.
// Mailbox names come out as UTF-8 (see mailbox_name.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "imap/proto/arg.hpp"
#include "imap/proto/arg_reader.hpp"
#include "imap/proto/sequence_set.hpp"

namespace roost::imap::proto {

// DELETE, SUBSCRIBE, UNSUBSCRIBE, GETQUOTAROOT: one mailbox.
struct MailboxArgs {
    std::string mailbox;
};

// QRESYNC select parameter (RFC 7162 section 3.2.5).
struct QresyncParams {
    std::uint32_t uidvalidity = 0;
    std::uint64_t modseq = 0;
    std::optional<SequenceSet> known_uids;
    // seq-match-data: message numbers and the UIDs the client knows for them
    std::optional<SequenceSet> known_sequence_set;
    std::optional<SequenceSet> known_uid_set;
};

struct SelectArgs {
    std::string mailbox;
    bool condstore = false;
    std::optional<QresyncParams> qresync;
};

struct CreateArgs {
    std::string mailbox;
    std::vector<std::string> special_use;  // USE (\Sent ...), as sent (RFC 6154)
};

struct RenameArgs {
    std::string from;
    std::string to;
};

enum class StatusItem {
    Messages,
    Recent,
    UidNext,
    UidValidity,
    Unseen,
    Deleted,         // RFC 9051
    Size,            // RFC 8438
    HighestModSeq,   // RFC 7162
    AppendLimit,     // RFC 7889
    MailboxId,       // RFC 8474
    DeletedStorage,  // RFC 9208
};

// The item's name in STATUS responses.
std::string_view status_item_name(StatusItem item);

struct StatusArgs {
    std::string mailbox;
    std::vector<StatusItem> items;
};

struct ListArgs {
    struct Selection {
        bool subscribed = false;
        bool remote = false;
        bool recursive_match = false;
        bool special_use = false;
    };
    struct Return {
        bool subscribed = false;
        bool children = false;
        bool special_use = false;
        bool myrights = false;
        std::optional<std::vector<StatusItem>> status;  // RETURN (STATUS (...)), RFC 5819
    };
    bool lsub = false;
    // Selection options or RETURN were given, or several patterns: answer in the extended way
    // (RFC 5258: CHILDINFO, \NonExistent).
    bool extended = false;
    std::string reference;
    std::vector<std::string> patterns;  // decoded like names; at least one
    Selection selection;
    Return options;
};

Result<SelectArgs> parse_select(const Command& command, const ParseContext& context);
Result<CreateArgs> parse_create(const Command& command, const ParseContext& context);
Result<MailboxArgs> parse_mailbox_only(const Command& command, const ParseContext& context);
Result<RenameArgs> parse_rename(const Command& command, const ParseContext& context);
Result<StatusArgs> parse_status(const Command& command, const ParseContext& context);
Result<ListArgs> parse_list(const Command& command, const ParseContext& context);
Result<ListArgs> parse_lsub(const Command& command, const ParseContext& context);

// A parenthesised list of STATUS items; shared with LIST RETURN (STATUS (...)).
Result<std::vector<StatusItem>> parse_status_items(const std::vector<Arg>& items,
                                                   const ArgReader& reader);

}  // namespace roost::imap::proto
