// libFuzzer target: any line as a POP3 command; parsing never crashes and keeps its promises.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pop3/proto/pop3_command.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace roost::pop3::proto;
    const std::string_view line(reinterpret_cast<const char*>(data), size);
    auto c = parse_command(line);
    if (c) {
        if (c->keyword.empty() || c->keyword.size() > 4 || line.size() > kMaxLine) {
            std::abort();
        }
        for (const auto& a : c->args) {
            if (a.empty() || a.size() > kMaxArgLength) {
                std::abort();
            }
            (void)parse_message_number(a);
        }
    }
    return 0;
}
