#include "core/line_receiver.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace roost {
namespace {

using Kind = LineReceiver::Event::Kind;

std::vector<LineReceiver::Event> drain(LineReceiver& r)
{
    std::vector<LineReceiver::Event> out;
    while (auto e = r.next()) {
        out.push_back(std::move(*e));
    }
    return out;
}

// Every test input is fed whole and one byte at a time: the events must be the same.
std::vector<std::vector<LineReceiver::Event>> both_ways(std::string_view input, std::size_t max, bool strip_cr = true)
{
    LineReceiver whole(max, strip_cr);
    whole.feed(input);
    LineReceiver bytes(max, strip_cr);
    for (const char c : input) {
        bytes.feed(std::string_view(&c, 1));
    }
    return {drain(whole), drain(bytes)};
}

TEST(LineReceiver, SplitsLinesAndKeepsThePartialOne)
{
    for (auto& events : both_ways("VERSION\t1\t2\nCPID\t42\r\nAUTH\t1", 100)) {
        ASSERT_EQ(events.size(), 2u);
        EXPECT_EQ(events[0].line, "VERSION\t1\t2");
        EXPECT_EQ(events[1].line, "CPID\t42");
    }
    LineReceiver r(100);
    r.feed("AUTH\t1");
    EXPECT_FALSE(r.next().has_value());
    EXPECT_EQ(r.pending(), 6u);
    r.feed("\tPLAIN\n");
    EXPECT_EQ(r.next()->line, "AUTH\t1\tPLAIN");
}

TEST(LineReceiver, OverlongLineIsReportedOnceAndSkipped)
{
    const std::string input = std::string(50, 'x') + "\nok\n" + std::string(30, 'y') + "\n";
    for (auto& events : both_ways(input, 10)) {
        ASSERT_EQ(events.size(), 3u);
        EXPECT_EQ(events[0].kind, Kind::TooLong);
        EXPECT_EQ(events[1].kind, Kind::Line);
        EXPECT_EQ(events[1].line, "ok");
        EXPECT_EQ(events[2].kind, Kind::TooLong);
    }
}

TEST(LineReceiver, NeverBuffersMoreThanTheLimit)
{
    LineReceiver r(16);
    for (int i = 0; i < 10000; ++i) {
        r.feed("zzzzzzzzzz");
        EXPECT_LE(r.pending(), 17u);
    }
    r.feed("\nnext\n");
    auto events = drain(r);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].kind, Kind::TooLong);
    EXPECT_EQ(events[1].line, "next");
}

TEST(LineReceiver, ExactLimitIsAcceptedWithOrWithoutCr)
{
    for (auto& events : both_ways("0123456789\n0123456789\r\n01234567890\n", 10)) {
        ASSERT_EQ(events.size(), 3u);
        EXPECT_EQ(events[0].line, "0123456789");
        EXPECT_EQ(events[1].line, "0123456789");
        EXPECT_EQ(events[2].kind, Kind::TooLong);
    }
    for (auto& events : both_ways("a\r\n", 10, false)) {
        ASSERT_EQ(events.size(), 1u);
        EXPECT_EQ(events[0].line, "a\r");
    }
}

TEST(LineReceiver, EmptyLines)
{
    for (auto& events : both_ways("\n\r\n", 5)) {
        ASSERT_EQ(events.size(), 2u);
        EXPECT_EQ(events[0].line, "");
        EXPECT_EQ(events[1].line, "");
    }
}

}  // namespace
}  // namespace roost
