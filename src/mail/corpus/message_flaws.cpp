// Deliberate damage for generated messages (the broken half of the corpus), and next().
#include <functional>

#include "core/strings.hpp"
#include "mail/charset.hpp"
#include "mail/corpus/corpus_generator.hpp"

namespace roost::mail::corpus {
namespace {

constexpr std::string_view kTreeFlaws[] = {
    "missing-end-boundary", "no-boundary-param", "wrong-boundary", "bad-base64",
    "8bit-headers",         "no-blank-line",     "boundary-junk",  "unknown-cte",
    "bad-params",           "long-lines",        "dup-headers",    "header-boundary",
    "bad-content-type",     "broken-addresses",  "deep-nesting",   "empty-parts",
    "odd-header-lines"};
constexpr std::string_view kByteFlaws[] = {"nul", "truncated", "lone-cr", "mixed-eol"};

template <class PartT>
void collect(PartT& p, std::vector<PartT*>& out, const std::function<bool(const PartT&)>& pred)
{
    if (pred(p)) {
        out.push_back(&p);
    }
    for (auto& c : p.children) {
        collect(c, out, pred);
    }
}

std::string* find_header(std::vector<std::string>& header, std::string_view name)
{
    for (std::string& line : header) {
        if (line.size() > name.size() &&
            iequals(std::string_view(line).substr(0, name.size()), name) &&
            line[name.size()] == ':') {
            return &line;
        }
    }
    return nullptr;
}

}  // namespace

GeneratedMessage CorpusGenerator::next()
{
    ++count_;
    GeneratedMessage g;
    std::string kind;
    Part root = message_part(0, kind);
    add_envelope_headers(root, false);
    std::string flaw;
    const bool broken = rng_.chance(options_.broken_percent);
    const bool byte_flaw = broken && rng_.chance(20);
    if (broken && !byte_flaw) {
        flaw = std::string(kTreeFlaws[rng_.below(std::size(kTreeFlaws))]);
        break_message(root, flaw, g.decodable);
    }
    std::string bytes = render(root);
    const bool crlf = rng_.chance(55);
    if (crlf) {
        std::string converted;
        converted.reserve(bytes.size() + bytes.size() / 30);
        for (const char c : bytes) {
            if (c == '\n') {
                converted += '\r';
            }
            converted += c;
        }
        bytes = std::move(converted);
    }
    if (byte_flaw && !bytes.empty()) {
        flaw = std::string(kByteFlaws[rng_.below(std::size(kByteFlaws))]);
        const std::uint32_t at = rng_.below(static_cast<std::uint32_t>(bytes.size()));
        g.decodable = flaw == "mixed-eol";  // a NUL or bare CR may land inside base64
        if (flaw == "nul") {
            const std::size_t body = bytes.find("\n\n");
            const std::size_t pos = body == std::string::npos ? at : body + 2 + at % 64;
            bytes.insert(std::min(pos, bytes.size()), std::string("a\0b", 3));
        } else if (flaw == "truncated") {
            bytes.resize(at);
        } else if (flaw == "lone-cr") {
            bytes.insert(at, "\r");
            bytes.insert(bytes.find('\n') == std::string::npos ? 0 : bytes.find('\n'), "x\ry");
        } else {
            // mixed-eol: switch line ends in the second half.
            std::string mixed = bytes.substr(0, at);
            for (std::size_t i = at; i < bytes.size(); ++i) {
                if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r') && crlf == false) {
                    mixed += '\r';
                } else if (bytes[i] == '\r' && crlf && i + 1 < bytes.size() &&
                           bytes[i + 1] == '\n') {
                    continue;
                }
                mixed += bytes[i];
            }
            bytes = std::move(mixed);
        }
    }
    g.bytes = std::move(bytes);
    g.kind = kind + (crlf ? " crlf" : " lf") + (flaw.empty() ? "" : " broken:" + flaw);
    return g;
}

