// SEARCH programs over messages held in memory.
#include "imap/worker/search_program.hpp"

#include <gtest/gtest.h>

#include "imap/proto/imap_command.hpp"
#include "imap/proto/imap_receiver.hpp"
#include "mail/mail_error.hpp"
#include "mail/message_parser.hpp"

namespace roost::imap {
namespace {

proto::SearchArgs parse(const std::string& line)
{
    proto::ImapReceiver r;
    r.feed("a " + line + "\r\n");
    auto ev = r.next();
    EXPECT_TRUE(ev && std::holds_alternative<proto::CommandReady>(*ev));
    auto cmd = proto::parse_command(std::get<proto::CommandReady>(*ev).command, {});
    EXPECT_TRUE(cmd) << (cmd ? "" : cmd.error().message);
    return std::get<proto::SearchArgs>(cmd->args);
}

struct Fixture {
    std::vector<std::string> keywords{"Work", "$Junk"};
    std::vector<std::uint32_t> saved{7};
    std::vector<storage::MessageInfo> infos;
    std::vector<std::string> texts;
    std::vector<mail::MessageStructure> structures;
    int content_reads = 0;
    bool cached = false;  // offer each message's header block as the message cache would

    Fixture()
    {
        add(3, storage::Flags(storage::Flag::Seen), 0b01, 1700000000,
            "From: Alice <alice@example.com>\r\nSubject: Quarterly report\r\nDate: Tue, 14 Nov 2023 10:00:00 +0000\r\n\r\n"
            "The numbers are in.\r\n");
        add(7, storage::Flags(), 0b10, 1700100000,
            "From: =?UTF-8?Q?J=C3=BCrgen?= <j@example.org>\r\nSubject: =?UTF-8?B?R3LDvMOfZQ==?=\r\n\r\nHallo Welt\r\n");
    }
    void add(std::uint32_t uid, storage::Flags flags, std::uint64_t kw, std::int64_t date, std::string text)
    {
        storage::MessageInfo m;
        m.uid = uid;
        m.flags = flags;
        m.keywords = kw;
        m.internal_date = date;
        m.modseq = uid * 10;
        infos.push_back(m);
        structures.push_back(mail::parse_message(text));
        texts.push_back(std::move(text));
    }

