// libFuzzer target: any bytes as a message, parsed whole and in pieces (split where the input
// says), searched, and its structure serialised and read back. Nothing may crash, hang or leak,
// and every feed pattern must give the same structure.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "mail/message_parser.hpp"
#include "mail/message_search.hpp"
#include "mail/structure_codec.hpp"

namespace {

void check(bool condition)
{
    if (!condition) {
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace roost::mail;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    // The first byte picks a chunk size for the second parse.
    const std::size_t chunk = size > 0 ? 1 + static_cast<std::size_t>(data[0] % 17) : 1;

    ParserLimits limits;
    limits.max_depth = 40;
    limits.max_parts = 400;
    MessageSearch search;
    const std::size_t body_key = search.add({SearchKey::Where::Body, "", "needle"});
    search.add({SearchKey::Where::Text, "", "\xc3\xa9t\xc3\xa9"});
    search.add({SearchKey::Where::Header, "subject", "hello"});
    const MessageStructure whole = parse_message(input, limits, &search);
    (void)search.matched(body_key);

    MessageParser parser(limits);
    for (std::size_t i = 0; i < size; i += chunk) {
        parser.feed(input.substr(i, chunk));
    }
    const MessageStructure pieces = parser.finish();
    check(whole == pieces);
    check(whole.root().header.physical + whole.root().body.physical == size);
    check(whole.root().subtree == whole.parts.size());

    const std::string bytes = serialize_structure(whole);
    auto back = deserialize_structure(bytes);
    check(back.ok() && *back == whole);
    return 0;
}
