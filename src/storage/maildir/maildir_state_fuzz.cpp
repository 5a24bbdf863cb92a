// libFuzzer target: roost-maildir-state parsing must never crash on any bytes, and a snapshot
// whose checksum holds (built here from the input's files and names) is accepted only when
// every name lies inside the names and the UIDs ascend.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "storage/maildir/maildir_state_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace roost::storage::maildir;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    (void)parse_maildir_state(input);

    MaildirState s;
    s.uidvalidity = 1;
    s.next_uid = UINT32_MAX;
    const std::size_t count = size / sizeof(StateFile) / 2;
    s.files.resize(count);
    std::memcpy(s.files.data(), data, count * sizeof(StateFile));
    s.names.assign(input.substr(count * sizeof(StateFile)));
    const std::string bytes = serialize_maildir_state(s);
    const auto view = parse_maildir_state(bytes);
    if (!view) {
        return 0;
    }
    std::uint32_t last = 0;
    for (std::size_t i = 0; i < view->file_count(); ++i) {
        const StateFile f = view->file(i);
        if (f.uid <= last || std::size_t{f.name_offset} + f.name_length > view->names().size() ||
            f.base_length > f.name_length) {
            std::abort();
        }
        last = f.uid;
    }
    return 0;
}
