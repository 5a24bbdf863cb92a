// TextSource: random words, sentences and paragraphs for generated mail, in ASCII or with
// characters a given charset can represent.
#pragma once

#include <string>
#include <string_view>

#include "mail/corpus/rng.hpp"

namespace roost::mail::corpus {

class TextSource {
public:
    explicit TextSource(Rng& rng) : rng_(rng) {}

    std::string word();
    // A sentence of ASCII words; with `charset`, some words are replaced by phrases (UTF-8)
    // that the charset can encode.
    std::string sentence(std::string_view charset = {});
    // Lines of at most ~72 characters joined by eol, ending with eol.
    std::string paragraph_lines(std::string_view eol, std::string_view charset = {},
                                std::uint32_t min_sentences = 1, std::uint32_t max_sentences = 6);
    // A non-ASCII phrase in UTF-8 that `charset` can represent.
    std::string phrase_for(std::string_view charset);
    std::string person_name(bool allow_non_ascii);
    std::string domain();
    std::string local_part();

private:
    Rng& rng_;
};

// Charsets the generator writes text in (iconv names).
const std::vector<std::string>& generated_charsets();

}  // namespace roost::mail::corpus
