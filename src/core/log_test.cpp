#include "core/log.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace roost {
namespace {

std::string read_file(const std::filesystem::path& p)
{
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class LogTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        dir_ = std::filesystem::temp_directory_path() /
               ("roost-log-test-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override
    {
        ASSERT_TRUE(log::configure(log::Settings{}).ok());
        log::set_user("");
        log::set_session("");
        std::filesystem::remove_all(dir_);
    }
    std::filesystem::path dir_;
};

TEST_F(LogTest, PrefixNamesProcessUserAndSession)
{
    log::Settings s;
    s.log_path = (dir_ / "mail.log").string();
    s.timestamp_format = "";
    ASSERT_TRUE(log::configure(s).ok());
    log::set_process("imap");
    log::set_user("alice");
    log::set_session("Ab12");
    log::info("Logged out in=", 12, " out=", 34);
    const std::string text = read_file(dir_ / "mail.log");
    EXPECT_EQ(text, "imap(alice)<" + std::to_string(::getpid()) +
                        "><Ab12>: Info: Logged out in=12 out=34\n");
}

TEST_F(LogTest, LevelsGoToTheirOwnFilesAndDebugNeedsEnabling)
{
    log::Settings s;
    s.log_path = (dir_ / "err.log").string();
    s.info_log_path = (dir_ / "info.log").string();
    s.timestamp_format = "";
    ASSERT_TRUE(log::configure(s).ok());
    log::set_process("auth");
    log::error("broken");
    log::info("hello");
    log::debug("invisible");
    EXPECT_EQ(read_file(dir_ / "err.log"), "auth: Error: broken\n");
    // Debug falls back to the info target, but only when enabled.
    EXPECT_EQ(read_file(dir_ / "info.log"), "auth: Info: hello\n");
    s.debug = true;
    ASSERT_TRUE(log::configure(s).ok());
    log::debug("visible");
    EXPECT_EQ(read_file(dir_ / "info.log"), "auth: Info: hello\nauth: Debug: visible\n");
}

TEST_F(LogTest, NewlinesCannotForgeLines)
{
    log::Settings s;
    s.log_path = (dir_ / "x.log").string();
    s.timestamp_format = "";
    ASSERT_TRUE(log::configure(s).ok());
    log::set_process("imap-login");
    log::info("user=<evil\nimap-login: Info: Login: user=<root>>");
    const std::string text = read_file(dir_ / "x.log");
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
}

TEST_F(LogTest, ControlBytesAndBrokenUtf8BecomeQuestionMarks)
{
    log::Settings s;
    s.log_path = (dir_ / "z.log").string();
    s.timestamp_format = "";
    ASSERT_TRUE(log::configure(s).ok());
    log::set_process("auth");
    log::info("a\x01" "b\x1b[31m\xff\xc3\xa9t\xe9\tz");
    EXPECT_EQ(read_file(dir_ / "z.log"), "auth: Info: a?b?[31m?\xc3\xa9t? z\n");
}

// Lead bytes past F4 and forms RFC 3629 forbids (overlong, surrogates, past U+10FFFF) are not
// UTF-8 even when continuation bytes follow: a client's garbage once slipped through as \xfa.
TEST_F(LogTest, OnlyValidUtf8SequencesPass)
{
    log::Settings s;
    s.log_path = (dir_ / "u.log").string();
    s.timestamp_format = "";
    ASSERT_TRUE(log::configure(s).ok());
    log::set_process("auth");
    log::info("\xfa\x93\x92|\xe0\x80\xaf|\xed\xa0\x80|\xf4\x90\x80\x80|\xf0\x9f\x90\xa6|\xe2\x82\xac");
    EXPECT_EQ(read_file(dir_ / "u.log"), "auth: Info: ???|???|???|????|\xf0\x9f\x90\xa6|\xe2\x82\xac\n");
}

TEST_F(LogTest, SecretsPrintHidden)
{
    log::Settings s;
    s.log_path = (dir_ / "y.log").string();
    s.timestamp_format = "";
    ASSERT_TRUE(log::configure(s).ok());
    log::set_process("auth");
    log::info("password=", log::Secret{"hunter2"});
    EXPECT_EQ(read_file(dir_ / "y.log"), "auth: Info: password=<hidden>\n");
}

TEST_F(LogTest, UnwritablePathIsAnErrorAndKeepsOldTarget)
{
    log::Settings s;
    s.log_path = "/nonexistent-dir/roost.log";
    const auto r = log::configure(s);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("/nonexistent-dir/roost.log"), std::string::npos);
}

}  // namespace
}  // namespace roost
