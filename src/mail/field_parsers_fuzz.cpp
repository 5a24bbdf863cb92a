// libFuzzer target: any bytes as the value of a structured header field, through every field
// parser (addresses, Content-Type and its parameters, Content-Disposition, dates, encoded words,
// transfer decoders, charset conversion, HTML to text) and the match primitives.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "mail/address.hpp"
#include "mail/charset.hpp"
#include "mail/content_type.hpp"
#include "mail/date_time.hpp"
#include "mail/encoded_words.hpp"
#include "mail/html_text.hpp"
#include "mail/imap/imap_string.hpp"
#include "mail/imap/section.hpp"
#include "mail/search_match.hpp"
#include "mail/structure_codec.hpp"
#include "mail/transfer_decoder.hpp"
#include "mail/unicode_casemap.hpp"
#include "mail/utf8.hpp"

namespace {

void check(bool condition)
{
    if (!condition) {
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace roost::mail;
    const std::string_view v(reinterpret_cast<const char*>(data), size);

    const AddressList list = parse_address_list(v);
    for (const Address& a : list) {
        (void)address_part(a, AddressPart::All);
    }
    const ContentType ct = parse_content_type(v);
    for (const MimeParam& p : ct.params) {
        (void)decode_param_value(p);
    }
    (void)parse_content_disposition(v);
    (void)parse_transfer_encoding(v);
    (void)parse_content_language(v);
    if (auto d = parse_date_time(v)) {
        (void)d->unix_time();
        (void)d->to_rfc5322();
    }
    (void)parse_imap_date(v);
    check(is_valid_utf8(decode_header_text(v)));
    check(is_valid_utf8(to_utf8(v, "iso-2022-jp")));
    check(is_valid_utf8(to_utf8(v, "utf-8")));
    (void)decode_base64(v);
    (void)decode_quoted_printable(v);
    (void)html_to_text(v);
    const std::string folded = casemap_utf8(v);
    check(is_valid_utf8(folded));
    const std::size_t half = size / 2;
    (void)match_string(v.substr(0, half), v.substr(half), MatchType::Matches,
                       Comparator::UnicodeCasemap);
    (void)match_string(v.substr(0, half), v.substr(half), MatchType::Contains,
                       Comparator::AsciiCasemap);
    std::string out;
    imap::append_string_for_humans(out, v);
    imap::append_nstring_nolf(out, std::string(v));
    (void)imap::parse_section(v);
    (void)deserialize_structure(v);
    return 0;
}
