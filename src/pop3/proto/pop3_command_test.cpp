// POP3 command lines: keywords in any case, arguments, and what is refused.
#include "pop3/proto/pop3_command.hpp"

#include <gtest/gtest.h>

namespace roost::pop3::proto {
namespace {

TEST(Pop3Command, KeywordsAndArguments)
{
    auto c = parse_command("retr 12");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->keyword, "RETR");
    EXPECT_EQ(c->args, std::vector<std::string>{"12"});
    auto top = parse_command("TOP 3 10");
    ASSERT_TRUE(top);
    EXPECT_EQ(top->args, (std::vector<std::string>{"3", "10"}));
    auto quit = parse_command("QUIT");
    ASSERT_TRUE(quit);
    EXPECT_TRUE(quit->args.empty());
    // PASS keeps spaces: the whole rest of the line is the password.
    auto pass = parse_command("PASS  two  spaces ");
    ASSERT_TRUE(pass);
    EXPECT_EQ(pass->rest, " two  spaces ");
    auto auth = parse_command("AUTH PLAIN AGFsaWNlAHNlY3JldA==");
    ASSERT_TRUE(auth);
    EXPECT_EQ(auth->args, (std::vector<std::string>{"PLAIN", "AGFsaWNlAHNlY3JldA=="}));
}

TEST(Pop3Command, Refused)
{
    EXPECT_FALSE(parse_command(""));
    EXPECT_FALSE(parse_command("RETRIEVE 1"));
    EXPECT_FALSE(parse_command("R3TR 1"));
    EXPECT_FALSE(parse_command(" RETR 1"));
    EXPECT_FALSE(parse_command(std::string("USER a\0b", 8)));
    EXPECT_FALSE(parse_command("USER " + std::string(300, 'a')));
    EXPECT_FALSE(parse_command(std::string(600, 'A')));
}

TEST(Pop3Command, MessageNumbers)
{
    EXPECT_EQ(*parse_message_number("1"), 1u);
    EXPECT_EQ(*parse_message_number("4294967295"), 4294967295u);
    EXPECT_FALSE(parse_message_number("0"));
    EXPECT_FALSE(parse_message_number("-1"));
    EXPECT_FALSE(parse_message_number("1x"));
    EXPECT_FALSE(parse_message_number(""));
    EXPECT_FALSE(parse_message_number("4294967296"));
    EXPECT_EQ(*parse_count("0"), 0u);
    EXPECT_FALSE(parse_count("x"));
}

}  // namespace
}  // namespace roost::pop3::proto
