// doveadm search queries turned into IMAP SEARCH programs.
#include "tools/roostadm/mail_query.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <optional>

#include "core/strings.hpp"
#include "imap/proto/imap_receiver.hpp"

namespace roost::tools::roostadm {
namespace {

Error query_error(const std::string& message)
{
    return Error{std::make_error_code(std::errc::invalid_argument), message};
}

bool is_date_key(const std::string& key)
{
    static constexpr std::array<std::string_view, 9> kDateKeys{"before",     "on",       "since",      "sentbefore", "senton",
                                                              "sentsince", "savedbefore", "savedon", "savedsince"};
    return std::find(kDateKeys.begin(), kDateKeys.end(), key) != kDateKeys.end();
}

// "30d", "12h", "2weeks", "90secs": seconds; nullopt when the word is no interval.
std::optional<std::int64_t> interval_seconds(std::string_view word)
{
    std::int64_t amount = 0;
    const auto [ptr, ec] = std::from_chars(word.data(), word.data() + word.size(), amount);
    if (ec != std::errc() || ptr == word.data() || amount < 0) {
        return std::nullopt;
    }
    const std::string unit = to_lower(std::string_view(ptr, word.data() + word.size() - ptr));
    struct Unit {
        std::string_view name;
        std::int64_t seconds;
    };
    static constexpr std::array<Unit, 19> kUnits{{{"s", 1}, {"sec", 1}, {"secs", 1}, {"second", 1}, {"seconds", 1},
                                                  {"m", 60}, {"min", 60}, {"mins", 60}, {"minute", 60}, {"minutes", 60},
                                                  {"h", 3600}, {"hour", 3600}, {"hours", 3600},
                                                  {"d", 86400}, {"day", 86400}, {"days", 86400},
                                                  {"w", 604800}, {"week", 604800}, {"weeks", 604800}}};
    for (const Unit& u : kUnits) {
        if (unit == u.name) {
            return amount * u.seconds;
        }
    }
    return std::nullopt;
}

constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string imap_date(std::time_t when)
{
    std::tm tm{};
    ::localtime_r(&when, &tm);
    return std::to_string(tm.tm_mday) + "-" + kMonths[static_cast<std::size_t>(tm.tm_mon)] + "-" +
           std::to_string(tm.tm_year + 1900);
}

// A date word as an IMAP date ("2024-01-31" -> "31-Jan-2024", a UNIX time -> its local date);
// other words are passed on for the IMAP parser to judge.
std::string date_word(const std::string& word)
{
    int y = 0;
    int m = 0;
    int d = 0;
    char dash1 = 0;
    char dash2 = 0;
    if (word.size() == 10 && std::sscanf(word.c_str(), "%4d%c%2d%c%2d", &y, &dash1, &m, &dash2, &d) == 5 &&
        dash1 == '-' && dash2 == '-' && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
        return std::to_string(d) + "-" + kMonths[static_cast<std::size_t>(m - 1)] + "-" + std::to_string(y);
    }
    if (!word.empty() && std::all_of(word.begin(), word.end(), [](unsigned char c) { return std::isdigit(c); })) {
        std::int64_t seconds = 0;
        std::from_chars(word.data(), word.data() + word.size(), seconds);
        return imap_date(static_cast<std::time_t>(seconds));
    }
    return word;
}

// A word as one IMAP argument: atoms and parentheses as they are, anything else as a
// non-synchronising literal (so spaces, quotes and UTF-8 need no escaping).
std::string imap_word(const std::string& word)
{
    const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](unsigned char c) {
        return c > 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '{' && c != '%' && c != ']';
    });
    return plain ? word : "{" + std::to_string(word.size()) + "+}\r\n" + word;
}

Result<imap::proto::SearchArgs> parse_program(const std::string& program)
{
    imap::proto::ImapReceiver receiver;
    receiver.feed("Q SEARCH " + program + "\r\n");
    auto event = receiver.next();
    if (!event) {
        return query_error("the search query is incomplete");
    }
    if (const auto* e = std::get_if<imap::proto::ParseError>(&*event)) {
        return query_error("bad search query: " + e->text);
    }
    const auto* ready = std::get_if<imap::proto::CommandReady>(&*event);
    if (ready == nullptr) {
        return query_error("bad search query");
    }
    auto args = imap::proto::parse_search(ready->command);
    if (!args) {
        return query_error("bad search query: " + args.error().message);
    }
    if (imap::proto::uses_saved_result(args->key)) {
        return query_error("bad search query: $ needs an IMAP session");
    }
    return std::move(*args);
}

}  // namespace

Result<MailQuery> parse_mail_query(const std::vector<std::string>& words, std::time_t now)
{
    MailQuery q;
    std::vector<std::string> program;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string key = to_lower(words[i]);
        const bool has_value = i + 1 < words.size();
        if (key == "mailbox") {
            if (!has_value) {
                return query_error("mailbox needs a name");
            }
            q.mailbox_patterns.push_back(words[++i]);
        } else if (is_date_key(key) && has_value) {
            const std::string& value = words[++i];
            if (const auto seconds = interval_seconds(value)) {
                // An interval means "this long ago", to the second (RFC 5032 OLDER / YOUNGER).
                if (key == "since") {
                    program.push_back("YOUNGER");
                } else if (key == "before") {
                    program.push_back("OLDER");
                } else {
                    const std::time_t then = now - static_cast<std::time_t>(*seconds);
                    program.push_back(key);
                    program.push_back(imap_date(then));
                    continue;
                }
                program.push_back(std::to_string(*seconds));
            } else {
                program.push_back(key);
                program.push_back(date_word(value));
            }
        } else {
            program.push_back(imap_word(words[i]));
        }
    }
    if (program.empty()) {
        program.push_back("ALL");
    }
    for (const std::string& p : program) {
        q.imap_program += (q.imap_program.empty() ? "" : " ") + p;
    }
    auto parsed = parse_program(q.imap_program);
    if (!parsed) {
        return parsed.error();
    }
    q.search = std::move(*parsed);
    return q;
}

bool mailbox_matches(const std::string& pattern, const std::string& name)
{
    if (to_upper(pattern) == "INBOX" && to_upper(name) == "INBOX") {
        return true;
    }
    // Iterative wildcard match with one backtracking point (patterns are short).
    std::size_t p = 0;
    std::size_t n = 0;
    std::size_t star = std::string::npos;
    std::size_t resume = 0;
    while (n < name.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
            ++p;
            ++n;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            resume = n;
        } else if (star != std::string::npos) {
            p = star + 1;
            n = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') {
        ++p;
    }
    return p == pattern.size();
}

}  // namespace roost::tools::roostadm
