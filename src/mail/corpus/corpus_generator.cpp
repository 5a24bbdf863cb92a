// The seeded corpus generator: message structures, bodies and deliberate damage.
#include "mail/corpus/corpus_generator.hpp"

#include <cstdio>

#include "core/strings.hpp"
#include "mail/charset.hpp"

namespace roost::mail::corpus {
std::string encode_base64_lines(std::string_view bytes)
{
    static constexpr char kB64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve(bytes.size() * 4 / 3 + bytes.size() / 57 + 4);
    std::size_t col = 0;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const auto b0 = static_cast<unsigned char>(bytes[i]);
        const auto b1 = i + 1 < bytes.size() ? static_cast<unsigned char>(bytes[i + 1]) : 0u;
        const auto b2 = i + 2 < bytes.size() ? static_cast<unsigned char>(bytes[i + 2]) : 0u;
        out += kB64[b0 >> 2];
        out += kB64[((b0 & 3) << 4) | (b1 >> 4)];
        out += i + 1 < bytes.size() ? kB64[((b1 & 15) << 2) | (b2 >> 6)] : '=';
        out += i + 2 < bytes.size() ? kB64[b2 & 63] : '=';
        col += 4;
        if (col >= 76) {
            out += '\n';
            col = 0;
        }
    }
    if (col > 0) {
        out += '\n';
    }
    return out;
}

std::string encode_quoted_printable(std::string_view bytes)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    std::size_t col = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto u = static_cast<unsigned char>(bytes[i]);
        if (u == '\n') {
            out += '\n';
            col = 0;
            continue;
        }
        std::string piece;
        const bool at_line_end = i + 1 == bytes.size() || bytes[i + 1] == '\n';
        if ((u >= 33 && u <= 126 && u != '=') || ((u == ' ' || u == '\t') && !at_line_end)) {
            piece.push_back(static_cast<char>(u));
        } else {
            piece = {'=', kHex[u >> 4], kHex[u & 15]};
        }
        if (col + piece.size() > 75) {
            out += "=\n";
            col = 0;
        }
        out += piece;
        col += piece.size();
    }
    return out;
}

namespace {

void append_kind(std::string& kind, const std::string& k)
{
    if (!kind.empty()) {
        kind += '+';
    }
    kind += k;
}

}  // namespace

CorpusGenerator::CorpusGenerator(std::uint64_t seed, CorpusOptions options)
    : rng_(seed), text_(rng_), headers_(rng_, text_), options_(options)
{
}

std::string CorpusGenerator::boundary()
{
    static const std::vector<std::string> styles = {"----=_Part_", "b", "=_", "Apple-Mail-",
                                                    "000000000000"};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%08llx", static_cast<unsigned long long>(rng_.next()));
    return rng_.pick(styles) + buf;
}

std::string CorpusGenerator::encode_body(std::string_view bytes, std::string& cte)
{
    bool eight_bit = false;
    for (const char c : bytes) {
        eight_bit = eight_bit || static_cast<unsigned char>(c) >= 0x80;
    }
    const std::uint32_t r = rng_.below(10);
    if (!eight_bit && r < 6) {
        cte = rng_.chance(70) ? "7bit" : "";
        return std::string(bytes);
    }
    if (eight_bit && r < 3) {
        cte = "8bit";
        return std::string(bytes);
    }
    if (r < 8) {
        cte = rng_.chance(80) ? "quoted-printable" : "Quoted-Printable";
        return encode_quoted_printable(bytes);
    }
    cte = "base64";
    return encode_base64_lines(bytes);
}

CorpusGenerator::Part CorpusGenerator::text_part(bool html)
{
    Part p;
    static const std::vector<std::string> charsets = {
        "us-ascii",     "utf-8",       "utf-8",  "UTF-8",       "iso-8859-1",
        "windows-1252", "iso-2022-jp", "koi8-r", "iso-8859-15", "shift_jis"};
    const std::string charset = rng_.pick(charsets);
    const std::string text_charset = iequals(charset, "us-ascii") ? "" : charset;
    std::string text;
    const std::uint32_t paragraphs = rng_.between(1, 5);
    for (std::uint32_t i = 0; i < paragraphs; ++i) {
        const std::string para = text_.paragraph_lines("\n", text_charset);
        text += html ? "<p>" + para + "</p>\n" : para + (i + 1 < paragraphs ? "\n" : "");
        if (!html && rng_.chance(10)) {
            text += "> quoted line from an earlier message\n";
        }
    }
    if (html) {
        text = "<html><head><title>t</title><style>p{color:red}</style></head><body>\n" + text +
               "<br>&amp; &lt;done&gt; &nbsp;&eacute;</body></html>\n";
    }
    std::string cte;
    const std::string body = encode_body(from_utf8(text, charset), cte);
    std::string ct = std::string("Content-Type: text/") + (html ? "html" : "plain");
    ct += rng_.chance(70) ? "; charset=\"" + charset + "\"" : "; charset=" + charset;
    if (!html && rng_.chance(15)) {
        ct += "; format=flowed";
    }
    p.header.push_back(ct);
    if (!cte.empty()) {
        p.header.push_back("Content-Transfer-Encoding: " + cte);
    }
    p.body = body;
    return p;
}

