// CorpusGenerator: a deterministic, seeded source of test messages: plain, multipart/alternative,
// mixed with attachments, related, nested message/rfc822, digests, encoded headers in several
// charsets, and broken MIME (missing or wrong boundaries, bad base64, 8-bit headers, NULs,
// bare CR, LF-only and mixed line ends ...). The same seed always gives the same messages.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mail/corpus/header_maker.hpp"
#include "mail/corpus/rng.hpp"
#include "mail/corpus/text_source.hpp"

namespace roost::mail::corpus {

struct CorpusOptions {
    std::uint32_t broken_percent = 20;      // share of messages with deliberate damage
    std::uint32_t attachment_kib_max = 64;  // upper bound of one attachment's size
};

struct GeneratedMessage {
    std::string bytes;
    std::string kind;       // e.g. "plain", "alternative", "broken:bad-base64"
    bool decodable = true;  // every part's transfer encoding is known and intact
};

class CorpusGenerator {
public:
    explicit CorpusGenerator(std::uint64_t seed, CorpusOptions options = {});

    GeneratedMessage next();

private:
    struct Part {
        std::vector<std::string> header;  // field lines without line ends ("\n" folds inside)
        std::string body;                 // with "\n" line ends
        std::vector<Part> children;
        std::string boundary;
        std::string preamble;
        std::string epilogue;
        bool close_boundary = true;
    };

    Part message_part(std::uint32_t depth, std::string& kind);
    Part text_part(bool html);
    Part attachment_part();
    Part alternative_part();
    Part mixed_part(std::uint32_t depth, std::string& kind);
    Part rfc822_part(std::uint32_t depth, std::string& kind);
    Part digest_part(std::uint32_t depth, std::string& kind);
    void add_envelope_headers(Part& p, bool broken);
    std::string boundary();
    std::string render(const Part& p) const;
    void break_message(Part& p, std::string& kind, bool& decodable);
    std::string encode_body(std::string_view bytes, std::string& cte_header);

    Rng rng_;
    TextSource text_;
    HeaderMaker headers_;
    CorpusOptions options_;
    std::uint64_t count_ = 0;
};

// Base64 with 76-character lines ending in "\n" (a generator helper, exposed for tests).
std::string encode_base64_lines(std::string_view bytes);
// Quoted-printable (RFC 2045 section 6.7) with "\n" line ends.
std::string encode_quoted_printable(std::string_view bytes);

}  // namespace roost::mail::corpus
