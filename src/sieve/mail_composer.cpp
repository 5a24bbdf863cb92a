// Composing outgoing messages.
#include "sieve/mail_composer.hpp"

#include <cstdio>

#include "mail/encoded_words.hpp"
#include "sieve/ext_date.hpp"

namespace roost::sieve {
namespace {

bool is_ascii(std::string_view s)
{
    for (const char c : s) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            return false;
        }
    }
    return true;
}

// Removes line breaks so a value cannot start a new field.
std::string one_line(std::string_view v)
{
    std::string out;
    for (const char c : v) {
        if (c == '\r') {
            continue;
        }
        out += c == '\n' ? ' ' : c;
    }
    return out;
}

// Folds at blanks so lines stay near 78 bytes.
std::string fold_line(std::string_view line)
{
    std::string out;
    std::size_t len = 0;
    std::size_t i = 0;
    while (i < line.size()) {
        std::size_t j = line.find(' ', i + 1);
        if (j == std::string_view::npos) {
            j = line.size();
        }
        const std::string_view word = line.substr(i, j - i);
        if (len > 0 && len + word.size() > 78 && word[0] == ' ') {
            out += "\r\n";
            len = 0;
        }
        out += word;
        len += word.size();
        i = j;
    }
    return out;
}

}  // namespace

void MailComposer::text_field(std::string_view name, std::string_view value)
{
    const std::string v = one_line(value);
    if (is_ascii(v)) {
        raw_field(name, v);
    } else {
        header_ +=
            std::string(name) + ": " + mail::encode_header_text(v, "utf-8", 'Q', "\r\n ") + "\r\n";
    }
}

void MailComposer::raw_field(std::string_view name, std::string_view value)
{
    header_ += fold_line(std::string(name) + ": " + one_line(value)) + "\r\n";
}

std::string MailComposer::finish_text(std::string_view body) const
{
    std::string out = header_;
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: text/plain; charset=utf-8\r\n";
    out += is_ascii(body) ? "Content-Transfer-Encoding: 7bit\r\n"
                          : "Content-Transfer-Encoding: 8bit\r\n";
    out += "\r\n";
    std::string text = to_crlf(body);
    if (!text.empty() && text.back() != '\n') {
        text += "\r\n";
    }
    return out + text;
}

std::string MailComposer::finish_mime(std::string_view entity) const
{
    std::string out = header_;
    out += "MIME-Version: 1.0\r\n";
    std::string text = to_crlf(entity);
    if (!text.empty() && text.back() != '\n') {
        text += "\r\n";
    }
    return out + text;
}

std::string to_crlf(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 32);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\r') {
            out += "\r\n";
            if (i + 1 < text.size() && text[i + 1] == '\n') {
                ++i;
            }
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string rfc5322_date(std::int64_t unix_time, int zone_minutes)
{
    return date_part(unix_time, zone_minutes, "std11").value_or("");
}

std::string hash_hex(std::string_view data)
{
    std::uint64_t h = 14695981039346656037ull;
    for (const char c : data) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

}  // namespace roost::sieve