CorpusGenerator::Part CorpusGenerator::attachment_part()
{
    Part p;
    static const std::vector<std::string> types = {"application/pdf",          "image/png",
                                                   "application/octet-stream", "text/csv",
                                                   "application/zip",          "image/jpeg"};
    const std::string type = rng_.pick(types);
    // Mostly small, sometimes up to the configured maximum.
    const std::uint32_t max = std::max<std::uint32_t>(1, options_.attachment_kib_max) * 1024;
    const std::uint32_t size =
        rng_.chance(80) ? rng_.below(std::min<std::uint32_t>(max, 4096)) : rng_.below(max);
    std::string data;
    if (type == "text/csv") {
        for (std::uint32_t i = 0; data.size() < size; ++i) {
            data += std::to_string(i) + "," + text_.word() + "," + text_.word() + "\n";
        }
    } else {
        data.reserve(size);
        for (std::uint32_t i = 0; i < size; ++i) {
            data.push_back(static_cast<char>(rng_.next() & 0xff));
        }
    }
    p.header.push_back("Content-Type: " + type + headers_.filename_param("name"));
    if (type == "text/csv" && rng_.chance(50)) {
        p.header.push_back("Content-Transfer-Encoding: 7bit");
        p.body = data;
    } else {
        p.header.push_back(rng_.chance(90) ? "Content-Transfer-Encoding: base64"
                                           : "Content-Transfer-Encoding: BASE64");
        p.body = encode_base64_lines(data);
    }
    p.header.push_back(std::string("Content-Disposition: ") +
                       (rng_.chance(80) ? "attachment" : "inline") +
                       headers_.filename_param("filename") +
                       (rng_.chance(20) ? "; size=" + std::to_string(data.size()) : ""));
    if (rng_.chance(20)) {
        p.header.push_back("Content-ID: " + headers_.message_id());
    }
    if (rng_.chance(15)) {
        p.header.push_back("Content-Description: " + text_.sentence());
    }
    if (rng_.chance(5)) {
        p.header.push_back("Content-Language: en, de-DE");
    }
    if (rng_.chance(5)) {
        p.header.push_back("Content-Location: http://example.com/" + text_.word());
    }
    if (rng_.chance(5)) {
        p.header.push_back("Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==");
    }
    return p;
}

CorpusGenerator::Part CorpusGenerator::alternative_part()
{
    Part p;
    p.boundary = boundary();
    p.header.push_back("Content-Type: multipart/alternative;\n boundary=\"" + p.boundary + "\"");
    p.children.push_back(text_part(false));
    p.children.push_back(text_part(true));
    return p;
}

CorpusGenerator::Part CorpusGenerator::mixed_part(std::uint32_t depth, std::string& kind)
{
    Part p;
    p.boundary = boundary();
    p.header.push_back("Content-Type: multipart/mixed; boundary=" +
                       (rng_.chance(50) ? "\"" + p.boundary + "\"" : p.boundary));
    if (rng_.chance(20)) {
        p.preamble = "This is a multi-part message in MIME format.\n";
    }
    p.children.push_back(rng_.chance(40) ? alternative_part() : text_part(false));
    const std::uint32_t n = rng_.between(1, 3);
    for (std::uint32_t i = 0; i < n; ++i) {
        if (depth < 3 && rng_.chance(15)) {
            p.children.push_back(rfc822_part(depth + 1, kind));
        } else {
            p.children.push_back(attachment_part());
        }
    }
    if (rng_.chance(10)) {
        p.epilogue = "epilogue text\n";
    }
    return p;
}

CorpusGenerator::Part CorpusGenerator::rfc822_part(std::uint32_t depth, std::string& kind)
{
    Part p;
    p.header.push_back(rng_.chance(90) ? "Content-Type: message/rfc822"
                                       : "Content-Type: message/rfc822; name=\"fwd.eml\"");
    if (rng_.chance(30)) {
        p.header.push_back("Content-Disposition: inline");
    }
    Part inner = message_part(depth, kind);
    add_envelope_headers(inner, false);
    p.body = render(inner);
    return p;
}

CorpusGenerator::Part CorpusGenerator::digest_part(std::uint32_t depth, std::string& kind)
{
    Part p;
    p.boundary = boundary();
    p.header.push_back("Content-Type: multipart/digest; boundary=\"" + p.boundary + "\"");
    const std::uint32_t n = rng_.between(1, 3);
    for (std::uint32_t i = 0; i < n; ++i) {
        Part inner = depth < 3 ? message_part(depth + 1, kind) : text_part(false);
        add_envelope_headers(inner, false);
        Part wrapper;  // no Content-Type: message/rfc822 is the digest default
        wrapper.body = render(inner);
        p.children.push_back(std::move(wrapper));
    }
    return p;
}

