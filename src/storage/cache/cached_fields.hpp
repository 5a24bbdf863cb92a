// What the message cache keeps of a message, computed from its parse, and the FETCH items it
// can answer without the message file: ENVELOPE, BODYSTRUCTURE, BODY, and the message's own
// header sections (BODY[HEADER], BODY[HEADER.FIELDS (...)], BODY[HEADER.FIELDS.NOT (...)]).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "mail/imap/section.hpp"
#include "mail/message_part.hpp"
#include "storage/cache/cache_record.hpp"

namespace roost::storage::cache {

// Headers larger than this are not cached (their messages are read from the file).
inline constexpr std::size_t kMaxCachedHeader = 32u << 10;

// The fields of the message `data` whose parse is `structure`. BODY is included only
// `with_body`: few clients ask for it (most use BODYSTRUCTURE) and it would add a fifth to
// every record (doc/storage-cache.md), so it is added when a client first asks.
CachedMessage cached_fields_of(const mail::MessageStructure& structure, std::string_view data,
                               bool with_body = false);

// Whether BODY[`section`] is a header section of the message itself, which a cached header
// block answers.
bool is_cached_header_section(const mail::imap::SectionSpec& section);

// BODY[`section`] (a header section, see above) as sent on the wire, from the cached header
// block; nullopt when the message's header was not cached.
std::optional<std::string> header_section_from_cache(const CachedMessage& message,
                                                     const mail::imap::SectionSpec& section);

}  // namespace roost::storage::cache
