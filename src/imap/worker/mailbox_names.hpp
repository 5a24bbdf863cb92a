// Mailbox names between the client and the storage: the inbox namespace's prefix and the
// hierarchy separator clients see ('.' for Maildir++, '/' for LAYOUT=fs unless the namespace
// sets one, as Dovecot shows them) and LIST pattern matching.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace roost::imap {

// The separator clients see for a storage layout ("" and "maildir++" give '.', "fs" '/').
char separator_for_layout(std::string_view layout);

// A storage name ('/' between levels) as the client sees it; `prefix` (the namespace's, e.g.
// "INBOX." for Courier-style folders) goes before every name but INBOX itself.
std::string to_client_name(std::string_view storage_name, char separator, std::string_view prefix = {});

// A client's name (UTF-8) as a storage name, with a case-insensitive INBOX first level spelt
// "INBOX"; nullopt when the name holds a '/' that is not the separator (a storage name cannot),
// or does not start with `prefix` (see outside_namespace). A bare "INBOX." prefix names INBOX.
std::optional<std::string> to_storage_name(std::string_view client_name, char separator,
                                           std::string_view prefix = {});

// Whether `client_name` lies outside a namespace with this prefix (INBOX never does).
bool outside_namespace(std::string_view client_name, std::string_view prefix);

// The LIST pattern with a leading "inbox" level spelt INBOX (INBOX is case-insensitive).
std::string canonical_pattern(std::string_view pattern, char separator);

// RFC 3501 LIST matching of a client-form name: '*' matches anything, '%' anything but the
// separator, every other character itself.
bool list_pattern_matches(std::string_view pattern, std::string_view name, char separator);

}  // namespace roost::imap
