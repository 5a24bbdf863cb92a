#include "pop3/worker/dot_stuffing.hpp"

#include <gtest/gtest.h>

namespace roost::pop3 {
namespace {

TEST(DotStuffing, CrlfStuffingAndTop)
{
    const std::string m = "Subject: x\n\n.dot\nline\r\nlast";
    EXPECT_EQ(dot_stuffed(m, std::nullopt, false, false), "Subject: x\r\n\r\n..dot\r\nline\r\nlast\r\n.\r\n");
    EXPECT_EQ(dot_stuffed(m, 1, false, false), "Subject: x\r\n\r\n..dot\r\n.\r\n");
    EXPECT_EQ(dot_stuffed(m, 0, false, false), "Subject: x\r\n\r\n.\r\n");
}

TEST(DotStuffing, Workarounds)
{
    EXPECT_EQ(dot_stuffed(std::string("a\0b\n", 4), std::nullopt, true, false), "a\x80" "b\r\n.\r\n");
    EXPECT_EQ(dot_stuffed("Subject: only a header\n", std::nullopt, false, true), "Subject: only a header\r\n\r\n.\r\n");
    EXPECT_EQ(dot_stuffed("Subject: only a header\n", std::nullopt, false, false), "Subject: only a header\r\n.\r\n");
    EXPECT_EQ(dot_stuffed("S: x\n\nbody\n", std::nullopt, false, true), "S: x\r\n\r\nbody\r\n.\r\n");
}

}  // namespace
}  // namespace roost::pop3
