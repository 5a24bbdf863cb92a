// Tests of the corpus generator: determinism, variety, and the promises of its manifest flags.
#include "mail/corpus/corpus_generator.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "mail/message_parser.hpp"
#include "mail/part_decoder.hpp"
#include "mail/transfer_decoder.hpp"

namespace roost::mail::corpus {
namespace {

TEST(CorpusGenerator, SameSeedSameMessages)
{
    CorpusGenerator a(99);
    CorpusGenerator b(99);
    CorpusGenerator c(100);
    bool any_different = false;
    for (int i = 0; i < 50; ++i) {
        const GeneratedMessage ma = a.next();
        const GeneratedMessage mb = b.next();
        const GeneratedMessage mc = c.next();
        EXPECT_EQ(ma.bytes, mb.bytes);
        EXPECT_EQ(ma.kind, mb.kind);
        any_different = any_different || ma.bytes != mc.bytes;
    }
    EXPECT_TRUE(any_different);
}

TEST(CorpusGenerator, CoversTheKindsAndFlaws)
{
    CorpusOptions options;
    options.broken_percent = 60;
    CorpusGenerator gen(1, options);
    std::map<std::string, int> kinds;
    std::set<std::string> flaws;
    int lf = 0;
    int crlf = 0;
    for (int i = 0; i < 1500; ++i) {
        const GeneratedMessage m = gen.next();
        const std::string structure = m.kind.substr(0, m.kind.find(' '));
        for (std::size_t start = 0; start <= structure.size();) {
            const std::size_t plus = std::min(structure.find('+', start), structure.size());
            ++kinds[structure.substr(start, plus - start)];
            start = plus + 1;
        }
        const std::size_t broken = m.kind.find("broken:");
        if (broken != std::string::npos) {
            flaws.insert(m.kind.substr(broken + 7));
        }
        (m.kind.find(" crlf") != std::string::npos ? crlf : lf)++;
    }
    for (const char* k :
         {"plain", "alternative", "mixed", "related", "forward", "digest", "html", "legacy"}) {
        EXPECT_GT(kinds[k], 0) << k;
    }
    EXPECT_GE(flaws.size(), 20u);
    EXPECT_GT(lf, 300);
    EXPECT_GT(crlf, 300);
}

// "decodable" messages have only known encodings and base64 the decoder reads to the end.
TEST(CorpusGenerator, DecodableMessagesDecodeCleanly)
{
    class Check : public MessageHandler {
    public:
        std::size_t errors = 0;
        std::size_t unknown = 0;
        void on_header_end(std::uint32_t part, const MessageStructure& s) override
        {
            const MimeHeader& mime = s.parts[part].mime;
            decoder_ = std::make_unique<TransferDecoder>(decode_encoding(mime));
            part_ = part;
            unknown += decode_encoding(mime) == TransferEncoding::Unknown ? 1 : 0;
        }
        void on_body(std::uint32_t part, std::string_view data) override
        {
            if (decoder_ && part == part_) {
                std::string out;
                decoder_->feed(data, out);
            }
        }
        void on_part_end(std::uint32_t part, const MessageStructure&) override
        {
            if (decoder_ && part == part_) {
                std::string out;
                decoder_->finish(out);
                errors += decoder_->errors();
                decoder_.reset();
            }
        }

    private:
        std::unique_ptr<TransferDecoder> decoder_;
        std::uint32_t part_ = 0;
    };
    CorpusOptions options;
    options.broken_percent = 50;
    CorpusGenerator gen(3, options);
    int decodable = 0;
    for (int i = 0; i < 400; ++i) {
        const GeneratedMessage m = gen.next();
        if (!m.decodable) {
            continue;
        }
        ++decodable;
        Check check;
        parse_message(m.bytes, {}, &check);
        EXPECT_EQ(check.errors, 0u) << i << " " << m.kind;
        EXPECT_EQ(check.unknown, 0u) << i << " " << m.kind;
    }
    EXPECT_GT(decodable, 200);
}

TEST(CorpusGenerator, Encoders)
{
    EXPECT_EQ(encode_base64_lines("hello\nworld\n"), "aGVsbG8Kd29ybGQK\n");
    EXPECT_EQ(decode_base64(encode_base64_lines(std::string(1000, 'x'))), std::string(1000, 'x'));
    const std::string text = "caf\xe9 = 100% \nend   \n" + std::string(200, 'y');
    EXPECT_EQ(decode_quoted_printable(encode_quoted_printable(text)),
              "caf\xe9 = 100% \r\nend   \r\n" + std::string(200, 'y'));
}

}  // namespace
}  // namespace roost::mail::corpus
