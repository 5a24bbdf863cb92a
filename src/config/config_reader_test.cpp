#include "config/config_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace roost::config {
namespace {

ReaderPolicy test_policy()
{
    ReaderPolicy p;
    p.merges = [](std::string_view type, std::string_view name) {
        return !((type == "passdb" || type == "userdb") && name.empty());
    };
    p.is_filter = [](std::string_view type) { return type == "protocol" || type == "remote"; };
    p.default_value = [](std::string_view key) -> std::optional<std::string> {
        if (key == "mail_plugins" || key == "protocols") {
            return "";
        }
        if (key == "default_vsz_limit") {
            return "256 M";
        }
        return std::nullopt;
    };
    return p;
}

class ReaderTest : public ::testing::Test {
protected:
    ReadResult read(const std::string& main_text)
    {
        files_.add("/etc/roost/roost.conf", main_text);
        return read_config("/etc/roost/roost.conf", files_, policy_);
    }
    static std::string value(const Section& s, std::string_view key)
    {
        const Setting* set = s.find(key);
        return set ? set->value : "<unset>";
    }
    static std::vector<std::string> messages(const ReadResult& r, Diagnostic::Severity severity)
    {
        std::vector<std::string> out;
        for (const auto& d : r.diagnostics) {
            if (d.severity == severity) {
                out.push_back(d.str());
            }
        }
        return out;
    }
    MemoryFileSource files_;
    ReaderPolicy policy_ = test_policy();
};

TEST_F(ReaderTest, IncludesAreRelativeToTheIncludingFileAndSorted)
{
    files_.add("/etc/roost/conf.d/20-b.conf", "b = 2\norder = b\n");
    files_.add("/etc/roost/conf.d/10-a.conf", "a = 1\norder = a\n!include sub/x.conf\n");
    files_.add("/etc/roost/conf.d/sub/x.conf", "x = inner\n");
    const ReadResult r = read("!include conf.d/*.conf\nlast = yes\n");
    EXPECT_FALSE(r.has_errors());
    EXPECT_EQ(value(r.root, "a"), "1");
    EXPECT_EQ(value(r.root, "x"), "inner");
    EXPECT_EQ(value(r.root, "order"), "b");  // 20-b.conf read after 10-a.conf
    ASSERT_EQ(r.files.size(), 4u);
    EXPECT_EQ(r.files[1], "/etc/roost/conf.d/10-a.conf");
    EXPECT_EQ(r.files[2], "/etc/roost/conf.d/sub/x.conf");
    EXPECT_EQ(r.root.find("x")->where.str(), "/etc/roost/conf.d/sub/x.conf:1");
}

TEST_F(ReaderTest, MissingIncludeIsAnErrorButIncludeTryAndEmptyGlobsAreNot)
{
    const ReadResult r = read("!include_try local.conf\n!include none/*.conf\n!include missing.conf\n");
    const auto errors = messages(r, Diagnostic::Severity::Error);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0], "/etc/roost/roost.conf:3: !include missing.conf: No such file or directory");
}

TEST_F(ReaderTest, IncludeLoopsStop)
{
    files_.add("/etc/roost/loop.conf", "!include loop.conf\n");
    const ReadResult r = read("!include loop.conf\n");
    const auto errors = messages(r, Diagnostic::Severity::Error);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0], "/etc/roost/loop.conf:1: Recursive include of /etc/roost/loop.conf");
}

TEST_F(ReaderTest, DiamondIncludesCannotExplode)
{
    // Each level includes the next twice: 2^12 reads without a cap (the fuzzer found 2^20).
    for (int i = 0; i < 12; ++i) {
        files_.add("/etc/roost/l" + std::to_string(i) + ".conf",
                   "!include l" + std::to_string(i + 1) + ".conf\n!include l" + std::to_string(i + 1) + ".conf\n");
    }
    files_.add("/etc/roost/l12.conf", "a = 1\n");
    const ReadResult r = read("!include l0.conf\n");
    EXPECT_LE(r.files.size(), 1001u);
    const auto errors = messages(r, Diagnostic::Severity::Error);
    ASSERT_FALSE(errors.empty());
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].find("Too many !include lines followed"), std::string::npos);
}

