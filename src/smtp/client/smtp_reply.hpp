// SmtpReply and ReplyParser: the replies an SMTP server sends (RFC 5321 section 4.2), read by
// Roost's SMTP client. Pure: bytes in, whole replies out (multi-line ones joined), whether fed
// at once or one byte at a time; fuzzed. Also reads the EHLO reply's extension keywords.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace roost::smtp::client {

struct SmtpReply {
    int code = 0;
    // The RFC 3463 code of the first line ("2.1.5"), "" when the server sent none.
    std::string enhanced;
    // Each line's text, without the code, the separator and the enhanced code.
    std::vector<std::string> lines;

    bool positive() const { return code >= 200 && code < 400; }
    bool transient() const { return code >= 400 && code < 500; }
    // The lines joined with spaces, for logs and error messages.
    std::string text() const;
};

class ReplyParser {
public:
    // A reply line longer than this is an error (RFC 5321 says 512; servers send more).
    static constexpr std::size_t kMaxLine = 4096;
    static constexpr std::size_t kMaxLines = 1000;

    void feed(std::string_view bytes) { buffer_.append(bytes); }
    // The next complete reply; nullopt when more bytes are needed. An error (a line that is not
    // "NNN text" or "NNN-text", codes that change within one reply, a line or reply too long)
    // leaves the parser unusable: the connection cannot be trusted after it.
    std::optional<Result<SmtpReply>> next();

private:
    std::string buffer_;
    std::optional<SmtpReply> partial_;
    bool failed_ = false;
};

// The EHLO reply's keywords (upper case) with their parameters: "SIZE" -> "10240000",
// "AUTH" -> "PLAIN LOGIN", "PIPELINING" -> "".
struct EhloCapabilities {
    std::string domain;  // the first line's first word
    std::map<std::string, std::string> keywords;

    bool has(const std::string& keyword) const { return keywords.count(keyword) != 0; }
    std::vector<std::string> auth_mechanisms() const;
    // SIZE's number; nullopt without SIZE, 0 when SIZE has no fixed limit.
    std::optional<std::size_t> size() const;
};
EhloCapabilities parse_ehlo(const SmtpReply& reply);

}  // namespace roost::smtp::client