    std::vector<std::uint32_t> run(const std::string& line)
    {
        const proto::SearchArgs args = parse(line);
        auto program = SearchProgram::compile(args.key, args.charset);
        EXPECT_TRUE(program) << (program ? "" : program.error().message);
        SearchScope scope{2, 7, &keywords, &saved, 1700200000, 0};
        std::vector<std::uint32_t> hits;
        for (std::uint32_t i = 0; i < infos.size(); ++i) {
            SearchMessage m;
            m.seq = i + 1;
            m.info = &infos[i];
            m.size = [&, i]() -> std::optional<std::uint64_t> { return texts[i].size(); };
            m.content = [&, i]() -> std::optional<MessageContent> {
                ++content_reads;
                return MessageContent{texts[i], &structures[i]};
            };
            if (cached) {
                m.cached_header = [&, i]() -> std::optional<std::string> {
                    return texts[i].substr(0, texts[i].find("\r\n\r\n") + 4);
                };
            }
            auto matched = program->matches(scope, m);
            EXPECT_TRUE(matched.has_value());
            if (matched && *matched) {
                hits.push_back(i + 1);
            }
        }
        return hits;
    }
};

using Hits = std::vector<std::uint32_t>;

TEST(SearchProgram, FlagsKeywordsAndSets)
{
    Fixture f;
    EXPECT_EQ(f.run("SEARCH SEEN"), Hits{1});
    EXPECT_EQ(f.run("SEARCH UNSEEN"), Hits{2});
    EXPECT_EQ(f.run("SEARCH KEYWORD work"), Hits{1});
    EXPECT_EQ(f.run("SEARCH UNKEYWORD $Junk"), Hits{1});
    EXPECT_EQ(f.run("SEARCH UID 4:*"), Hits{2});
    EXPECT_EQ(f.run("SEARCH 2"), Hits{2});
    EXPECT_EQ(f.run("SEARCH UID $"), Hits{2});
    EXPECT_EQ(f.run("SEARCH OR SEEN KEYWORD $Junk"), (Hits{1, 2}));
    EXPECT_EQ(f.run("SEARCH NOT (SEEN)"), Hits{2});
    EXPECT_EQ(f.run("SEARCH MODSEQ 50"), Hits{2});
    EXPECT_EQ(f.content_reads, 0);  // none of these reads a message
}

TEST(SearchProgram, TextKeysDecodeHeadersAndConvertCharsets)
{
    Fixture f;
    EXPECT_EQ(f.run("SEARCH SUBJECT report"), Hits{1});
    EXPECT_EQ(f.run("SEARCH CHARSET UTF-8 FROM {7+}\r\nJ\xc3\xbcrgen"), Hits{2});
    EXPECT_EQ(f.run("SEARCH CHARSET ISO-8859-1 SUBJECT {5+}\r\nGr\xfc\xdf" "e"), Hits{2});
    EXPECT_EQ(f.run("SEARCH BODY welt"), Hits{2});
    EXPECT_EQ(f.run("SEARCH TEXT alice"), Hits{1});
    EXPECT_EQ(f.run("SEARCH HEADER Subject \"\""), (Hits{1, 2}));
}

TEST(SearchProgram, CheapKeysDecideBeforeContentIsRead)
{
    Fixture f;
    EXPECT_EQ(f.run("SEARCH SEEN BODY numbers"), Hits{1});
    EXPECT_EQ(f.content_reads, 1);  // message 2 failed SEEN and was never read
}

TEST(SearchProgram, Dates)
{
    Fixture f;
    EXPECT_EQ(f.run("SEARCH SENTON 14-Nov-2023"), Hits{1});
    EXPECT_EQ(f.run("SEARCH SINCE 15-Nov-2023"), Hits{2});  // 1700100000 is 16 Nov 02:00 UTC
    EXPECT_EQ(f.run("SEARCH BEFORE 15-Nov-2023"), Hits{1});
    EXPECT_EQ(f.run("SEARCH YOUNGER 150000"), Hits{2});
    EXPECT_EQ(f.run("SEARCH LARGER 100"), Hits{1});
}

TEST(SearchProgram, HeaderKeysAndSentDatesUseTheCachedHeader)
{
    Fixture f;
    f.cached = true;
    EXPECT_EQ(f.run("SEARCH SUBJECT report"), Hits{1});
    EXPECT_EQ(f.run("SEARCH CHARSET UTF-8 FROM {7+}\r\nJ\xc3\xbcrgen"), Hits{2});
    EXPECT_EQ(f.run("SEARCH HEADER Subject \"\""), (Hits{1, 2}));
    EXPECT_EQ(f.run("SEARCH NOT HEADER Date \"\""), Hits{2});
    EXPECT_EQ(f.run("SEARCH SENTON 14-Nov-2023"), Hits{1});
    // No Date field: the internal date's day (16 Nov 2023).
    EXPECT_EQ(f.run("SEARCH SENTSINCE 16-Nov-2023"), Hits{2});
    EXPECT_EQ(f.content_reads, 0);
    // A body key needs the file; the header keys beside it then use the file too.
    EXPECT_EQ(f.run("SEARCH SUBJECT report BODY numbers"), Hits{1});
    EXPECT_EQ(f.content_reads, 2);
}

TEST(SearchProgram, UnknownCharsetAndUnsupportedKeys)
{
    const auto bad_charset = parse("SEARCH CHARSET X-NO-SUCH-CHARSET BODY x");
    auto p = SearchProgram::compile(bad_charset.key, bad_charset.charset);
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().code, mail::make_error_code(mail::MailError::UnknownCharset));
    const auto fuzzy = parse("SEARCH FUZZY BODY x");
    EXPECT_FALSE(SearchProgram::compile(fuzzy.key, fuzzy.charset));
}

}  // namespace
}  // namespace roost::imap
