// Folder names as clients, Sieve scripts and admins write them, and as the storage keeps them:
// the inbox namespace's prefix ("INBOX." for Courier-style folders) and hierarchy separator on
// one side, "Work/2024" ('/' between levels, no prefix) on the other. IMAP, the LDA (-m,
// fileinto) and roostadm all go through here, so a name means the same folder everywhere.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "storage/mail_location.hpp"

namespace roost::storage {

// The separator Dovecot shows when the namespace sets none: '/' for LAYOUT=fs and mbox, '.'
// for Maildir++.
char default_separator(const MailLocation& location);

struct NamespaceNames {
    std::string prefix;  // before every name but INBOX itself; ends with the separator
    char separator = '.';

    // A storage name as the client sees it.
    std::string to_client(std::string_view storage_name) const;
    // A client's name (UTF-8) as a storage name, with a case-insensitive INBOX first level spelt
    // "INBOX"; nullopt when the name holds a '/' that is not the separator (a storage name
    // cannot), or lies outside the prefix. A bare "INBOX." prefix names INBOX, as in Dovecot.
    std::optional<std::string> to_storage(std::string_view client_name) const;
    // Whether `client_name` lies outside the prefix (INBOX never does).
    bool outside(std::string_view client_name) const;
};

}  // namespace roost::storage
