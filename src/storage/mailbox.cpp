// Helpers every Mailbox implementation shares.
#include "storage/mailbox.hpp"

namespace roost::storage {

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