void CorpusGenerator::break_message(Part& root, std::string& flaw, bool& decodable)
{
    std::vector<Part*> multiparts;
    collect<Part>(root, multiparts, [](const Part& p) { return !p.boundary.empty(); });
    std::vector<Part*> base64;
    collect<Part>(root, base64, [](const Part& p) {
        for (const std::string& h : p.header) {
            if (iequals(h, "Content-Transfer-Encoding: base64")) {
                return true;
            }
        }
        return false;
    });
    std::vector<Part*> all;
    collect<Part>(root, all, [](const Part&) { return true; });
    Part& any = *all[rng_.below(static_cast<std::uint32_t>(all.size()))];
    Part* multi = multiparts.empty()
                      ? nullptr
                      : multiparts[rng_.below(static_cast<std::uint32_t>(multiparts.size()))];
    if (flaw == "missing-end-boundary" && multi != nullptr) {
        multi->close_boundary = false;
    } else if (flaw == "no-boundary-param" && multi != nullptr) {
        if (std::string* ct = find_header(multi->header, "Content-Type")) {
            *ct = ct->substr(0, ct->find(';'));
        }
    } else if (flaw == "wrong-boundary" && multi != nullptr) {
        if (std::string* ct = find_header(multi->header, "Content-Type")) {
            *ct = ct->substr(0, ct->find(';')) + "; boundary=\"not-the-" + multi->boundary + "\"";
        }
    } else if (flaw == "bad-base64" && !base64.empty()) {
        Part& p = *base64[rng_.below(static_cast<std::uint32_t>(base64.size()))];
        p.body.insert(rng_.below(static_cast<std::uint32_t>(p.body.size() + 1)), "!*~");
        if (p.body.size() > 3) {
            p.body.erase(p.body.size() / 2, rng_.between(1, 3));
        }
        decodable = false;
    } else if (flaw == "8bit-headers") {
        root.header.push_back("X-Raw: " + from_utf8("caf\xc3\xa9 na\xc3\xafve", "iso-8859-1"));
        root.header.push_back("Subject: raw \xc3\xa9t\xc3\xa9 " + text_.word());
        root.header.push_back(
            "To: M\xc3\xbcller <m@example.com>, \"J\xe9r\xf4me\" <j@example.com>");
    } else if (flaw == "no-blank-line") {
        decodable = false;  // Dovecot cuts such headers short in BINARY (doc/mail-differences.md)
        root.children.clear();
        root.boundary.clear();
        root.body.clear();
        root.header.push_back("X-Last: no body follows");
        // render() adds the empty line; mark it by an impossible header we strip later.
        root.header.push_back("\x01");
    } else if (flaw == "boundary-junk" && multi != nullptr) {
        for (Part& c : multi->children) {
            c.header.insert(c.header.begin(), "X-Junk-After-Boundary: yes");
        }
        multi->epilogue = "--" + multi->boundary + "--  trailing junk\nmore epilogue\n";
    } else if (flaw == "unknown-cte") {
        any.header.push_back("Content-Transfer-Encoding: x-uuencode");
        decodable = false;
    } else if (flaw == "bad-params") {
        static const std::vector<std::string> bad = {
            "Content-Type: text/plain;; charset=utf-8;", "Content-Type: text/plain; charset",
            "Content-Type: text/plain; name=\"unterminated; charset=utf-8",
            "Content-Type: text/plain; =value; a=b c; d=\"e\" junk; f=g",
            "Content-Type: application/x-y; a*0=x; a*2=z; b*0*=us-ascii''x%20y; b*1=z"};
        if (std::string* ct = find_header(any.header, "Content-Type"); ct && any.boundary.empty()) {
            *ct = rng_.pick(bad);
        } else {
            root.header.push_back("Content-Disposition: attachment; filename=\"a b\"; ; junk");
        }
    } else if (flaw == "long-lines") {
        root.header.push_back("X-Long: " + std::string(3000, 'x'));
        any.body += std::string(10000, 'y') + "\n";
        decodable = false;  // the line may follow base64 data
    } else if (flaw == "dup-headers") {
        root.header.push_back("Subject: second subject");
        root.header.push_back("From: second@example.com");
        root.header.push_back("Content-Type: text/html");
        root.header.push_back("Message-ID: <second@example.com>");
    } else if (flaw == "header-boundary" && multi != nullptr && !multi->children.empty()) {
        decodable = false;  // Dovecot's BINARY of such parts is corrupt (doc/mail-differences.md)
        Part& c = multi->children.front();
        c.body.clear();
        c.children.clear();
        c.boundary.clear();
        c.header.push_back("\x02");  // marker: no empty line after this header
    } else if (flaw == "bad-content-type") {
        static const std::vector<std::string> bad = {
            "Content-Type: text", "Content-Type: /plain",     "Content-Type: text/plain garbage",
            "Content-Type: ",     "Content-Type: \"text\"/x", "Content-Type: multipart/mixed"};
        if (std::string* ct = find_header(any.header, "Content-Type")) {
            *ct = rng_.pick(bad);
        }
    } else if (flaw == "broken-addresses") {
        root.header.push_back("Cc: " + headers_.address_list(true, 5));
        root.header.push_back("Reply-To: " + headers_.address(true));
    } else if (flaw == "deep-nesting") {
        Part inner = text_part(false);
        const std::uint32_t depth = rng_.between(5, 12);
        for (std::uint32_t i = 0; i < depth; ++i) {
            Part outer;
            outer.boundary = "deep" + std::to_string(i) + "-" + boundary();
            outer.header.push_back("Content-Type: multipart/mixed; boundary=\"" + outer.boundary +
                                   "\"");
            outer.children.push_back(std::move(inner));
            if (rng_.chance(30)) {
                outer.children.push_back(text_part(false));
            }
            inner = std::move(outer);
        }
        root.children.push_back(std::move(inner));
        if (root.boundary.empty()) {
            root.children.pop_back();
        }
    } else if (flaw == "empty-parts" && multi != nullptr) {
        decodable = false;  // Dovecot's BINARY of empty encoded parts is corrupt (same document)
        if (rng_.chance(50)) {
            multi->children.clear();
            multi->preamble = "only a preamble\n";
        } else {
            for (Part& c : multi->children) {
                c.body.clear();
                c.children.clear();
                c.boundary.clear();
            }
        }
    } else if (flaw == "odd-header-lines") {
        root.header.push_back("Subject : space before colon");
        root.header.push_back("no colon on this line");
        root.header.push_back("X-Empty:");
        root.header.push_back("X-Folded-Empty:\n \n continued");
    } else {
        flaw += "(n/a)";
    }
}

}  // namespace roost::mail::corpus
