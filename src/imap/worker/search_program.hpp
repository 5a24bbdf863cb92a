// SearchProgram: a parsed SEARCH key tree made ready to run over messages. Text keys (BODY,
// TEXT, HEADER, SUBJECT, FROM ...) are converted to UTF-8 once and matched in one parse of each
// message that needs them, and only when the cheaper keys beside them have not decided already.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "imap/proto/search_args.hpp"
#include "mail/message_part.hpp"
#include "mail/message_search.hpp"
#include "storage/mailbox.hpp"

namespace roost::imap {

// What holds for the whole mailbox while a program runs.
struct SearchScope {
    std::uint32_t max_seq = 0;  // '*' of sequence sets
    std::uint32_t max_uid = 0;  // '*' of UID sets
    const std::vector<std::string>* keywords = nullptr;      // the mailbox's keyword list
    const std::vector<std::uint32_t>* saved_uids = nullptr;  // "$", sorted
    std::int64_t now = 0;                                    // OLDER / YOUNGER
    int zone_minutes = 0;  // the server's zone: BEFORE / ON / SINCE compare INTERNALDATE there
};

struct MessageContent {
    std::string_view data;
    const mail::MessageStructure* structure = nullptr;
};

// One message as the program sees it; size and content are asked for only when needed.
struct SearchMessage {
    std::uint32_t seq = 0;
    const storage::MessageInfo* info = nullptr;
    std::function<std::optional<std::uint64_t>()> size;     // RFC822.SIZE; nullopt: gone
    std::function<std::optional<MessageContent>()> content;  // nullopt: gone
    // The message's header block from the message cache (nullopt: not cached, or no cache), so
    // that header keys need not read the file. May be left empty.
    std::function<std::optional<std::string>()> cached_header;
};

class SearchProgram {
public:
    // Errors: mail::MailError::UnknownCharset for a charset iconv does not know (answer
    // NO [BADCHARSET]); ImapProtoError::Syntax for keys this server does not serve (SAVEDATE,
    // OBJECTID, FUZZY keys). `root` must outlive the program.
    static Result<SearchProgram> compile(const proto::SearchKey& root, const std::optional<std::string>& charset);

    bool uses_modseq() const { return uses_modseq_; }
    // Whether every text key (if any) looks at the message's own header only (SUBJECT, FROM,
    // HEADER ...), so that a cached header block answers them.
    bool headers_only() const { return headers_only_; }

    // Whether the message matches; nullopt when its content was needed but is gone.
    std::optional<bool> matches(const SearchScope& scope, const SearchMessage& message) const;

private:
    struct Run;
    explicit SearchProgram(const proto::SearchKey& root) : root_(&root) {}
    Result<void> prepare(const proto::SearchKey& key, const std::optional<std::string>& charset, std::size_t depth);

    const proto::SearchKey* root_;
    std::vector<mail::SearchKey> text_keys_;
    std::unordered_map<const proto::SearchKey*, std::size_t> text_index_;
    bool uses_modseq_ = false;
    bool headers_only_ = true;  // every text key looks at the message's own header only
};

}  // namespace roost::imap
