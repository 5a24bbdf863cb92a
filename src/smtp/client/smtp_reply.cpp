#include "smtp/client/smtp_reply.hpp"

#include <charconv>

#include "core/strings.hpp"

namespace roost::smtp::client {
namespace {

Error reply_error(const std::string& what)
{
    return Error{std::make_error_code(std::errc::protocol_error), "bad SMTP reply: " + what};
}

bool digit(char c) { return c >= '0' && c <= '9'; }

// "2.1.5 " at the start of `text` whose class matches the reply code's first digit: its length
// including the space, else 0.
std::size_t enhanced_length(std::string_view text, int code)
{
    if (text.size() < 5 || text[0] != static_cast<char>('0' + code / 100) || text[1] != '.') {
        return 0;
    }
    std::size_t i = 2;
    for (int part = 0; part < 2; ++part) {
        const std::size_t start = i;
        while (i < text.size() && digit(text[i]) && i - start < 3) {
            ++i;
        }
        if (i == start) {
            return 0;
        }
        if (part == 0) {
            if (i >= text.size() || text[i] != '.') {
                return 0;
            }
            ++i;
        }
    }
    if (i < text.size() && text[i] != ' ') {
        return 0;
    }
    return i < text.size() ? i + 1 : i;
}

}  // namespace

std::string SmtpReply::text() const
{
    std::string out;
    for (const std::string& l : lines) {
        out += (out.empty() ? "" : " ") + l;
    }
    return out;
}

std::optional<Result<SmtpReply>> ReplyParser::next()
{
    if (failed_) {
        return Result<SmtpReply>(reply_error("parser already failed"));
    }
    for (;;) {
        const std::size_t lf = buffer_.find('\n');
        if (lf == std::string::npos) {
            if (buffer_.size() > kMaxLine) {
                failed_ = true;
                return Result<SmtpReply>(reply_error("line too long"));
            }
            return std::nullopt;
        }
        std::string_view line(buffer_.data(), lf);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        const auto fail = [this](const std::string& what) {
            failed_ = true;
            return std::optional<Result<SmtpReply>>(reply_error(what));
        };
        if (line.size() > kMaxLine) {
            return fail("line too long");
        }
        if (line.size() < 3 || !digit(line[0]) || !digit(line[1]) || !digit(line[2]) || line[0] < '2' ||
            line[0] > '5' || (line.size() > 3 && line[3] != ' ' && line[3] != '-')) {
            return fail("\"" + std::string(line.substr(0, 40)) + "\"");
        }
        const int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
        const bool last = line.size() == 3 || line[3] == ' ';
        std::string_view text = line.size() > 4 ? line.substr(4) : std::string_view();
        if (!partial_) {
            partial_.emplace();
            partial_->code = code;
        } else if (partial_->code != code) {
            return fail("the code changed within a multi-line reply");
        }
        if (const std::size_t n = enhanced_length(text, code); n > 0) {
            if (partial_->lines.empty()) {
                partial_->enhanced = std::string(trim_right(text.substr(0, n)));
            }
            text.remove_prefix(n);
        }
        partial_->lines.emplace_back(text);
        buffer_.erase(0, lf + 1);
        if (partial_->lines.size() > kMaxLines) {
            return fail("too many lines");
        }
        if (last) {
            SmtpReply done = std::move(*partial_);
            partial_.reset();
            return Result<SmtpReply>(std::move(done));
        }
    }
}

std::vector<std::string> EhloCapabilities::auth_mechanisms() const
{
    std::vector<std::string> out;
    const auto it = keywords.find("AUTH");
    if (it != keywords.end()) {
        for (std::string_view m : split_words(it->second)) {
            out.push_back(to_upper(m));
        }
    }
    return out;
}

std::optional<std::size_t> EhloCapabilities::size() const
{
    const auto it = keywords.find("SIZE");
    if (it == keywords.end()) {
        return std::nullopt;
    }
    std::size_t n = 0;
    const std::string& v = it->second;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    return ec == std::errc() && end == v.data() + v.size() ? n : 0;
}

EhloCapabilities parse_ehlo(const SmtpReply& reply)
{
    EhloCapabilities caps;
    for (std::size_t i = 0; i < reply.lines.size(); ++i) {
        const std::string_view line = trim(reply.lines[i]);
        const auto space = line.find(' ');
        const std::string_view first = line.substr(0, space);
        const std::string_view rest = space == std::string_view::npos ? std::string_view() : trim(line.substr(space + 1));
        if (i == 0) {
            caps.domain = std::string(first);
        } else if (!first.empty()) {
            caps.keywords[to_upper(first)] = std::string(rest);
        }
    }
    return caps;
}

}  // namespace roost::smtp::client
