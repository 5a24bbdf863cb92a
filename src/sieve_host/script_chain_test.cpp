#include "sieve_host/script_chain.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace roost::sieve_host {
namespace {

// A fake file system: paths that are files, and directories with their entries.
struct FakeFs {
    std::set<std::string> files;
    std::map<std::string, std::vector<std::string>> dirs;

    FileProbe probe() const
    {
        FileProbe p;
        p.is_file = [this](const std::string& path) { return files.contains(path); };
        p.is_dir = [this](const std::string& path) { return dirs.contains(path); };
        p.list_dir = [this](const std::string& path) { return dirs.at(path); };
        return p;
    }
};

TEST(ScriptChain, PigeonholeDefaultLocation)
{
    FakeFs fs;
    fs.files = {"/home/a/.dovecot.sieve"};
    ScriptSettings s;
    s.sieve = "file:~/sieve;active=~/.dovecot.sieve";
    const ScriptChain c = resolve_script_chain(s, "/home/a", fs.probe());
    EXPECT_EQ(c.personal, "/home/a/.dovecot.sieve");
    EXPECT_EQ(c.personal_dir, "/home/a/sieve");
    EXPECT_EQ(c.active_link, "/home/a/.dovecot.sieve");
    EXPECT_FALSE(c.personal_is_default);
}

TEST(ScriptChain, BeforeDirectoryInByteOrderAndAfterFile)
{
    FakeFs fs;
    fs.dirs["/etc/sieve/before.d"] = {"20-b.sieve", "10-a.sieve", "notes.txt", "Z.sieve"};
    fs.files = {"/etc/sieve/before.d/20-b.sieve", "/etc/sieve/before.d/10-a.sieve",
                "/etc/sieve/before.d/Z.sieve", "/etc/sieve/after.sieve"};
    ScriptSettings s;
    s.before = {"/etc/sieve/before.d"};
    s.after = {"file:/etc/sieve/after.sieve"};
    const ScriptChain c = resolve_script_chain(s, "/home/a", fs.probe());
    EXPECT_EQ(c.before, (std::vector<std::string>{"/etc/sieve/before.d/10-a.sieve", "/etc/sieve/before.d/20-b.sieve",
                                                  "/etc/sieve/before.d/Z.sieve"}));
    EXPECT_EQ(c.after, std::vector<std::string>{"/etc/sieve/after.sieve"});
    EXPECT_TRUE(c.personal.empty());
}

TEST(ScriptChain, DefaultScriptOnlyWhenTheUserHasNone)
{
    FakeFs fs;
    fs.files = {"/var/lib/sieve/default.sieve"};
    ScriptSettings s;
    s.sieve = "~/.dovecot.sieve";
    s.sieve_default = "/var/lib/sieve/default.sieve";
    ScriptChain c = resolve_script_chain(s, "/home/a", fs.probe());
    EXPECT_EQ(c.personal, "/var/lib/sieve/default.sieve");
    EXPECT_TRUE(c.personal_is_default);

    fs.files.insert("/home/a/.dovecot.sieve");
    c = resolve_script_chain(s, "/home/a", fs.probe());
    EXPECT_EQ(c.personal, "/home/a/.dovecot.sieve");
}

TEST(ScriptChain, MissingAndUnsupportedLocationsAreWarnings)
{
    FakeFs fs;
    ScriptSettings s;
    s.sieve = "ldap:/etc/dovecot/sieve-ldap.conf";
    s.before = {"/nowhere.sieve"};
    const ScriptChain c = resolve_script_chain(s, "/home/a", fs.probe());
    EXPECT_TRUE(c.empty());
    EXPECT_EQ(c.warnings.size(), 2u);
}

TEST(ScriptChain, GlobalAndOldSieveDir)
{
    FakeFs fs;
    ScriptSettings s;
    s.sieve = "~/.dovecot.sieve";
    s.sieve_dir = "~/sieve";
    s.sieve_global = "/usr/share/sieve";
    const ScriptChain c = resolve_script_chain(s, "/home/a", fs.probe());
    EXPECT_EQ(c.personal_dir, "/home/a/sieve");
    EXPECT_EQ(c.active_link, "/home/a/.dovecot.sieve");
    EXPECT_EQ(c.global_dir, "/usr/share/sieve");
}

}  // namespace
}  // namespace roost::sieve_host
