// Tests that header sections answered from a cached header block are byte for byte what
// reading the message file gives.
#include "storage/cache/cached_fields.hpp"

#include <gtest/gtest.h>

#include "mail/imap/body_structure_writer.hpp"
#include "mail/imap/envelope_writer.hpp"
#include "mail/imap/section_reader.hpp"
#include "mail/message_parser.hpp"

namespace roost::storage::cache {
namespace {

using namespace std::string_view_literals;

const std::string_view kMessages[] = {
    "From: a@example.com\r\nTo: b@example.com\r\nSubject: crlf\r\nX-Long: one\r\n two\r\n\r\nbody\r\n"sv,
    "From: a@example.com\nSubject: lf only\nCc: c@example.com\n\nbody\n"sv,
    "Subject: no body at all\nFrom: x@y\n"sv,
    "Subject: header ends at eof\n\n"sv,
    "Content-Type: multipart/mixed; boundary=b\nSubject: mp\n\n--b\nContent-Type: text/plain\n\nhi\n--b--\n"sv,
    "\n\nno header\n"sv,
    "Subject: nul\0inside\n\nx"sv,
};

const char* const kSections[] = {
    "HEADER",
    "HEADER.FIELDS (Subject From)",
    "HEADER.FIELDS (X-Long)",
    "HEADER.FIELDS (Nothing)",
    "HEADER.FIELDS.NOT (Subject)",
    "HEADER.FIELDS.NOT (Nothing)",
};

TEST(CachedFields, HeaderSectionsMatchTheMessageFile)
{
    for (const std::string_view raw : kMessages) {
        const std::string message(raw);
        const auto structure = mail::parse_message(message);
        const CachedMessage cached = cached_fields_of(structure, message);
        ASSERT_TRUE(cached[CacheField::Header]);
        for (const char* text : kSections) {
            const auto section = mail::imap::parse_section(text);
            ASSERT_TRUE(section) << text;
            ASSERT_TRUE(is_cached_header_section(*section));
            EXPECT_EQ(header_section_from_cache(cached, *section),
                      mail::imap::read_section(structure, message, *section))
                << text << " of " << message;
        }
    }
}

TEST(CachedFields, ImapFieldsAreWhatTheWritersProduce)
{
    const std::string message(kMessages[4]);
    const auto structure = mail::parse_message(message);
    const CachedMessage cached = cached_fields_of(structure, message, true);
    EXPECT_EQ(cached[CacheField::Envelope], mail::imap::envelope_string(*structure.root().envelope));
    EXPECT_EQ(cached[CacheField::BodyStructure], mail::imap::body_structure_string(structure, true));
    EXPECT_EQ(cached[CacheField::Body], mail::imap::body_structure_string(structure, false));
    EXPECT_FALSE(cached_fields_of(structure, message)[CacheField::Body]);
}

TEST(CachedFields, PartSectionsAndHugeHeadersAreNotCached)
{
    EXPECT_FALSE(is_cached_header_section(*mail::imap::parse_section("1.HEADER")));
    EXPECT_FALSE(is_cached_header_section(*mail::imap::parse_section("TEXT")));
    EXPECT_FALSE(is_cached_header_section(*mail::imap::parse_section("")));
    const std::string message = "X-Big: " + std::string(kMaxCachedHeader, 'a') + "\n\nbody\n";
    const CachedMessage cached = cached_fields_of(mail::parse_message(message), message);
    EXPECT_FALSE(cached[CacheField::Header]);
    EXPECT_TRUE(cached[CacheField::Envelope]);
    EXPECT_FALSE(header_section_from_cache(cached, *mail::imap::parse_section("HEADER")));
}

}  // namespace
}  // namespace roost::storage::cache
