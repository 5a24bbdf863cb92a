// libFuzzer target: SMTP command lines and DATA streams; nothing may crash, and the data
// reader must never consume more than it was given.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "smtp/proto/data_reader.hpp"
#include "smtp/proto/smtp_command.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    (void)roost::smtp::proto::parse_command(input.substr(0, input.find('\n')));
    (void)roost::smtp::proto::decode_xtext(input);
    roost::smtp::proto::DataReader reader(512);
    std::size_t used = 0;
    while (used < input.size() && !reader.done()) {
        const std::size_t n = reader.feed(input.substr(used, 7));
        if (n > 7) {
            __builtin_trap();
        }
        used += n;
    }
    return 0;
}
