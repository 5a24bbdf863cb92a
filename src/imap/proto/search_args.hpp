// Typed arguments of SEARCH / UID SEARCH: RETURN options (ESEARCH, RFC 4731; SAVE, RFC 5182),
// CHARSET, and the search-key grammar of RFC 3501 / 9051 as a tree, with MODSEQ (RFC 7162),
// OLDER / YOUNGER (RFC 5032), SAVEDBEFORE... (RFC 8514), EMAILID / THREADID (RFC 8474) and
// FUZZY (RFC 6203). Strings stay in the client's charset; the server converts them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "imap/proto/arg.hpp"
#include "imap/proto/sequence_set.hpp"
#include "mail/date_time.hpp"

namespace roost::imap::proto {

struct SearchKey {
    enum class Kind {
        And,  // a parenthesised list or the whole program: every child matches
        Or,   // two children
        Not,  // one child
        Fuzzy,  // one child, matched fuzzily (RFC 6203)
        All,
        SequenceSet,  // message numbers (or "$")
        Uid,          // UIDs (or "$")
        Answered,
        Deleted,
        Draft,
        Flagged,
        Seen,
        Recent,
        New,
        Old,
        Unanswered,
        Undeleted,
        Undraft,
        Unflagged,
        Unseen,
        Keyword,    // value
        Unkeyword,  // value
        Bcc,        // value
        Body,
        Cc,
        From,
        Subject,
        Text,
        To,
        Header,  // field, value
        Before,  // date: INTERNALDATE
        On,
        Since,
        SentBefore,  // date: the Date: header
        SentOn,
        SentSince,
        SavedBefore,  // date: save date
        SavedOn,
        SavedSince,
        SaveDateSupported,
        Larger,   // number
        Smaller,  // number
        Older,    // number of seconds
        Younger,
        ModSeq,  // number; field = entry name and entry_type when given
        EmailId,   // value
        ThreadId,  // value
    };
    enum class EntryType { All, Private, Shared };

    Kind kind = Kind::All;
    std::string field;
    std::string value;
    mail::Date date;
    std::uint64_t number = 0;
    SequenceSet set;
    EntryType entry_type = EntryType::All;
    std::vector<SearchKey> children;
};

struct SearchArgs {
    bool uid = false;
    // RETURN (...) was given (RFC 4731): answer with ESEARCH. An empty list means ALL.
    bool esearch = false;
    bool return_min = false;
    bool return_max = false;
    bool return_all = false;
    bool return_count = false;
    bool return_save = false;  // SAVE (RFC 5182)
    std::optional<std::string> charset;  // as sent
    SearchKey key;                       // Kind::And of the program's keys
};

// Nesting of NOT / OR / FUZZY / parentheses allowed before BAD (keeps recursion bounded).
inline constexpr std::size_t kMaxSearchDepth = 64;

Result<SearchArgs> parse_search(const Command& command);

// Whether the program uses the saved result "$" (it must then run after the SAVE before it).
bool uses_saved_result(const SearchKey& key);

}  // namespace roost::imap::proto
