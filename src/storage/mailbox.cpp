// Helpers every Mailbox implementation shares.
#include "storage/mailbox.hpp"

#include "storage/cache/message_cache.hpp"

namespace roost::storage {

Mailbox::Mailbox() = default;

// The cache's destructor writes what it still queues; it asks nothing of the derived mailbox,
// which is gone by then.
Mailbox::~Mailbox() = default;

cache::MessageCache* Mailbox::message_cache()
{
    const std::string dir = index_dir();
    const std::uint32_t validity = uidvalidity();
    if (dir.empty() || validity == 0) {
        cache_.reset();
        return nullptr;
    }
    if (!cache_ || cache_->uidvalidity() != validity) {
        // Records of UIDs this session has not seen yet (uidnext and up) are someone else's
        // new messages, not dead ones.
        cache_ = std::make_unique<cache::MessageCache>(
            dir + "/roost-cache", validity,
            [this](std::uint32_t uid) { return uid >= uidnext() || seq_of_uid(uid).has_value(); },
            [this] { return static_cast<std::size_t>(count()); });
    }
    cache_->refresh();
    return cache_.get();
}

std::vector<std::string> Mailbox::keyword_names(std::uint64_t bits) const
{
    std::vector<std::string> names;
    const auto& table = keywords();
    for (std::size_t i = 0; i < table.size() && i < 64; ++i) {
        if ((bits & (std::uint64_t{1} << i)) != 0 && !table[i].empty()) {
            names.push_back(table[i]);
        }
    }
    return names;
}

Result<SyncResult> Mailbox::expunge_deleted()
{
    std::vector<std::uint32_t> uids;
    for (std::uint32_t seq = 1; seq <= count(); ++seq) {
        const MessageInfo& info = message(seq);
        if (info.flags.has(Flag::Deleted)) {
            uids.push_back(info.uid);
        }
    }
    return expunge(uids);
}

}  // namespace roost::storage
