// Parsing and writing of message-content FETCH items.
#include "mail/imap/fetch_item.hpp"

#include "core/strings.hpp"
#include "mail/imap/binary_reader.hpp"
#include "mail/imap/body_structure_writer.hpp"
#include "mail/imap/envelope_writer.hpp"
#include "mail/imap/imap_string.hpp"
#include "mail/imap/preview.hpp"
#include "mail/imap/section_reader.hpp"
#include "mail/mail_error.hpp"

namespace roost::mail::imap {
namespace {

// Splits on spaces outside brackets.
std::vector<std::string_view> split_items(std::string_view text)
{
    std::vector<std::string_view> out;
    std::size_t start = 0;
    int depth = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        const char c = i < text.size() ? text[i] : ' ';
        if (c == '[') {
            ++depth;
        } else if (c == ']') {
            --depth;
        } else if (c == ' ' && depth == 0) {
            if (i > start) {
                out.push_back(text.substr(start, i - start));
            }
            start = i + 1;
        }
    }
    return out;
}

Result<FetchItem> parse_sectioned(std::string_view word, FetchItem::Kind kind)
{
    const std::size_t open = word.find('[');
    const std::size_t close = word.rfind(']');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
        return mail_error(MailError::BadArgument, "bad fetch item " + std::string(word));
    }
    FetchItem item;
    item.kind = kind;
    auto section = parse_section(word.substr(open + 1, close - open - 1));
    if (!section) {
        return section.error();
    }
    item.section = std::move(*section);
    const std::string_view tail = word.substr(close + 1);
    if (!tail.empty()) {
        auto partial = parse_partial(tail);
        if (!partial || kind == FetchItem::Kind::BinarySize) {
            return mail_error(MailError::BadArgument, "bad fetch item " + std::string(word));
        }
        item.partial = *partial;
    }
    return item;
}

std::string item_name(const FetchItem& item, const char* prefix)
{
    std::string name(prefix);
    name += '[';
    name += item.section.to_string();
    name += ']';
    if (item.partial) {
        name += '<';
        name += std::to_string(item.partial->offset);
        name += '>';
    }
    return name;
}

}  // namespace

Result<std::vector<FetchItem>> parse_fetch_items(std::string_view text)
{
    std::vector<FetchItem> items;
    for (const std::string_view word : split_items(text)) {
        const std::string upper = to_upper(word.substr(0, word.find('[')));
        FetchItem item;
        if (upper == "RFC822.SIZE") {
            item.kind = FetchItem::Kind::Rfc822Size;
        } else if (upper == "ENVELOPE") {
            item.kind = FetchItem::Kind::Envelope;
        } else if (upper == "BODYSTRUCTURE") {
            item.kind = FetchItem::Kind::BodyStructure;
        } else if (upper == "PREVIEW") {
            item.kind = FetchItem::Kind::Preview;
        } else if (upper == "BODY" && word.find('[') == std::string_view::npos) {
            item.kind = FetchItem::Kind::Body;
        } else if (upper == "RFC822" || upper == "RFC822.HEADER" || upper == "RFC822.TEXT") {
            item.kind = FetchItem::Kind::BodySection;
            item.section.kind = upper == "RFC822"          ? SectionSpec::Kind::Full
                                : upper == "RFC822.HEADER" ? SectionSpec::Kind::Header
                                                           : SectionSpec::Kind::Text;
        } else {
            FetchItem::Kind kind = FetchItem::Kind::BodySection;
            if (upper == "BINARY" || upper == "BINARY.PEEK") {
                kind = FetchItem::Kind::Binary;
            } else if (upper == "BINARY.SIZE") {
                kind = FetchItem::Kind::BinarySize;
            } else if (upper != "BODY" && upper != "BODY.PEEK") {
                return mail_error(MailError::BadArgument,
                                  "unknown fetch item " + std::string(word));
            }
            auto parsed = parse_sectioned(word, kind);
            if (!parsed) {
                return parsed.error();
            }
            item = std::move(*parsed);
        }
        items.push_back(std::move(item));
    }
    return items;
}

void write_fetch_item(std::string& out, const FetchItem& item, const MessageStructure& s,
                      std::string_view message)
{
    switch (item.kind) {
        case FetchItem::Kind::Rfc822Size:
            out += "RFC822.SIZE " + std::to_string(s.virtual_size());
            return;
        case FetchItem::Kind::Envelope:
            out += "ENVELOPE ";
            write_envelope(out, s.root().envelope.value_or(Envelope{}));
            return;
        case FetchItem::Kind::Body:
            out += "BODY ";
            write_body_structure(out, s, 0, false);
            return;
        case FetchItem::Kind::BodyStructure:
            out += "BODYSTRUCTURE ";
            write_body_structure(out, s, 0, true);
            return;
        case FetchItem::Kind::Preview:
            out += "PREVIEW ";
            append_nstring(out, preview_text(s, message));
            return;
        case FetchItem::Kind::BodySection: {
            out += item_name(item, "BODY") + " ";
            const std::string data = read_section(s, message, item.section);
            append_literal(out, item.partial ? apply_partial(data, *item.partial) : data);
            return;
        }
        case FetchItem::Kind::Binary: {
            out += item_name(item, "BINARY") + " ";
            auto data = read_binary(s, message, item.section);
            if (!data) {
                out += "NIL";
                return;
            }
            const std::string_view view = item.partial ? apply_partial(data->data, *item.partial)
                                                       : std::string_view(data->data);
            if (data->binary) {
                out += '~';
            }
            append_literal(out, view);
            return;
        }
        case FetchItem::Kind::BinarySize: {
            out += "BINARY.SIZE[" + item.section.to_string() + "] ";
            auto size = binary_size(s, message, item.section);
            out += size ? std::to_string(*size) : std::string("NIL");
            return;
        }
    }
}

}  // namespace roost::mail::imap
