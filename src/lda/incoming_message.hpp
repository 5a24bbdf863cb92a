// The message as the MTA hands it over, made ready to store: an mbox "From " envelope line
// that Postfix's local(8) puts in front is taken off (its sender is the fallback for -f), and
// Return-Path and Delivered-To are added unless the MTA already wrote them.
#pragma once

#include <string>
#include <string_view>

namespace roost::lda {

struct IncomingMessage {
    std::string data;        // the message to store, line ends as the MTA gave them
    std::string from_line;   // the sender of a leading "From sender date" line, "" when none
    bool had_from_line = false;
};

// Splits off a leading "From " envelope line.
IncomingMessage take_envelope_line(std::string raw);

// Prepends "Return-Path: <sender>" when the header has no Return-Path, and
// "Delivered-To: recipient" when no Delivered-To field names that recipient already.
// New fields use the message's own line end (CRLF when its first line ends so).
std::string add_delivery_headers(std::string_view message, std::string_view sender,
                                 std::string_view recipient);

// The value of the first header field `name` (case-insensitive), unfolded and trimmed; ""
// when absent. For the log (Message-ID, Subject, From) and lda_original_recipient_header.
std::string header_value(std::string_view message, std::string_view name);

}  // namespace roost::lda
