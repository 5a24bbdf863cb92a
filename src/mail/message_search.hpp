// MessageSearch: IMAP SEARCH HEADER/SUBJECT/FROM.../BODY/TEXT (and Sieve header and body
// tests) evaluated in one streaming pass of the MessageParser over decoded text: transfer
// encodings removed, charsets converted to UTF-8, encoded words decoded, compared under
// i;unicode-casemap (RFC 5051).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mail/message_parser.hpp"
#include "mail/unicode_casemap.hpp"

namespace roost::mail {

struct SearchKey {
    enum class Where {
        Header,  // the message's own header field `field` (all fields of that name); an empty
                 // needle matches when the field exists (RFC 3501 SEARCH HEADER)
        Body,    // the decoded content of every part, no header
        Text,    // every header (of the message and of its parts) and every body
    };
    Where where = Where::Body;
    std::string field;
    std::string needle;
};

class MessageSearch : public MessageHandler {
public:
    MessageSearch();
    ~MessageSearch() override;

    // Adds a key; returns its number for matched().
    std::size_t add(SearchKey key);
    bool matched(std::size_t key) const;
    // True once every key matched (the caller may stop feeding).
    bool all_matched() const;

    void on_header_field(std::uint32_t part, const HeaderField& field) override;
    void on_header_end(std::uint32_t part, const MessageStructure& structure) override;
    void on_body(std::uint32_t part, std::string_view data) override;
    void on_part_end(std::uint32_t part, const MessageStructure& structure) override;

private:
    struct Key {
        SearchKey key;
        CasemapSearch search;
        bool field_seen = false;
    };
    void feed_text(std::string_view text);

    std::vector<std::unique_ptr<Key>> keys_;
    std::unique_ptr<class PartDecoder> decoder_;
    std::uint32_t decoder_part_ = kNoPart;
    std::string scratch_;
};

// One key over a message held in memory.
bool message_matches(std::string_view message, const SearchKey& key);

}  // namespace roost::mail
