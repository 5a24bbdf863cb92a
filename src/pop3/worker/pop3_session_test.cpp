#include "pop3/worker/pop3_session.hpp"

#include <gtest/gtest.h>

namespace roost::pop3 {
namespace {

TEST(Pop3LogoutLine, DovecotsDefaultFormat)
{
    Pop3Counts c;
    c.top_count = 1;
    c.top_bytes = 120;
    c.retr_count = 2;
    c.retr_bytes = 4567;
    c.deleted = 2;
    c.messages = 5;
    c.size = 9999;
    EXPECT_EQ(logout_line(Pop3Settings{}.logout_format, c), "top=1/120, retr=2/4567, del=2/5, size=9999");
}

TEST(Pop3LogoutLine, LongNamesBytesAndABrokenFormat)
{
    Pop3Counts c;
    c.bytes_in = 40;
    c.bytes_out = 800;
    EXPECT_EQ(logout_line("in=%i out=%o %{retr_count}", c), "in=40 out=800 0");
    EXPECT_EQ(logout_line("%{nosuch}", c), "%{nosuch}");
}

}  // namespace
}  // namespace roost::pop3
