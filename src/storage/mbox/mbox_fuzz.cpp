// libFuzzer target: mbox parsing must never crash; offsets stay ordered inside the input, UIDs
// come out strictly ascending, and a message's visible bytes never exceed its stored bytes.
// The same input behind a valid checksum must decode as a saved parse (roost-mbox-parse) whose
// offsets stay within the file it names, or not at all.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "storage/mbox/mbox_format.hpp"
#include "storage/mbox/mbox_parse_cache.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace roost::storage::mbox;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const ParsedMbox parsed = parse_mbox(input);
    std::size_t prev_next = 0;
    for (const ParsedMessage& m : parsed.messages) {
        if (m.from < prev_next || m.from >= m.header + 1 || m.header > m.header_end ||
            m.header_end > m.body || m.body > m.end || m.end > m.next || m.next > size) {
            std::abort();
        }
        for (const auto& [b, e] : m.hidden) {
            if (b < m.header || e > m.end || b > e) {
                std::abort();
            }
        }
        if (visible_message(input, m).size() > m.end - m.header) {
            std::abort();
        }
        prev_next = m.next;
    }
    const UidAssignment uids = assign_uids(parsed);
    std::uint32_t last = 0;
    for (std::size_t i = 0; i < uids.uids.size(); ++i) {
        if (parsed.messages[i].pseudo) {
            continue;
        }
        if (uids.uids[i] <= last && last != UINT32_MAX) {
            std::abort();
        }
        last = uids.uids[i];
    }
    if (last > uids.last_uid) {
        std::abort();
    }
    // What escape_from_lines() writes never holds a boundary of its own.
    const std::string escaped = escape_from_lines(input);
    if (!parse_mbox(escaped).messages.empty()) {
        std::abort();
    }
    // "\x01x": the path "x" as the encoder writes it.
    const std::string body = "\x01x" + std::string(input);
    std::string saved = "RMBXPRS2" + std::string(8, '\0') + body;
    const std::uint64_t sum = checksum(body);
    std::memcpy(saved.data() + 8, &sum, 8);
    if (const auto p = decode_mbox_parse(saved, "x")) {
        for (const MboxEntry& e : p->entries) {
            const ParsedMessage& m = e.parsed;
            if (m.from > m.header || m.header > m.header_end || m.header_end > m.body ||
                m.body > m.end || m.end > m.next || m.next > p->identity.size) {
                std::abort();
            }
        }
        if (decode_mbox_parse(encode_mbox_parse(*p, "x"), "x")->entries.size() !=
            p->entries.size()) {
            std::abort();
        }
    }
    return 0;
}
