#include "imap/worker/session_counts.hpp"

#include <gtest/gtest.h>

namespace roost::imap {
namespace {

TEST(SessionCounts, DovecotsDefaultLogoutLine)
{
    SessionCounts c;
    c.bytes_in = 70;
    c.bytes_out = 527;
    c.deleted = 2;
    c.expunged = 1;
    c.trashed = 3;
    c.fetched(true, 5, 100);
    c.fetched(true, 5, 20);  // the same message again: one more item, not one more message
    c.fetched(false, 5, 1000);
    c.fetched(true, 6, 50);
    EXPECT_EQ(logout_line("in=%i out=%o deleted=%{deleted} expunged=%{expunged} trashed=%{trashed} "
                          "hdr_count=%{fetch_hdr_count} hdr_bytes=%{fetch_hdr_bytes} "
                          "body_count=%{fetch_body_count} body_bytes=%{fetch_body_bytes}",
                          c),
              "in=70 out=527 deleted=2 expunged=1 trashed=3 hdr_count=2 hdr_bytes=170 body_count=1 body_bytes=1000");
    EXPECT_EQ(logout_line("bytes=%{input}/%{output}", c), "bytes=70/527");
}

TEST(SessionCounts, HeaderSections)
{
    using Kind = mail::imap::SectionSpec::Kind;
    for (Kind k : {Kind::Header, Kind::HeaderFields, Kind::HeaderFieldsNot, Kind::Mime}) {
        EXPECT_TRUE(is_header_section({{}, k, {}, {}}));
    }
    EXPECT_FALSE(is_header_section({{}, Kind::Full, {}, {}}));
    EXPECT_FALSE(is_header_section({{1}, Kind::Text, {}, {}}));
}

}  // namespace
}  // namespace roost::imap
