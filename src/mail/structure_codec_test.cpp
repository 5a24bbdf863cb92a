// Tests of MessageStructure serialisation: round trips and rejection of damaged bytes.
#include "mail/structure_codec.hpp"

#include <gtest/gtest.h>

#include "mail/corpus/corpus_generator.hpp"
#include "mail/imap/body_structure_writer.hpp"
#include "mail/imap/envelope_writer.hpp"
#include "mail/mail_error.hpp"
#include "mail/testing/test_support.hpp"

namespace roost::mail {
namespace {

TEST(StructureCodec, RoundTripsTheHandMadeCorpus)
{
    for (const auto& file : testing::hand_made_corpus()) {
        const MessageStructure s = testing::parse_whole(file.bytes);
        const std::string bytes = serialize_structure(s);
        auto back = deserialize_structure(bytes);
        ASSERT_TRUE(back) << file.name;
        EXPECT_EQ(*back, s) << file.name;
        // What a cached FETCH needs comes out the same without the message.
        EXPECT_EQ(imap::body_structure_string(*back, true), imap::body_structure_string(s, true));
        EXPECT_EQ(imap::envelope_string(*back->root().envelope),
                  imap::envelope_string(*s.root().envelope));
    }
}

TEST(StructureCodec, RoundTripsGeneratedMessagesAndIsCompact)
{
    corpus::CorpusGenerator gen(7);
    std::size_t header_bytes = 0;
    std::size_t cache_bytes = 0;
    for (int i = 0; i < 100; ++i) {
        const corpus::GeneratedMessage m = gen.next();
        const MessageStructure s = testing::parse_whole(m.bytes);
        const std::string bytes = serialize_structure(s);
        auto back = deserialize_structure(bytes);
        ASSERT_TRUE(back);
        EXPECT_EQ(*back, s);
        header_bytes += s.root().header.physical;
        cache_bytes += bytes.size();
    }
    // About the size of the header fields it comes from, never near the message size.
    EXPECT_LT(cache_bytes, 2 * header_bytes);
}

TEST(StructureCodec, RejectsDamagedBytes)
{
    const MessageStructure s = testing::parse_whole(
        "Subject: x\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nA\n--b\n\nB\n--b--\n");
    const std::string bytes = serialize_structure(s);
    EXPECT_FALSE(deserialize_structure(""));
    EXPECT_FALSE(deserialize_structure(std::string("\x02") + bytes.substr(1)));
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        auto r = deserialize_structure(bytes.substr(0, n));
        ASSERT_FALSE(r) << n;
        EXPECT_EQ(r.error().code, make_error_code(MailError::BadCache));
    }
    EXPECT_FALSE(deserialize_structure(bytes + "x"));
    // Flipping bytes never crashes; what decodes is a consistent tree.
    for (std::size_t i = 1; i < bytes.size(); ++i) {
        std::string damaged = bytes;
        damaged[i] = static_cast<char>(damaged[i] ^ 0x5a);
        auto r = deserialize_structure(damaged);
        if (r) {
            EXPECT_EQ(r->root().subtree, r->parts.size());
        }
    }
}

// Found by mail_message_parser_fuzz: an empty address list (a bare "Bcc:") near the end of the
// envelope was refused on reading because its count was checked as if it held one address.
TEST(StructureCodec, EmptyAddressListAtTheEndRoundTrips)
{
    for (const char* message : {"BCC::", "Bcc:\r\n\r\nbody", "From: a@b\r\nCc: ,\r\n\r\n"}) {
        const MessageStructure s = parse_message(message, ParserLimits{});
        auto back = deserialize_structure(serialize_structure(s));
        ASSERT_TRUE(back.ok()) << message;
        EXPECT_TRUE(*back == s) << message;
    }
}

}  // namespace
}  // namespace roost::mail
