// Parsing the message once and serving header fields, bodies and editheader changes.
#include "sieve/message.hpp"

#include "core/strings.hpp"
#include "mail/encoded_words.hpp"
#include "mail/header_field.hpp"
#include "mail/message_parser.hpp"
#include "mail/part_decoder.hpp"

namespace roost::sieve {
namespace {

class FieldCollector : public mail::MessageHandler {
public:
    explicit FieldCollector(std::vector<std::vector<Message::Field>>& parts) : parts_(parts) {}

    void on_header_field(std::uint32_t part, const mail::HeaderField& field) override
    {
        if (parts_.size() <= part) {
            parts_.resize(part + 1);
        }
        if (!field.has_colon) {
            // A broken line: no test can name it (the name stays empty), but an edited
            // header must still carry it.
            parts_[part].push_back(Message::Field{{}, {}, std::string(field.raw)});
            return;
        }
        parts_[part].push_back(Message::Field{std::string(field.name), std::string(field.value),
                                              std::string(field.raw)});
    }

private:
    std::vector<std::vector<Message::Field>>& parts_;
};

// Folds a generated field so that no line gets much longer than 78 bytes (RFC 5322 2.1.1),
// breaking only before blanks.
std::string fold(std::string_view line, std::string_view eol)
{
    std::string out;
    std::size_t line_len = 0;
    std::size_t i = 0;
    while (i < line.size()) {
        std::size_t j = line.find_first_of(" \t", i + 1);
        if (j == std::string_view::npos) {
            j = line.size();
        }
        const std::string_view word = line.substr(i, j - i);
        if (line_len > 0 && line_len + word.size() > 78 && (word[0] == ' ' || word[0] == '\t')) {
            out += eol;
            line_len = 0;
        }
        out += word;
        line_len += word.size();
        i = j;
    }
    return out;
}

}  // namespace

Message::Message(std::string_view bytes) : bytes_(bytes)
{
    FieldCollector collector(parts_);
    structure_ = mail::parse_message(bytes, {}, &collector);
    if (structure_.parts.empty()) {
        structure_.parts.emplace_back();  // every message has a top-level part, even ""
    }
    parts_.resize(structure_.parts.size());
    const std::size_t lf = bytes.find('\n');
    if (lf != std::string_view::npos && (lf == 0 || bytes[lf - 1] != '\r')) {
        line_end_ = "\n";
    }
}

std::vector<std::string_view> Message::values(std::string_view name) const
{
    std::vector<std::string_view> out;
    for (const Field& f : parts_[0]) {
        if (!f.name.empty() && iequals(f.name, name)) {
            out.emplace_back(f.value);
        }
    }
    return out;
}

std::string_view Message::body() const
{
    return part_body(0);
}

std::string_view Message::part_body(std::uint32_t part) const
{
    const mail::MessagePart& p = structure_.parts[part];
    const std::uint64_t off = std::min<std::uint64_t>(p.body_offset(), bytes_.size());
    return bytes_.substr(off, p.body.physical);
}

std::string Message::part_text(std::uint32_t part) const
{
    return mail::decode_part_text(structure_, part, bytes_);
}

void Message::add_field(std::string_view name, std::string_view value, bool last)
{
    Field f;
    f.name = std::string(name);
    f.value = std::string(value);
    f.raw = fold(f.name + ": " + f.value, line_end_ + " ") + line_end_;
    if (last) {
        parts_[0].push_back(std::move(f));
    } else {
        parts_[0].insert(parts_[0].begin(), std::move(f));
    }
    edited_ = true;
    snapshot_.reset();
}

void Message::delete_field(std::size_t index)
{
    parts_[0].erase(parts_[0].begin() + static_cast<std::ptrdiff_t>(index));
    edited_ = true;
    snapshot_.reset();
}

std::shared_ptr<const std::string> Message::snapshot()
{
    if (!edited_) {
        return nullptr;
    }
    if (!snapshot_) {
        auto out = std::make_shared<std::string>();
        for (const Field& f : parts_[0]) {
            out->append(f.raw);
            if (!f.raw.empty() && f.raw.back() != '\n') {
                out->append(line_end_);
            }
        }
        const mail::MessagePart& root = structure_.root();
        // The empty line that ended the header, then the body as received.
        const std::uint64_t hdr_end = std::min<std::uint64_t>(root.body_offset(), bytes_.size());
        std::uint64_t sep = hdr_end;
        if (sep > 0 && bytes_[sep - 1] == '\n') {
            --sep;
            if (sep > 0 && bytes_[sep - 1] == '\r') {
                --sep;
            }
        }
        const bool had_separator = root.header.physical > 0 && !root.is(mail::kPartHeaderNoEnd);
        out->append(had_separator ? std::string(bytes_.substr(sep, hdr_end - sep)) : line_end_);
        out->append(bytes_.substr(hdr_end));
        snapshot_ = std::move(out);
    }
    return snapshot_;
}

std::string decode_header_value(std::string_view raw_value)
{
    return std::string(trim(mail::decode_header_text(raw_value)));
}

bool is_field_name(std::string_view name)
{
    if (name.empty()) {
        return false;
    }
    for (const char c : name) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 33 || b > 126 || c == ':') {
            return false;
        }
    }
    return true;
}

}  // namespace roost::sieve
