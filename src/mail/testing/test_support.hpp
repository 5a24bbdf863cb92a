// Helpers for the mail library's unit tests: parsing with different feed patterns, reading the
// hand-made corpus, and building messages with LF or CRLF line ends.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "mail/message_parser.hpp"
#include "roost_build_config.hpp"

namespace roost::mail::testing {

// Replaces every "\n" with "\r\n".
inline std::string crlf(std::string_view s)
{
    std::string out;
    for (const char c : s) {
        if (c == '\n') {
            out += '\r';
        }
        out += c;
    }
    return out;
}

inline MessageStructure parse_whole(std::string_view m, MessageHandler* h = nullptr)
{
    return parse_message(m, {}, h);
}

inline MessageStructure parse_bytewise(std::string_view m, MessageHandler* h = nullptr)
{
    MessageParser p({}, h);
    for (const char c : m) {
        p.feed(std::string_view(&c, 1));
    }
    return p.finish();
}

// Feeds chunks of the given sizes, cycling through them.
inline MessageStructure parse_chunked(std::string_view m, const std::vector<std::size_t>& sizes,
                                      MessageHandler* h = nullptr)
{
    MessageParser p({}, h);
    std::size_t i = 0;
    std::size_t k = 0;
    while (i < m.size()) {
        const std::size_t n = std::min(sizes[k++ % sizes.size()], m.size() - i);
        p.feed(m.substr(i, n));
        i += n;
    }
    return p.finish();
}

struct CorpusFile {
    std::string name;
    std::string bytes;
};

// The hand-made messages of tests/mail/corpus.
inline std::vector<CorpusFile> hand_made_corpus()
{
    std::vector<CorpusFile> out;
    const std::filesystem::path dir =
        std::filesystem::path(ROOST_SOURCE_ROOT) / "tests/mail/corpus";
    if (!std::filesystem::is_directory(dir)) {
        return out;
    }
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".eml") {
            continue;
        }
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        out.push_back({entry.path().filename().string(), ss.str()});
    }
    std::sort(out.begin(), out.end(),
              [](const CorpusFile& a, const CorpusFile& b) { return a.name < b.name; });
    return out;
}

}  // namespace roost::mail::testing
