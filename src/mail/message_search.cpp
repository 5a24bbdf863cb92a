// Streaming text search over a message.
#include "mail/message_search.hpp"

#include "core/strings.hpp"
#include "mail/encoded_words.hpp"
#include "mail/part_decoder.hpp"

namespace roost::mail {

MessageSearch::MessageSearch() = default;
MessageSearch::~MessageSearch() = default;

std::size_t MessageSearch::add(SearchKey key)
{
    auto k = std::make_unique<Key>(Key{std::move(key), CasemapSearch(""), false});
    k->search = CasemapSearch(k->key.needle);
    keys_.push_back(std::move(k));
    return keys_.size() - 1;
}

bool MessageSearch::matched(std::size_t key) const
{
    const Key& k = *keys_[key];
    if (k.key.where == SearchKey::Where::Header && k.key.needle.empty()) {
        return k.field_seen;
    }
    return k.search.found() && (k.key.where != SearchKey::Where::Header || k.field_seen);
}

bool MessageSearch::all_matched() const
{
    for (std::size_t i = 0; i < keys_.size(); ++i) {
        if (!matched(i)) {
            return false;
        }
    }
    return true;
}

void MessageSearch::on_header_field(std::uint32_t part, const HeaderField& field)
{
    std::string decoded;  // decoded lazily: most fields are looked at by no key
    auto text = [&]() -> const std::string& {
        if (decoded.empty() && !field.value.empty()) {
            decoded = decode_header_text(field.value);
        }
        return decoded;
    };
    for (auto& k : keys_) {
        switch (k->key.where) {
            case SearchKey::Where::Header:
                if (part == 0 && field.has_colon && iequals(field.name, k->key.field)) {
                    k->field_seen = true;
                    // Each field on its own: a match must not straddle two fields.
                    if (!k->search.found()) {
                        k->search.reset();
                        k->search.feed(text());
                    }
                }
                break;
            case SearchKey::Where::Text:
                k->search.feed(field.name);
                k->search.feed(": ");
                k->search.feed(text());
                k->search.feed("\n");
                break;
            case SearchKey::Where::Body:
                break;
        }
    }
}

void MessageSearch::on_header_end(std::uint32_t part, const MessageStructure& structure)
{
    const MessagePart& p = structure.parts[part];
    decoder_.reset();
    decoder_part_ = kNoPart;
    // Decoding bodies (base64, charsets) is most of the work: only for keys that still need it.
    bool body_wanted = false;
    for (const auto& k : keys_) {
        body_wanted = body_wanted || (k->key.where != SearchKey::Where::Header && !k->search.found());
    }
    if (body_wanted && !p.is(kPartMultipart) && !p.is(kPartMessage)) {
        decoder_ = std::make_unique<PartDecoder>(p.mime);
        decoder_part_ = part;
    }
}

void MessageSearch::feed_text(std::string_view text)
{
    for (auto& k : keys_) {
        if (k->key.where != SearchKey::Where::Header) {
            k->search.feed(text);
        }
    }
}

void MessageSearch::on_body(std::uint32_t part, std::string_view data)
{
    if (!decoder_ || part != decoder_part_) {
        return;  // preambles and epilogues of multiparts are not content
    }
    scratch_.clear();
    decoder_->feed(data, scratch_);
    feed_text(scratch_);
}

void MessageSearch::on_part_end(std::uint32_t part, const MessageStructure& /*structure*/)
{
    if (decoder_ && part == decoder_part_) {
        scratch_.clear();
        decoder_->finish(scratch_);
        feed_text(scratch_);
        decoder_.reset();
        decoder_part_ = kNoPart;
    }
    // Text of different parts is not contiguous: a match must lie within one part.
    for (auto& k : keys_) {
        if (k->key.where != SearchKey::Where::Header && !k->search.found()) {
            k->search.reset();
        }
    }
}

bool message_matches(std::string_view message, const SearchKey& key)
{
    MessageSearch search;
    const std::size_t id = search.add(key);
    MessageParser parser({}, &search);
    parser.feed(message);
    parser.finish();
    return search.matched(id);
}

}  // namespace roost::mail
