// libFuzzer target: roost-cache records read from damaged files must never crash, and a record
// that decodes must encode back to the same bytes (fields in id order, none unknown) or at
// least decode again to the same fields.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "storage/cache/cache_record.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace roost::storage::cache;
    std::string_view input(reinterpret_cast<const char*>(data), size);
    (void)decode_file_header(input);
    // Walk the input as a file body, as MessageCache::scan() does.
    while (!input.empty()) {
        const RecordFrame frame = frame_record(input);
        if (frame.status != RecordFrame::Status::Complete) {
            break;
        }
        if (frame.length < kRecordHeaderSize || frame.length > input.size()) {
            std::abort();
        }
        const auto message = decode_record(input.substr(0, frame.length), frame.uid);
        if (message) {
            std::string again;
            encode_record(again, frame.uid, *message);
            const auto twice = decode_record(again, frame.uid);
            if (!twice || !(*twice == *message)) {
                std::abort();
            }
        }
        input.remove_prefix(frame.length);
    }
    return 0;
}