CorpusGenerator::Part CorpusGenerator::message_part(std::uint32_t depth, std::string& kind)
{
    const std::uint32_t r = rng_.below(100);
    Part p;
    std::string k;
    if (r < 28) {
        p = text_part(false);
        k = "plain";
    } else if (r < 43) {
        p = alternative_part();
        k = "alternative";
    } else if (r < 68) {
        p = mixed_part(depth, kind);
        k = "mixed";
    } else if (r < 73) {
        p.boundary = boundary();
        p.header.push_back("Content-Type: multipart/related; type=\"text/html\"; boundary=\"" +
                           p.boundary + "\"");
        p.children.push_back(text_part(true));
        p.children.push_back(attachment_part());
        k = "related";
    } else if (r < 83 && depth < 3) {
        p.boundary = boundary();
        p.header.push_back("Content-Type: multipart/mixed; boundary=\"" + p.boundary + "\"");
        p.children.push_back(text_part(false));
        p.children.push_back(rfc822_part(depth + 1, kind));
        k = "forward";
    } else if (r < 86 && depth < 2) {
        p = digest_part(depth, kind);
        k = "digest";
    } else if (r < 91) {
        p = text_part(true);
        k = "html";
    } else {
        // Pre-MIME mail: no MIME header at all, maybe raw 8-bit text.
        p.body = text_.paragraph_lines("\n", rng_.chance(50) ? "utf-8" : "");
        k = "legacy";
        append_kind(kind, k);
        return p;
    }
    if (depth == 0 || rng_.chance(50)) {
        std::vector<std::string> header{"MIME-Version: 1.0"};
        header.insert(header.end(), p.header.begin(), p.header.end());
        p.header = std::move(header);
    }
    append_kind(kind, k);
    return p;
}

void CorpusGenerator::add_envelope_headers(Part& p, bool broken)
{
    std::vector<std::string> h;
    if (rng_.chance(30)) {
        h.push_back("Return-Path: <" + text_.local_part() + "@" + text_.domain() + ">");
        h.push_back(
            "Received: from mx.example.com (mx.example.com [192.0.2.1])\n\tby "
            "mail.example.org (Postfix) with ESMTP id 4F2A1;\n\t" +
            headers_.date(false));
    }
    h.push_back("From: " + headers_.address_list(broken, rng_.chance(90) ? 1 : 2));
    if (rng_.chance(85)) {
        h.push_back("To: " + headers_.address_list(broken));
    }
    if (rng_.chance(30)) {
        h.push_back("Cc: " + headers_.address_list(broken));
    }
    if (rng_.chance(5)) {
        h.push_back("Bcc: " + headers_.address_list(broken, 2));
    }
    if (rng_.chance(10)) {
        h.push_back("Sender: " + headers_.address(broken));
    }
    if (rng_.chance(15)) {
        h.push_back("Reply-To: " + headers_.address_list(broken, 2));
    }
    if (rng_.chance(95)) {
        h.push_back("Subject: " + headers_.subject(broken));
    }
    if (rng_.chance(95)) {
        h.push_back("Date: " + headers_.date(broken));
    }
    if (rng_.chance(90)) {
        h.push_back("Message-ID: " + headers_.message_id());
    }
    if (rng_.chance(25)) {
        const std::string parent = headers_.message_id();
        h.push_back("In-Reply-To: " + parent);
        h.push_back("References: " + headers_.message_id() + "\n " + parent);
    }
    if (rng_.chance(20)) {
        h.push_back("X-Mailer: Roost corpus generator 1.0");
    }
    // Envelope fields usually come first, then the MIME fields; shuffle a little.
    if (rng_.chance(15) && !p.header.empty()) {
        h.insert(h.begin() + rng_.below(static_cast<std::uint32_t>(h.size())), p.header.front());
        p.header.erase(p.header.begin());
    }
    p.header.insert(p.header.begin(), h.begin(), h.end());
}

std::string CorpusGenerator::render(const Part& p) const
{
    std::string out;
    // A last header line "\x01" or "\x02" marks a header without its empty line (a damage).
    const bool no_end =
        !p.header.empty() && (p.header.back() == "\x01" || p.header.back() == "\x02");
    for (std::size_t i = 0; i < p.header.size() - (no_end ? 1 : 0); ++i) {
        out += p.header[i];
        out += '\n';
    }
    if (no_end) {
        return out;
    }
    out += '\n';
    if (p.boundary.empty() || (p.children.empty() && !p.body.empty())) {
        out += p.body;
        return out;
    }
    out += p.preamble;
    for (std::size_t i = 0; i < p.children.size(); ++i) {
        if (i > 0 || !p.preamble.empty()) {
            // The line end before a boundary belongs to the boundary.
            if (!out.empty() && out.back() != '\n') {
                out += '\n';
            }
        }
        out += "--" + p.boundary + "\n";
        out += render(p.children[i]);
        if (!out.empty() && out.back() != '\n') {
            out += '\n';
        }
    }
    if (p.close_boundary) {
        out += "--" + p.boundary + "--\n";
        out += p.epilogue;
    }
    return out;
}

}  // namespace roost::mail::corpus
