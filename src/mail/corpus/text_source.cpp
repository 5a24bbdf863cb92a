// Random text for generated mail.
#include "mail/corpus/text_source.hpp"

#include <vector>

#include "core/strings.hpp"

namespace roost::mail::corpus {
namespace {

const std::vector<std::string>& words()
{
    static const std::vector<std::string> w = {
        "the",      "mail",     "server",  "meeting", "report",   "budget", "invoice", "please",
        "review",   "attached", "quarter", "project", "update",   "thanks", "regards", "tomorrow",
        "deadline", "team",     "draft",   "final",   "question", "answer", "release", "build",
        "test",     "from",     "with",    "about",   "schedule", "office", "weekend", "coffee",
        "result",   "numbers",  "summary", "notes",   "agenda",   "call",   "lunch",   "friday",
        "a",        "of",       "to",      "and",     "in",       "is",     "for",     "on"};
    return w;
}

struct CharsetPhrases {
    std::string charset;
    std::vector<std::string> phrases;
};

const std::vector<CharsetPhrases>& phrase_table()
{
    static const std::vector<CharsetPhrases> t = {
        {"utf-8",
         {"caf\xc3\xa9", "na\xc3\xafve",
          "Gr\xc3\xbc\xc3\x9f"
          "e",
          "\xe6\x97\xa5\xe6\x9c\xac", "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82",
          "\xe2\x82\xac"
          "5",
          "\xce\x9a\xce\xb1\xce\xbb\xce\xb7\xce\xbc\xce\xad\xcf\x81\xce\xb1", "\xf0\x9f\x98\x80"}},
        {"iso-8859-1",
         {"caf\xc3\xa9", "na\xc3\xafve",
          "Gr\xc3\xbc\xc3\x9f"
          "e",
          "se\xc3\xb1or",
          "\xc3\xbc"
          "ber",
          "Andr\xc3\xa9"}},
        {"iso-8859-15",
         {"\xe2\x82\xac"
          "10",
          "caf\xc3\xa9", "\xc5\x93uvre"}},
        {"windows-1252",
         {"\xe2\x80\x9cquoted\xe2\x80\x9d",
          "\xe2\x82\xac"
          "20",
          "caf\xc3\xa9",
          "a\xe2\x80\x94"
          "b"}},
        {"iso-2022-jp",
         {"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
          "\xe3\x81\x93\xe3\x82\x93\xe3\x81\xab\xe3\x81\xa1\xe3\x81\xaf",
          "\xe4\xbc\x9a\xe8\xad\xb0"}},
        {"shift_jis",
         {"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", "\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88"}},
        {"koi8-r",
         {"\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", "\xd0\xbc\xd0\xb8\xd1\x80"}},
        {"iso-8859-7", {"\xce\x9a\xce\xb1\xce\xbb\xce\xb7\xce\xbc\xce\xad\xcf\x81\xce\xb1"}},
        {"gb2312", {"\xe4\xb8\xad\xe6\x96\x87", "\xe9\x82\xae\xe4\xbb\xb6"}},
    };
    return t;
}

}  // namespace

const std::vector<std::string>& generated_charsets()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const auto& e : phrase_table()) {
            n.push_back(e.charset);
        }
        return n;
    }();
    return names;
}

std::string TextSource::word()
{
    return rng_.pick(words());
}

std::string TextSource::phrase_for(std::string_view charset)
{
    for (const auto& e : phrase_table()) {
        if (iequals(e.charset, charset)) {
            return rng_.pick(e.phrases);
        }
    }
    return word();
}

std::string TextSource::sentence(std::string_view charset)
{
    std::string s;
    const std::uint32_t n = rng_.between(3, 12);
    for (std::uint32_t i = 0; i < n; ++i) {
        if (i > 0) {
            s += ' ';
        }
        if (!charset.empty() && rng_.chance(25)) {
            s += phrase_for(charset);
        } else {
            std::string w = word();
            if (i == 0) {
                w[0] = ascii_upper(w[0]);
            }
            s += w;
        }
    }
    s += rng_.chance(80) ? "." : "?";
    return s;
}

std::string TextSource::paragraph_lines(std::string_view eol, std::string_view charset,
                                        std::uint32_t min_sentences, std::uint32_t max_sentences)
{
    std::string out;
    std::string line;
    const std::uint32_t n = rng_.between(min_sentences, max_sentences);
    for (std::uint32_t i = 0; i < n; ++i) {
        const std::string s = sentence(charset);
        for (const std::string_view w : split_words(s)) {
            if (!line.empty() && line.size() + w.size() + 1 > 72) {
                out += line;
                out += eol;
                line.clear();
            }
            if (!line.empty()) {
                line += ' ';
            }
            line += w;
        }
    }
    if (!line.empty()) {
        out += line;
        out += eol;
    }
    return out;
}

std::string TextSource::person_name(bool allow_non_ascii)
{
    static const std::vector<std::string> first = {"Alice", "Bob",   "Carol", "Dave",
                                                   "Erin",  "Frank", "Grace", "Heidi"};
    static const std::vector<std::string> last = {"Smith", "Jones",   "Miller",
                                                  "Brown", "Johnson", "O'Neil"};
    static const std::vector<std::string> intl = {
        "Andr\xc3\xa9 M\xc3\xbcller", "J\xc3\xbcrgen Gro\xc3\x9f",
        "\xe5\xb1\xb1\xe7\x94\xb0 \xe5\xa4\xaa\xe9\x83\x8e", "Zo\xc3\xab Fran\xc3\xa7ois"};
    if (allow_non_ascii && rng_.chance(30)) {
        return rng_.pick(intl);
    }
    return rng_.pick(first) + " " + rng_.pick(last);
}

std::string TextSource::domain()
{
    static const std::vector<std::string> d = {"example.com", "example.org", "mail.example.net",
                                               "corp.example", "xn--bcher-kva.example"};
    return rng_.pick(d);
}

std::string TextSource::local_part()
{
    static const std::vector<std::string> l = {"alice",      "bob.smith", "carol+lists", "d_e",
                                               "postmaster", "x.y.z",     "info"};
    return rng_.pick(l);
}

}  // namespace roost::mail::corpus
