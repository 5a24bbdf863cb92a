// PREVIEW text generation.
#include "mail/imap/preview.hpp"

#include "core/strings.hpp"
#include "mail/html_text.hpp"
#include "mail/part_decoder.hpp"
#include "mail/utf8.hpp"

namespace roost::mail::imap {
namespace {

constexpr std::size_t kMaxChars = 200;

bool is_type(const MessagePart& p, std::string_view type, std::string_view subtype = {})
{
    return iequals(p.mime.type, type) && (subtype.empty() || iequals(p.mime.subtype, subtype));
}

// The part whose text previews the message: the first text part in order, not looking into
// enclosed messages, except that a multipart/alternative offers its text/plain part first.
std::uint32_t choose_part(const MessageStructure& s, std::uint32_t index)
{
    const MessagePart& p = s.parts[index];
    if (p.is(kPartMultipart)) {
        if (iequals(p.mime.subtype, "alternative")) {
            for (std::uint32_t c = s.first_child(index); c != kNoPart; c = s.next_sibling(c)) {
                if (!s.parts[c].is(kPartMultipart) && is_type(s.parts[c], "text", "plain")) {
                    return c;
                }
            }
        }
        const bool alternative = iequals(p.mime.subtype, "alternative");
        for (std::uint32_t c = s.first_child(index); c != kNoPart; c = s.next_sibling(c)) {
            const std::uint32_t found = choose_part(s, c);
            // An alternative whose type lacks the subtype is no usable alternative.
            if (found != kNoPart && !(alternative && s.parts[found].mime.has_content_type &&
                                      s.parts[found].mime.subtype.empty())) {
                return found;
            }
        }
        return kNoPart;
    }
    // The decoder sees the part's own Content-Type only: a multipart/digest member without one
    // is text to it (Dovecot previews such a digest from the enclosed message's bytes).
    if (!p.mime.has_content_type && p.is(kPartMessage)) {
        return index;
    }
    if (p.is(kPartMessage) || !p.is(kPartText)) {
        return kNoPart;
    }
    return index;
}

// Collapses whitespace and leaves out quoted lines ('>' at the start), up to kMaxChars code
// points. When every line was quoted, the quoted text (after one '>') is the preview.
std::string snippet(std::string_view text)
{
    struct Target {
        std::string text;
        std::size_t chars = 0;
    };
    Target normal;
    Target quoted;
    bool line_start = true;
    bool in_quote = false;
    bool pending_space = false;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t start = i;
        const char32_t cp = utf8_next(text, i);
        if (line_start) {
            line_start = false;
            in_quote = cp == '>';
            if (in_quote) {
                continue;
            }
        }
        Target& t = in_quote ? quoted : normal;
        if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == '\v' || cp == '\f') {
            pending_space = true;
            line_start = cp == '\n';
            continue;
        }
        if (cp == 0 || t.chars >= kMaxChars) {
            continue;
        }
        if (pending_space && !t.text.empty()) {
            t.text.push_back(' ');
            if (++t.chars >= kMaxChars) {
                continue;
            }
        }
        pending_space = false;
        t.text.append(text.substr(start, i - start));
        ++t.chars;
    }
    std::string out = !normal.text.empty()   ? normal.text
                      : !quoted.text.empty() ? ">" + quoted.text
                                             : std::string();
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}

}  // namespace

std::optional<std::string> preview_text(const MessageStructure& structure, std::string_view message)
{
    if (structure.parts.empty()) {
        return std::string();
    }
    const std::uint32_t index = choose_part(structure, 0);
    if (index == kNoPart) {
        return std::string();
    }
    const MessagePart& part = structure.parts[index];
    PartDecoder decoder(part.mime);
    // "Content-Type: text" without a subtype is chosen but gives no text, as in Dovecot.
    if (!decoder.known_encoding() || (part.mime.has_content_type && part.mime.subtype.empty())) {
        return std::string();
    }
    std::string text = decode_part_text(structure, index, message);
    if (decoder.is_html()) {
        text = html_to_text(text);
    }
    return snippet(text);
}

}  // namespace roost::mail::imap
