// The private namespaces of an IMAP session and which one a client's mailbox name belongs to:
// the namespace with the longest matching prefix, INBOX always the inbox namespace's (as
// Dovecot's mail_namespace_find()).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/namespace_names.hpp"
#include "storage/storage.hpp"

namespace roost::imap {

enum class Listing { Yes, No, Children };  // the namespace's `list` setting

struct SessionNamespace {
    storage::NamespaceNames names;
    storage::Storage* storage = nullptr;  // not owned; namespaces without a location share one
    bool inbox = false;
    bool hidden = false;  // left out of NAMESPACE
    Listing list = Listing::Yes;

    // The prefix without its separator ("mail" for "mail/"): the namespace's root, which LIST
    // shows and no command can select. Empty without a prefix.
    std::string root() const;
    // A storage name as the client sees it; another namespace's INBOX keeps its prefix.
    std::string to_client(const std::string& storage_name) const;
};

struct NamespaceRoute {
    std::size_t index = 0;  // into the session's namespaces
    bool root = false;      // the name is the namespace's root itself ("mail" for "mail/")
};

// The namespace of `client_name`: the longest prefix that it starts with (its INBOX part in
// any case) or that it names without the separator; INBOX itself belongs to the inbox
// namespace. nullopt when the name lies outside every namespace.
std::optional<NamespaceRoute> route_name(const std::vector<SessionNamespace>& namespaces,
                                         std::string_view client_name);

// The namespace holding INBOX (the first when the config has none; the validator refuses that).
std::size_t inbox_index(const std::vector<SessionNamespace>& namespaces);

}  // namespace roost::imap
