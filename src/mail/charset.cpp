// iconv-backed charset conversion.
#include "mail/charset.hpp"

#include <errno.h>
#include <iconv.h>

#include <array>

#include "core/strings.hpp"
#include "mail/utf8.hpp"

namespace roost::mail {
namespace {

constexpr std::array<std::string_view, 8> kUtf8Names = {
    "utf-8", "utf8", "us-ascii", "ascii", "ansi_x3.4-1968", "iso-646-us", "us", "x-unknown"};

std::string iconv_name(std::string_view charset)
{
    std::string name = to_lower(charset);
    // Names mail uses that glibc spells differently.
    if (name == "ks_c_5601-1987" || name == "ks_c_5601") {
        return "cp949";
    }
    if (name == "x-sjis" || name == "shift-jis") {
        return "shift_jis";
    }
    if (name == "x-gbk") {
        return "gbk";
    }
    return name;
}

}  // namespace

bool is_utf8_compatible(std::string_view charset)
{
    if (charset.empty()) {
        return true;
    }
    for (const std::string_view n : kUtf8Names) {
        if (iequals(charset, n)) {
            return true;
        }
    }
    return false;
}

struct CharsetConverter::Impl {
    iconv_t cd = reinterpret_cast<iconv_t>(-1);
};

bool is_known_charset(std::string_view charset)
{
    if (is_utf8_compatible(charset)) {
        return true;
    }
    iconv_t cd = iconv_open("UTF-8", iconv_name(charset).c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) {
        return false;
    }
    iconv_close(cd);
    return true;
}

CharsetConverter::CharsetConverter(std::string_view charset) : impl_(std::make_unique<Impl>())
{
    if (!is_utf8_compatible(charset)) {
        impl_->cd = iconv_open("UTF-8", iconv_name(charset).c_str());
        known_ = impl_->cd != reinterpret_cast<iconv_t>(-1);
    }
}

CharsetConverter::~CharsetConverter()
{
    if (impl_->cd != reinterpret_cast<iconv_t>(-1)) {
        iconv_close(impl_->cd);
    }
}

void CharsetConverter::feed(std::string_view bytes, std::string& out)
{
    std::string joined;
    if (!carry_.empty()) {
        joined = carry_ + std::string(bytes);
        bytes = joined;
        carry_.clear();
    }
    if (impl_->cd == reinterpret_cast<iconv_t>(-1)) {
        const std::size_t tail = utf8_incomplete_tail(bytes);
        out += utf8_repair(bytes.substr(0, bytes.size() - tail));
        carry_.assign(bytes.substr(bytes.size() - tail));
        return;
    }
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    std::array<char, 4096> buf{};
    while (in_left > 0) {
        char* o = buf.data();
        std::size_t o_left = buf.size();
        const std::size_t r = iconv(impl_->cd, &in, &in_left, &o, &o_left);
        out.append(buf.data(), buf.size() - o_left);
        if (o_left != buf.size()) {
            last_was_error_ = false;
        }
        if (r != static_cast<std::size_t>(-1)) {
            continue;
        }
        if (errno == E2BIG) {
            continue;
        }
        if (errno == EINVAL) {
            carry_.assign(in, in_left);  // an incomplete sequence: wait for more bytes
            return;
        }
        // EILSEQ: skip one byte; a run of bad bytes gives one U+FFFD.
        if (!last_was_error_) {
            out += kReplacementUtf8;
        }
        last_was_error_ = true;
        ++in;
        --in_left;
    }
}

void CharsetConverter::finish(std::string& out)
{
    // An incomplete sequence at the very end (a cut message) is dropped, as Dovecot does.
    carry_.clear();
    if (impl_->cd != reinterpret_cast<iconv_t>(-1)) {
        std::array<char, 64> buf{};
        char* o = buf.data();
        std::size_t o_left = buf.size();
        iconv(impl_->cd, nullptr, nullptr, &o, &o_left);
        out.append(buf.data(), buf.size() - o_left);
    }
}

std::string to_utf8(std::string_view bytes, std::string_view charset)
{
    if (is_utf8_compatible(charset)) {
        return utf8_repair(bytes);
    }
    CharsetConverter conv(charset);
    if (!conv.known()) {
        return utf8_repair(bytes);
    }
    std::string out;
    conv.feed(bytes, out);
    conv.finish(out);
    return out;
}

std::string from_utf8(std::string_view text, std::string_view charset)
{
    if (is_utf8_compatible(charset)) {
        return std::string(text);
    }
    iconv_t cd = iconv_open(iconv_name(charset).c_str(), "UTF-8");
    if (cd == reinterpret_cast<iconv_t>(-1)) {
        return std::string(text);
    }
    std::string out;
    char* in = const_cast<char*>(text.data());
    std::size_t in_left = text.size();
    std::array<char, 4096> buf{};
    while (in_left > 0) {
        char* o = buf.data();
        std::size_t o_left = buf.size();
        const std::size_t r = iconv(cd, &in, &in_left, &o, &o_left);
        out.append(buf.data(), buf.size() - o_left);
        if (r == static_cast<std::size_t>(-1) && errno != E2BIG) {
            // A character the charset lacks (or broken input): skip it whole.
            out.push_back('?');
            std::size_t i = 0;
            utf8_next(std::string_view(in, in_left), i);
            in += i;
            in_left -= i;
        }
    }
    char* o = buf.data();
    std::size_t o_left = buf.size();
    iconv(cd, nullptr, nullptr, &o, &o_left);  // return to the initial shift state
    out.append(buf.data(), buf.size() - o_left);
    iconv_close(cd);
    return out;
}

}  // namespace roost::mail
