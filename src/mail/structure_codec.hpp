// Serialisation of a MessageStructure to compact bytes and back, so the storage index can cache
// it and answer ENVELOPE, BODY, BODYSTRUCTURE, RFC822.SIZE and sizes without the message.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "mail/message_part.hpp"

namespace roost::mail {

// Bytes (not text) starting with a format version; about as large as the message's header.
std::string serialize_structure(const MessageStructure& structure);

// The structure back. MailError::BadCache for bytes that are truncated, of another format
// version, or inconsistent (a cache entry is then simply rebuilt from the message).
Result<MessageStructure> deserialize_structure(std::string_view bytes);

}  // namespace roost::mail
