// Writers of IMAP strings (RFC 3501 section 4.3) in the forms Dovecot chooses: a quoted string
// when the bytes allow it, otherwise a literal; NIL for absent values.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace roost::mail::imap {

// A quoted string with '"' and '\' escaped; a literal when s holds CR, LF, NUL or 8-bit bytes.
void append_string(std::string& out, std::string_view s);
void append_nstring(std::string& out, const std::optional<std::string>& s);

// As append_nstring, with CR and LF removed first (unfolded header values).
void append_nstring_nolf(std::string& out, const std::optional<std::string>& s);

// Text meant for people (ENVELOPE subject and display names): tabs, CR and LF become spaces,
// runs of spaces shrink to one and the ends are trimmed. A value that needed any of this, or
// holds '"', '\' or 8-bit bytes, is sent as a literal; others as a quoted string.
void append_string_for_humans(std::string& out, std::string_view s);
void append_nstring_for_humans(std::string& out, const std::optional<std::string>& s);

void append_literal(std::string& out, std::string_view s);

}  // namespace roost::mail::imap
