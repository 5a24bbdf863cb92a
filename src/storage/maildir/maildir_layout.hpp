// MaildirLayout: where a mailbox lives below the Maildir root. Maildir++ (Dovecot's default)
// keeps every folder flat in the root as ".A.B" with '.' between levels; LAYOUT=fs nests real
// directories "A/B". Levels are stored in modified UTF-7. INBOX is the root itself. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace roost::storage::maildir {

enum class LayoutKind {
    MaildirPlusPlus,
    Fs,
};

// The directory of mailbox `name` relative to the root: "" for INBOX, ".A.B" or "A/B".
// BadName for names the layout cannot store ('.' inside a Maildir++ level; new, cur, tmp or a
// leading '.' in an fs level).
Result<std::string> mailbox_directory(LayoutKind layout, std::string_view name);

// The mailbox name of a directory relative to the root, or nullopt when it is not one
// (".." prefixes, which hold mailboxes being deleted, and undecodable names included).
std::optional<std::string> mailbox_name_of_directory(LayoutKind layout, std::string_view rel);

// Directory names inside a Maildir that are never mailboxes in the fs layout.
bool is_reserved_maildir_name(std::string_view level);

}  // namespace roost::storage::maildir
