// libFuzzer target: what an SMTP server may send back; nothing may crash, a failed parser stays
// failed, and every reply it gives has a code from 200 to 599 and at least one line.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "smtp/client/smtp_reply.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    roost::smtp::client::ReplyParser parser;
    bool failed = false;
    for (std::size_t at = 0; at < input.size(); at += 5) {
        parser.feed(input.substr(at, 5));
        while (auto reply = parser.next()) {
            if (!reply->ok()) {
                failed = true;
                break;
            }
            if (failed || (*reply)->code < 200 || (*reply)->code > 599 || (*reply)->lines.empty()) {
                __builtin_trap();
            }
            (void)roost::smtp::client::parse_ehlo(**reply);
        }
        if (failed) {
            break;
        }
    }
    return 0;
}
