// Transfer and charset decoding of a part's body.
#include "mail/part_decoder.hpp"

#include "core/strings.hpp"

namespace roost::mail {
namespace {

std::string charset_of(const MimeHeader& mime)
{
    const std::string* cs = mime.param("charset");
    return cs != nullptr ? *cs : std::string();
}

}  // namespace

TransferEncoding decode_encoding(const MimeHeader& mime)
{
    if (!mime.body_encoding) {
        return TransferEncoding::Identity;
    }
    return mime.body_encoding->empty() ? TransferEncoding::Unknown
                                       : transfer_encoding_from(*mime.body_encoding);
}

PartDecoder::PartDecoder(const MimeHeader& mime)
    : transfer_(decode_encoding(mime)),
      charset_(charset_of(mime)),
      html_(iequals(mime.type, "text") && iequals(mime.subtype, "html"))
{
}

void PartDecoder::feed(std::string_view raw, std::string& utf8)
{
    scratch_.clear();
    transfer_.feed(raw, scratch_);
    charset_.feed(scratch_, utf8);
}

void PartDecoder::finish(std::string& utf8)
{
    scratch_.clear();
    transfer_.finish(scratch_);
    charset_.feed(scratch_, utf8);
    charset_.finish(utf8);
}

std::string decode_part_text(const MessageStructure& structure, std::uint32_t index,
                             std::string_view message)
{
    const MessagePart& part = structure.parts[index];
    PartDecoder decoder(part.mime);
    std::string out;
    const std::uint64_t off = std::min<std::uint64_t>(part.body_offset(), message.size());
    decoder.feed(message.substr(off, part.body.physical), out);
    decoder.finish(out);
    return out;
}

}  // namespace roost::mail