TEST_F(ReaderTest, TooDeepIncludeChainsStop)
{
    for (int i = 0; i < 30; ++i) {
        files_.add("/etc/roost/d" + std::to_string(i) + ".conf", "!include d" + std::to_string(i + 1) + ".conf\n");
    }
    files_.add("/etc/roost/d30.conf", "a = 1\n");
    const ReadResult r = read("!include d0.conf\n");
    const auto errors = messages(r, Diagnostic::Severity::Error);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].find("Too deeply nested !include"), std::string::npos);
}

TEST_F(ReaderTest, IncludesInheritTheEnclosingSection)
{
    files_.add("/etc/roost/plugin.inc", "sieve = ~/.dovecot.sieve\n");
    const ReadResult r = read("plugin {\n  !include plugin.inc\n}\n");
    EXPECT_FALSE(r.has_errors());
    const Section* plugin = r.root.child("plugin", "");
    ASSERT_NE(plugin, nullptr);
    EXPECT_EQ(value(*plugin, "sieve"), "~/.dovecot.sieve");
}

TEST_F(ReaderTest, SectionsMustCloseInTheirOwnFile)
{
    files_.add("/etc/roost/open.inc", "plugin {\n");
    files_.add("/etc/roost/close.inc", "}\n");
    const ReadResult r = read("!include open.inc\n!include close.inc\n");
    const auto errors = messages(r, Diagnostic::Severity::Error);
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[0], "/etc/roost/open.inc: Missing '}' (section started at /etc/roost/open.inc:1)");
    EXPECT_EQ(errors[1], "/etc/roost/close.inc:1: Unexpected '}'");
}

TEST_F(ReaderTest, NamedSectionsMergeAndUnnamedPassdbsRepeat)
{
    const ReadResult r = read(R"(service imap-login {
  inet_listener imap {
    port = 143
  }
}
passdb {
  driver = pam
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
  }
  process_min_avail = 2
}
passdb {
  driver = passwd-file
}
)");
    EXPECT_FALSE(r.has_errors());
    EXPECT_EQ(r.root.children_of("service").size(), 1u);
    const Section* login = r.root.child("service", "imap-login");
    ASSERT_NE(login, nullptr);
    EXPECT_EQ(value(*login, "process_min_avail"), "2");
    const Section* listener = login->child("inet_listener", "imap");
    ASSERT_NE(listener, nullptr);
    EXPECT_EQ(value(*listener, "port"), "143");
    EXPECT_EQ(value(*listener, "address"), "127.0.0.1");
    const auto passdbs = r.root.children_of("passdb");
    ASSERT_EQ(passdbs.size(), 2u);
    EXPECT_EQ(value(*passdbs[0], "driver"), "pam");
    EXPECT_EQ(value(*passdbs[1], "driver"), "passwd-file");
}

TEST_F(ReaderTest, LaterAssignmentsReplaceEarlierOnes)
{
    const ReadResult r = read("a = 1\nb = x\na = 2\n");
    EXPECT_EQ(value(r.root, "a"), "2");
    EXPECT_EQ(r.root.find("a")->where.line, 3);
    EXPECT_EQ(r.root.settings.size(), 2u);
}

