// Base64 and quoted-printable decoding.
#include "mail/transfer_decoder.hpp"

#include <array>
#include <cstdint>

#include "core/strings.hpp"

namespace roost::mail {
namespace {

constexpr std::array<std::int8_t, 256> make_base64_table()
{
    std::array<std::int8_t, 256> t{};
    for (auto& v : t) {
        v = -1;
    }
    constexpr std::string_view alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (std::size_t i = 0; i < alphabet.size(); ++i) {
        t[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
    }
    return t;
}

constexpr std::array<std::int8_t, 256> kBase64 = make_base64_table();

int hex_digit(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

}  // namespace

TransferEncoding transfer_encoding_from(std::string_view name)
{
    name = trim(name);
    if (name.empty() || iequals(name, "7bit") || iequals(name, "8bit") || iequals(name, "binary")) {
        return TransferEncoding::Identity;
    }
    if (iequals(name, "base64")) {
        return TransferEncoding::Base64;
    }
    if (iequals(name, "quoted-printable")) {
        return TransferEncoding::QuotedPrintable;
    }
    return TransferEncoding::Unknown;
}

void Base64Decoder::feed(std::string_view in, std::string& out)
{
    for (const char c : in) {
        if (done_) {
            return;
        }
        const std::int8_t v = kBase64[static_cast<unsigned char>(c)];
        if (v < 0) {
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                continue;
            }
            // Padding ends the data; any other byte is damage (a footer a list server added,
            // a broken transfer): what was decoded so far is kept, the rest is ignored.
            if (c != '=') {
                ++errors_;
            }
            done_ = true;
            return;
        }
        acc_ = (acc_ << 6) | static_cast<std::uint32_t>(v);
        bits_ += 6;
        if (bits_ >= 8) {
            bits_ -= 8;
            out.push_back(static_cast<char>((acc_ >> bits_) & 0xff));
        }
    }
}

void Base64Decoder::finish(std::string& /*out*/)
{
    acc_ = 0;
    bits_ = 0;
    done_ = false;
}

void QpDecoder::flush_line(std::string_view line, bool has_line_end, std::string& out)
{
    // Transport padding: trailing whitespace is not part of the content.
    std::size_t end = line.size();
    if (has_line_end) {
        while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
            --end;
        }
    }
    bool soft_break = false;
    for (std::size_t i = 0; i < end; ++i) {
        const char c = line[i];
        if (c != '=') {
            out.push_back(c);
            continue;
        }
        if (i + 1 == end) {
            soft_break = has_line_end;  // at the very end (a cut message) the '=' goes too
            break;
        }
        if (!has_line_end && i + 2 == end && hex_digit(line[i + 1]) >= 0) {
            break;  // "=X" cut off at the end of the data: an incomplete escape
        }
        const int hi = hex_digit(line[i + 1]);
        const int lo = i + 2 < end ? hex_digit(line[i + 2]) : -1;
        if (hi >= 0 && lo >= 0) {
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else {
            ++errors_;
            out.push_back('=');
        }
    }
    if (has_line_end && !soft_break) {
        out += "\r\n";
    }
}

void QpDecoder::feed(std::string_view in, std::string& out)
{
    std::size_t start = 0;
    while (start < in.size()) {
        const std::size_t lf = in.find('\n', start);
        if (lf == std::string_view::npos) {
            line_.append(in.substr(start));
            return;
        }
        std::string_view piece = in.substr(start, lf - start);
        if (!line_.empty()) {
            line_.append(piece);
            piece = line_;
        }
        if (!piece.empty() && piece.back() == '\r') {
            piece.remove_suffix(1);
        }
        flush_line(piece, true, out);
        line_.clear();
        start = lf + 1;
    }
}

void QpDecoder::finish(std::string& out)
{
    if (!line_.empty()) {
        flush_line(line_, false, out);
        line_.clear();
    }
}

void TransferDecoder::feed(std::string_view in, std::string& out)
{
    switch (encoding_) {
        case TransferEncoding::Base64:
            base64_.feed(in, out);
            break;
        case TransferEncoding::QuotedPrintable:
            qp_.feed(in, out);
            break;
        default:
            out.append(in);
            break;
    }
}

void TransferDecoder::finish(std::string& out)
{
    if (encoding_ == TransferEncoding::Base64) {
        base64_.finish(out);
    } else if (encoding_ == TransferEncoding::QuotedPrintable) {
        qp_.finish(out);
    }
}

std::size_t TransferDecoder::errors() const
{
    return base64_.errors() + qp_.errors();
}

std::string decode_base64(std::string_view in)
{
    Base64Decoder d;
    std::string out;
    d.feed(in, out);
    d.finish(out);
    return out;
}

std::string decode_quoted_printable(std::string_view in)
{
    QpDecoder d;
    std::string out;
    d.feed(in, out);
    d.finish(out);
    return out;
}

}  // namespace roost::mail
