// Content-Transfer-Encoding decoders (RFC 2045 sections 6.7 and 6.8), streaming and tolerant of
// real-world damage: they never fail, they decode what can be decoded and count what could not.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace roost::mail {

enum class TransferEncoding { Identity, Base64, QuotedPrintable, Unknown };

// Maps a Content-Transfer-Encoding value (7bit, 8bit, binary, base64, quoted-printable, or
// absent = empty) to a decoder kind; anything else is Unknown (e.g. x-uuencode).
TransferEncoding transfer_encoding_from(std::string_view name);

// Base64: spaces and line ends are skipped; '=' padding ends the data, and so does any other
// byte outside the alphabet (counted as an error); a final incomplete group yields the bytes it
// holds. This is where Dovecot's decoder stops too, so previews and searches agree.
class Base64Decoder {
public:
    void feed(std::string_view in, std::string& out);
    void finish(std::string& out);
    std::size_t errors() const { return errors_; }

private:
    std::uint32_t acc_ = 0;
    int bits_ = 0;
    bool done_ = false;
    std::size_t errors_ = 0;
};

// Quoted-printable: "=XX" decodes (either hex case), "=" before a line end is a soft break,
// trailing spaces and tabs before a line end are dropped, and malformed "=" sequences are kept
// as they are.
class QpDecoder {
public:
    void feed(std::string_view in, std::string& out);
    void finish(std::string& out);
    std::size_t errors() const { return errors_; }

private:
    void flush_line(std::string_view line, bool has_line_end, std::string& out);
    std::string line_;  // the current incomplete line
    std::size_t errors_ = 0;
};

// A decoder for any TransferEncoding (Identity and Unknown pass bytes through).
class TransferDecoder {
public:
    explicit TransferDecoder(TransferEncoding encoding) : encoding_(encoding) {}
    void feed(std::string_view in, std::string& out);
    void finish(std::string& out);
    std::size_t errors() const;
    TransferEncoding encoding() const { return encoding_; }

private:
    TransferEncoding encoding_;
    Base64Decoder base64_;
    QpDecoder qp_;
};

std::string decode_base64(std::string_view in);
std::string decode_quoted_printable(std::string_view in);

}  // namespace roost::mail