TEST_F(ReaderTest, DollarExpandsTheValueSoFarOrTheDefault)
{
    const ReadResult r = read(R"(mail_plugins = $mail_plugins quota
protocols = $protocols imap
protocols = $protocols pop3
service imap {
  vsz_limit = $default_vsz_limit
}
protocol lda {
  mail_plugins = $mail_plugins sieve
}
quoted = "$mail_plugins"
middle = a $mail_plugins
)");
    EXPECT_FALSE(r.has_errors());
    EXPECT_EQ(value(r.root, "mail_plugins"), "quota");
    EXPECT_EQ(value(r.root, "protocols"), "imap pop3");
    EXPECT_EQ(value(*r.root.child("service", "imap"), "vsz_limit"), "256 M");
    EXPECT_EQ(value(*r.root.child("protocol", "lda"), "mail_plugins"), "quota sieve");
    EXPECT_EQ(value(r.root, "quoted"), "$mail_plugins");      // quotes keep it literal
    EXPECT_EQ(value(r.root, "middle"), "a $mail_plugins");    // only values starting with $
    // Appending to itself is the idiom, not a trap: no warning.
    EXPECT_TRUE(messages(r, Diagnostic::Severity::Warning).empty());
}

TEST_F(ReaderTest, UnknownDollarKeyIsAnError)
{
    const ReadResult r = read("mail_plugins = $mail_plugin sieve\n");
    const auto errors = messages(r, Diagnostic::Severity::Error);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0], "/etc/roost/roost.conf:1: Unknown setting in $mail_plugin");
}

TEST_F(ReaderTest, WarnsWhenAGlobalChangesAfterAFilterSetIt)
{
    const ReadResult r = read("protocol lda {\n  mail_plugins = $mail_plugins sieve\n}\nmail_plugins = acl\n");
    const auto warnings = messages(r, Diagnostic::Severity::Warning);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("/etc/roost/roost.conf:4: Global setting mail_plugins won't change "
                               "the setting inside an earlier filter at /etc/roost/roost.conf:2"),
              std::string::npos);
}

TEST_F(ReaderTest, WarnsWhenAnExpandedKeyChangesLater)
{
    const ReadResult r = read("protocols = imap\nlisten_for = $protocols\nprotocols = imap pop3\n");
    const auto warnings = messages(r, Diagnostic::Severity::Warning);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0], "/etc/roost/roost.conf:3: protocols changed after $protocols was already "
                           "expanded at /etc/roost/roost.conf:2; that line keeps the earlier value");
    EXPECT_EQ(value(r.root, "listen_for"), "imap");
}

TEST_F(ReaderTest, FileValuesResolveAgainstTheConfigDirectory)
{
    const ReadResult r = read("ssl_cert = <certs/roost.pem\nssl_key = </abs/key.pem\n");
    EXPECT_FALSE(r.has_errors());
    const Setting* cert = r.root.find("ssl_cert");
    ASSERT_NE(cert, nullptr);
    EXPECT_TRUE(cert->from_file);
    EXPECT_EQ(cert->value, "/etc/roost/certs/roost.pem");
    EXPECT_EQ(r.root.find("ssl_key")->value, "/abs/key.pem");
}

TEST_F(ReaderTest, MissingTopFileIsAnError)
{
    const ReadResult r = read_config("/nonexistent.conf", files_, policy_);
    ASSERT_TRUE(r.has_errors());
    EXPECT_NE(r.diagnostics[0].str().find("/nonexistent.conf"), std::string::npos);
}

TEST_F(ReaderTest, ReadingGoesOnAfterErrors)
{
    const ReadResult r = read("bad line here\n}\ngood = yes\n");
    EXPECT_EQ(messages(r, Diagnostic::Severity::Error).size(), 2u);
    EXPECT_EQ(value(r.root, "good"), "yes");
}

TEST(ReaderPaths, DirectoryAndResolve)
{
    EXPECT_EQ(directory_of("/etc/roost/roost.conf"), "/etc/roost");
    EXPECT_EQ(directory_of("/roost.conf"), "/");
    EXPECT_EQ(directory_of("roost.conf"), ".");
    EXPECT_EQ(resolve_path("/etc", "x.conf"), "/etc/x.conf");
    EXPECT_EQ(resolve_path("/", "x.conf"), "/x.conf");
    EXPECT_EQ(resolve_path("/etc", "/abs"), "/abs");
}

}  // namespace
}  // namespace roost::config
