// HeaderMaker: random but plausible header field values for generated mail: addresses in all
// RFC 5322 forms (groups, routes, comments, encoded names), subjects in several charsets and
// encodings, dates in current, obsolete and broken forms, message ids.
#pragma once

#include <string>

#include "mail/corpus/rng.hpp"
#include "mail/corpus/text_source.hpp"

namespace roost::mail::corpus {

class HeaderMaker {
public:
    HeaderMaker(Rng& rng, TextSource& text) : rng_(rng), text_(text) {}

    // One address; `broken` allows malformed forms.
    std::string address(bool broken);
    // A comma-separated list, sometimes folded (with "\n" line ends).
    std::string address_list(bool broken, std::uint32_t max = 4);
    std::string subject(bool broken);
    std::string date(bool broken);
    std::string message_id();
    // A "filename" parameter (with its leading "; "): plain, quoted, RFC 2231 encoded or
    // continued.
    std::string filename_param(std::string_view attribute);

private:
    std::string display_name();
    Rng& rng_;
    TextSource& text_;
};

}  // namespace roost::mail::corpus
