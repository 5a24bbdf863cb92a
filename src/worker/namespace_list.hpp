// The private namespaces a mail process serves, read from the config's `namespace` blocks:
// which prefix and separator each shows, which storage holds its folders, and how LIST and
// NAMESPACE treat it. IMAP serves them all; POP3, the LDA and roostadm use the inbox one only.
#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"

namespace roost::worker {

enum class NamespaceListing { Yes, No, Children };  // `list = yes | no | children`

struct NamespaceConfig {
    std::string label;      // "namespace mbox", for logs
    std::string prefix;     // as written; ends with the separator (the validator checks it)
    std::string separator;  // as written: empty means the storage's default
    std::string location;   // empty: the user's mail location (the inbox namespace's storage)
    bool inbox = false;
    bool hidden = false;
    bool ignore_on_failure = false;  // a storage that cannot be opened leaves the namespace out
    NamespaceListing list = NamespaceListing::Yes;
    unsigned order = 0;
};

// The served namespaces: `type = private` blocks that are not `disabled`, sorted by `order` and
// then file order. The block with inbox = yes (or the only block) has `inbox` set. With no
// block at all, one namespace: no prefix, the storage's separator, holding INBOX.
std::vector<NamespaceConfig> private_namespaces(const config::Config& cfg);

}  // namespace roost::worker
