// ssl_* settings: files are read, filters apply, unreadable files name their config line.
#include "login/tls_settings.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "config/config_test_support.hpp"

namespace roost::login {
namespace {

namespace fs = std::filesystem;

class ListenerTlsTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        dir_ = fs::temp_directory_path() / ("roost-tls-" + std::to_string(::getpid()));
        fs::create_directories(dir_);
        std::ofstream(dir_ / "cert.pem") << "CERT PEM";
        std::ofstream(dir_ / "key.pem") << "KEY PEM";
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
};

TEST_F(ListenerTlsTest, FilesAreReadAndValuesCopied)
{
    const auto loaded = config::testing::load_text(
        "ssl = required\nssl_cert = <" + (dir_ / "cert.pem").string() + "\nssl_key = <" +
        (dir_ / "key.pem").string() +
        "\nssl_min_protocol = TLSv1.3\nssl_prefer_server_ciphers = yes\nssl_options = no_ticket\n");
    ASSERT_TRUE(loaded.result.ok()) << (loaded.errors().empty() ? "" : loaded.errors()[0]);
    auto tls = read_listener_tls(loaded.config(), {.protocol = "imap"});
    ASSERT_TRUE(tls) << tls.error().message;
    EXPECT_EQ(tls->mode, TlsMode::Required);
    EXPECT_EQ(tls->settings.cert_pem, "CERT PEM");
    EXPECT_EQ(tls->settings.key_pem, "KEY PEM");
    EXPECT_EQ(tls->settings.min_protocol, "TLSv1.3");
    EXPECT_TRUE(tls->settings.prefer_server_ciphers);
    EXPECT_FALSE(tls->settings.tickets);
    EXPECT_FALSE(tls->settings.compression);
}

TEST_F(ListenerTlsTest, ProtocolFiltersAndOff)
{
    const auto loaded = config::testing::load_text("ssl = no\nprotocol imap {\n  ssl = yes\n  ssl_cert = <" +
                                                   (dir_ / "cert.pem").string() + "\n}\n");
    ASSERT_TRUE(loaded.result.ok());
    auto pop3 = read_listener_tls(loaded.config(), {.protocol = "pop3"});
    ASSERT_TRUE(pop3);
    EXPECT_EQ(pop3->mode, TlsMode::Off);
    EXPECT_TRUE(pop3->settings.cert_pem.empty());
    auto imap = read_listener_tls(loaded.config(), {.protocol = "imap"});
    ASSERT_TRUE(imap);
    EXPECT_EQ(imap->mode, TlsMode::Offered);
    EXPECT_EQ(imap->settings.cert_pem, "CERT PEM");
}

TEST_F(ListenerTlsTest, AnUnreadableFileNamesTheConfigLine)
{
    const auto loaded = config::testing::load_text("ssl = yes\nssl_cert = <" + (dir_ / "cert.pem").string() +
                                                   "\nssl_key = <" + (dir_ / "missing.pem").string() + "\n");
    ASSERT_TRUE(loaded.result.ok());
    auto tls = read_listener_tls(loaded.config(), {});
    ASSERT_FALSE(tls);
    EXPECT_NE(tls.error().message.find("roost.conf:3: ssl_key"), std::string::npos) << tls.error().message;
}

}  // namespace
}  // namespace roost::login
