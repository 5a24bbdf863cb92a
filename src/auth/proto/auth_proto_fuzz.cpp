// libFuzzer target: bytes through the line receiver and every auth protocol parser; whatever
// parses must format back into a line that parses to the same command. The whole input is also
// an APOP response (what pop3-login sends for APOP), whose parts must rebuild it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "auth/proto/apop.hpp"
#include "auth/proto/client_commands.hpp"
#include "auth/proto/master_commands.hpp"
#include "auth/proto/server_replies.hpp"
#include "core/line_receiver.hpp"

using namespace roost::auth::proto;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    if (const auto apop = parse_apop_response(input)) {
        if (apop->challenge + '\0' + apop->user + '\0' + apop->digest != input) {
            std::abort();
        }
        (void)apop_challenge_valid(apop->challenge, 1, 1700000000, 900);
    }
    roost::LineReceiver lines(8192, false);
    lines.feed(input);
    while (auto e = lines.next()) {
        if (e->kind != roost::LineReceiver::Event::Kind::Line) {
            continue;
        }
        if (auto c = parse_client_command(e->line)) {
            if (const auto* a = std::get_if<AuthCommand>(&*c)) {
                const std::string again = format(*a);
                auto b = parse_client_command(std::string_view(again).substr(0, again.size() - 1));
                if (!b || std::get<AuthCommand>(*b).id != a->id ||
                    std::get<AuthCommand>(*b).initial_response != a->initial_response) {
                    std::abort();
                }
            }
        }
        (void)parse_master_command(e->line);
        (void)parse_client_reply(e->line);
        (void)parse_master_reply(e->line);
    }
    return 0;
}
