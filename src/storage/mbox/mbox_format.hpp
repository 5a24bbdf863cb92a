// The mbox file format as Dovecot 2.3 reads and writes it: message boundaries, the status
// headers (X-IMAPbase, X-IMAP, X-UID, Status, X-Status, X-Keywords) and their rendering. Pure:
// bytes in, offsets and values out, so it can be unit-tested and fuzzed (storage_mbox_fuzz).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/flags.hpp"

namespace roost::storage::mbox {

// X-IMAPbase (or X-IMAP in the pseudo message) of the first message.
struct MboxBase {
    std::uint32_t uidvalidity = 0;
    std::uint32_t last_uid = 0;  // highest UID ever given; UIDNEXT is last_uid + 1
    std::vector<std::string> keywords;
    // Where the last-UID digits sit in the file, so an append can raise it in place.
    std::size_t last_uid_offset = 0;
    std::size_t last_uid_width = 0;
};

// One message. Offsets are into the whole file; [header, end) is the message as stored (with
// its status headers), `end` excludes the "\n" that separates it from the next From_ line.
struct ParsedMessage {
    std::size_t from = 0;        // start of the "From " line
    std::size_t header = 0;      // first header byte (after the From_ line)
    std::size_t header_end = 0;  // start of the empty line ending the header (== body without)
    std::size_t body = 0;        // first body byte (after the empty line); == end without a body
    std::size_t end = 0;
    std::size_t next = 0;               // start of the next From_ line, or the file size
    std::int64_t received = 0;          // the From_ line's date, seconds since the epoch
    std::optional<std::uint32_t> uid;   // X-UID as written (checked by assign_uids())
    Flags flags;                        // from Status (R) and X-Status (A F T D)
    bool seen_by_reader = false;        // Status has O: not \Recent any more
    std::vector<std::string> keywords;  // X-Keywords
    bool pseudo = false;                // the "FOLDER INTERNAL DATA" message (X-IMAP)
    // Byte ranges of the headers Dovecot hides (status headers, Content-Length), in order.
    std::vector<std::pair<std::size_t, std::size_t>> hidden;
    // The range holding exactly this message's X-UID/Status/X-Status/X-Keywords headers when
    // they sit together (so flags can be rewritten in place), else nullopt.
    std::optional<std::pair<std::size_t, std::size_t>> status_block;
};

struct ParsedMbox {
    std::optional<MboxBase> base;
    std::vector<ParsedMessage> messages;  // in file order, the pseudo message included
    std::size_t size = 0;
};

// UIDs as Dovecot derives them: an X-UID counts while it is above the previous message's UID
// and not above X-IMAPbase's last UID; from the first message failing that on, every message
// gets a new UID after all others, so UIDs stay ascending in file order. uids[i] is 0 for the
// pseudo message. `needs_write` when a UID was given or there is no X-IMAPbase yet.
struct UidAssignment {
    std::vector<std::uint32_t> uids;
    std::uint32_t last_uid = 0;
    bool needs_write = false;
};
UidAssignment assign_uids(const ParsedMbox& mbox);

// Whether `line` (without its "\n") is a From_ line Dovecot accepts as a message boundary:
// "From <sender> <asctime date>" with optional time zone and year variants. Sets `date`
// (local time, as mbox writers use) when it is.
bool parse_from_line(std::string_view line, std::int64_t* date);

// Splits a whole mbox file. Never fails: bytes before the first From_ line are ignored (as
// Dovecot does), a Content-Length is honoured only when it lands on a boundary or the end.
ParsedMbox parse_mbox(std::string_view data);

// Parses X-IMAPbase/X-IMAP values: "<uidvalidity> <last uid> [keyword...]".
std::optional<MboxBase> parse_imap_base(std::string_view value);

// The message as clients see it: [header, end) of `m` without its hidden headers.
std::string visible_message(std::string_view data, const ParsedMessage& m);

// "From <sender>  <asctime date in local time>" (no newline).
std::string make_from_line(std::string_view sender, std::int64_t date);

// Quotes every line starting "From " as ">From " (mboxo, as Postfix's local(8) does) and
// makes sure the message ends with a newline.
std::string escape_from_lines(std::string_view message);

// Drops status headers (X-IMAPbase, X-IMAP, X-UID, Status, X-Status, X-Keywords,
// Content-Length) from the header of a message that is about to be saved, so incoming mail
// cannot forge them.
std::string strip_status_headers(std::string_view message);

// Values of the status headers of one message as Roost writes them.
struct StatusValues {
    std::uint32_t uid = 0;
    Flags flags;
    bool seen_by_reader = false;
    std::vector<std::string> keywords;
};

// The values in a status block (ParsedMessage::status_block) as parse_mbox() reads them (uid
// 0 without a valid X-UID); nullopt unless every line of it is a whole X-UID, Status, X-Status
// or X-Keywords header, so that the block is still all hidden and all status.
std::optional<StatusValues> parse_status_block(std::string_view block);

// "X-UID: ..\nStatus: ..\nX-Status: ..\nX-Keywords: ..<padding>\n". With `exact_size` the
// X-Keywords line is padded to make the block exactly that long (nullopt when it does not
// fit); otherwise it gets kStatusPadding spaces of room for later in-place updates.
inline constexpr std::size_t kStatusPadding = 40;
std::optional<std::string> render_status_block(const StatusValues& values,
                                               std::optional<std::size_t> exact_size);

// "X-IMAPbase: <uidvalidity> <10-digit last uid> [keywords]\n".
std::string render_imap_base(const MboxBase& base);

// Whether `k` can be a keyword: an IMAP atom without wildcards, quotes or a leading '\\'.
bool is_valid_keyword(std::string_view k);

// The header names Dovecot hides, case-insensitively.
bool is_hidden_header(std::string_view name);

}  // namespace roost::storage::mbox
