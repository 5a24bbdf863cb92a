// libFuzzer target: any bytes as a message through every IMAP view builder: ENVELOPE, BODY,
// BODYSTRUCTURE, BODY[section] for the sections the structure has (and some it lacks),
// HEADER.FIELDS[.NOT], partial ranges, BINARY, BINARY.SIZE and PREVIEW.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "mail/imap/binary_reader.hpp"
#include "mail/imap/body_structure_writer.hpp"
#include "mail/imap/envelope_writer.hpp"
#include "mail/imap/preview.hpp"
#include "mail/imap/section_reader.hpp"
#include "mail/message_parser.hpp"

namespace {

using namespace roost::mail;

void check(bool condition)
{
    if (!condition) {
        std::abort();
    }
}

// The IMAP part path of every part (as find_section numbers them), at most `limit` of them.
void collect_paths(const MessageStructure& s, std::uint32_t index, std::vector<std::uint32_t>& path,
                   std::vector<std::vector<std::uint32_t>>& out, std::size_t limit)
{
    const MessagePart& p = s.parts[index];
    std::uint32_t container = index;
    if (p.is(kPartMessage) && p.children == 1) {
        container = index + 1;
    }
    if (!s.parts[container].is(kPartMultipart)) {
        return;
    }
    std::uint32_t n = 0;
    for (std::uint32_t c = s.first_child(container); c != kNoPart && out.size() < limit;
         c = s.next_sibling(c)) {
        path.push_back(++n);
        out.push_back(path);
        collect_paths(s, c, path, out, limit);
        path.pop_back();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace roost::mail::imap;
    const std::string_view message(reinterpret_cast<const char*>(data), size);
    ParserLimits limits;
    limits.max_depth = 30;
    limits.max_parts = 200;
    const MessageStructure s = parse_message(message, limits);

    std::string out;
    write_body_structure(out, s, 0, true);
    write_body_structure(out, s, 0, false);
    write_envelope(out, s.root().envelope.value_or(Envelope{}));
    (void)preview_text(s, message);

    std::vector<std::vector<std::uint32_t>> paths{{}, {1}, {1, 1}, {2}, {9, 9}};
    std::vector<std::uint32_t> path;
    collect_paths(s, 0, path, paths, 40);
    const SectionSpec::Kind kinds[] = {
        SectionSpec::Kind::Full,         SectionSpec::Kind::Header,
        SectionSpec::Kind::Text,         SectionSpec::Kind::Mime,
        SectionSpec::Kind::HeaderFields, SectionSpec::Kind::HeaderFieldsNot};
    for (const auto& p : paths) {
        for (const SectionSpec::Kind kind : kinds) {
            if (kind == SectionSpec::Kind::Mime && p.empty()) {
                continue;
            }
            SectionSpec spec;
            spec.part = p;
            spec.kind = kind;
            spec.fields = {"Subject", "content-type", "X-A"};
            const std::string section = read_section(s, message, spec);
            (void)apply_partial(section, Partial{3, 10});
            const SectionRange range = section_range(s, spec);
            if (kind == SectionSpec::Kind::Full || kind == SectionSpec::Kind::Text ||
                kind == SectionSpec::Kind::Mime || kind == SectionSpec::Kind::Header) {
                // A range section's wire size is known without the bytes.
                check(range.empty ? section.empty() : section.size() == range.virtual_size);
            }
        }
        SectionSpec binary;
        binary.part = p;
        auto content = read_binary(s, message, binary);
        auto binary_bytes = binary_size(s, message, binary);
        check(content.ok() == binary_bytes.ok());
        if (content.ok()) {
            check(content->data.size() == *binary_bytes);
        }
    }
    return 0;
}
