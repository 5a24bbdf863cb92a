// ImapProtoError: why a client's IMAP command could not be parsed, as a std::error_code category.
// The server maps these to its answer: most are a tagged BAD; InvalidMailboxName is a NO, as
// Dovecot answers a mailbox name that is not valid modified UTF-7.
#pragma once

#include <string>
#include <system_error>

#include "core/result.hpp"

namespace roost::imap::proto {

enum class ImapProtoError {
    Ok = 0,
    Syntax,              // BAD: the arguments do not follow the command's grammar
    UnknownCommand,      // BAD: no such command
    InvalidMailboxName,  // NO: not modified UTF-7 (or not UTF-8 once UTF8=ACCEPT is on)
    TooBig,              // BAD [TOOBIG]: a literal over the configured size
    LineTooLong,         // BAD: a command line over the configured length
};

const std::error_category& imap_proto_category();

inline std::error_code make_error_code(ImapProtoError e)
{
    return {static_cast<int>(e), imap_proto_category()};
}

// An Error with an ImapProtoError code; `message` is the text sent after BAD / NO.
Error proto_error(ImapProtoError code, std::string message);

// Shorthand for the common case: a syntax error.
inline Error bad_syntax(std::string message)
{
    return proto_error(ImapProtoError::Syntax, std::move(message));
}

}  // namespace roost::imap::proto

template <>
struct std::is_error_code_enum<roost::imap::proto::ImapProtoError> : std::true_type {
};
