// Typed arguments of FETCH / UID FETCH: the macros ALL FAST FULL, every RFC 3501 / 9051 item,
// BINARY (RFC 3516), MODSEQ and the CHANGEDSINCE / VANISHED modifiers (RFC 7162), PREVIEW
// (RFC 8970), SAVEDATE (RFC 8514), EMAILID / THREADID (RFC 8474). Sections and partials are
// mail::imap's SectionSpec and Partial, so the mail library reads them directly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "imap/proto/arg.hpp"
#include "imap/proto/sequence_set.hpp"
#include "mail/imap/fetch_item.hpp"
#include "mail/imap/section.hpp"

namespace roost::imap::proto {

struct FetchAtt {
    enum class Kind {
        Flags,
        InternalDate,
        Uid,
        ModSeq,
        Envelope,
        Body,           // BODY: the non-extensible BODYSTRUCTURE
        BodyStructure,
        Rfc822,         // = BODY[], named RFC822 in the answer
        Rfc822Header,   // = BODY.PEEK[HEADER]
        Rfc822Text,     // = BODY[TEXT]
        Rfc822Size,
        BodySection,    // BODY[section]<partial> and BODY.PEEK[...]
        Binary,         // BINARY[part]<partial> and BINARY.PEEK[...]
        BinarySize,     // BINARY.SIZE[part]
        Preview,
        SaveDate,
        EmailId,
        ThreadId,
    };
    Kind kind = Kind::Flags;
    mail::imap::SectionSpec section;             // BodySection, Binary, BinarySize
    std::optional<mail::imap::Partial> partial;  // BodySection, Binary
    bool peek = false;                           // .PEEK: does not set \Seen
    bool lazy = false;                           // PREVIEW (LAZY)

    // The item as mail::imap writes it (message content), or nullopt for items the mail
    // library does not produce (FLAGS, UID, INTERNALDATE, MODSEQ, SAVEDATE, EMAILID, THREADID).
    std::optional<mail::imap::FetchItem> content_item() const;
    // The name the FETCH response gives the item: "BODY[HEADER.FIELDS (FROM)]<0>",
    // "RFC822.HEADER", "BINARY.SIZE[1]".
    std::string response_name() const;
    // Whether fetching the item sets \Seen (on a read-write mailbox).
    bool sets_seen() const;

    bool operator==(const FetchAtt& other) const;
};

struct FetchArgs {
    SequenceSet set;
    bool uid = false;  // UID FETCH: set holds UIDs, and the response must include UID
    std::vector<FetchAtt> items;
    std::optional<std::uint64_t> changed_since;  // CHANGEDSINCE (implies MODSEQ)
    bool vanished = false;                       // VANISHED (UID FETCH with CHANGEDSINCE)
};

Result<FetchArgs> parse_fetch(const Command& command);

// One fetch-att from a token (and, for PREVIEW, the modifier list after it; `next` may be
// null). Sets `used_next` when it consumed that list. Exposed for tests and tools.
Result<FetchAtt> parse_fetch_att(const Arg& arg, const Arg* next, bool& used_next);

}  // namespace roost::imap::proto
