// Charset conversion to UTF-8 through iconv (glibc), streaming and tolerant: bytes that do not
// convert become U+FFFD, so decoded text is always valid UTF-8.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace roost::mail {

// True for names that mean UTF-8 or its subset US-ASCII (and for the empty name). Text in these
// is passed through with invalid sequences repaired, as mail labelled us-ascii often is UTF-8.
bool is_utf8_compatible(std::string_view charset);

// True when iconv can convert from this charset.
bool is_known_charset(std::string_view charset);

class CharsetConverter {
public:
    // An unknown charset converts as UTF-8 (with repair); known() tells which happened.
    explicit CharsetConverter(std::string_view charset);
    ~CharsetConverter();
    CharsetConverter(const CharsetConverter&) = delete;
    CharsetConverter& operator=(const CharsetConverter&) = delete;

    bool known() const { return known_; }
    // Converts the next bytes, appending UTF-8 to out. An incomplete multi-byte sequence at the
    // end is kept until the next call or finish().
    void feed(std::string_view bytes, std::string& out);
    // Ends the text: an incomplete sequence left over is dropped; shift state is reset.
    void finish(std::string& out);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    bool known_ = true;
    bool last_was_error_ = false;
    std::string carry_;
};

// One-shot conversion.
std::string to_utf8(std::string_view bytes, std::string_view charset);

// UTF-8 text converted to `charset` (for generating test mail). Characters the charset lacks
// become '?'; an unknown charset returns the text unchanged.
std::string from_utf8(std::string_view text, std::string_view charset);

}  // namespace roost::mail
