#include "managesieve/worker/script_store.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include "storage/testing/storage_test_support.hpp"

namespace roost::managesieve {
namespace {

using storage::testing::read_text;
using storage::testing::TempDir;
using storage::testing::write_text;

class ScriptStoreTest : public ::testing::Test {
protected:
    ScriptStore store(ScriptQuota q = {}) { return ScriptStore(dir_.path() + "/sieve", link(), q); }
    std::string link() const { return dir_.path() + "/.dovecot.sieve"; }
    std::string readlink_of(const std::string& p)
    {
        char buf[512];
        const ssize_t n = ::readlink(p.c_str(), buf, sizeof buf);
        return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
    }
    TempDir dir_;
};

TEST_F(ScriptStoreTest, PutListGetActivateLikePigeonhole)
{
    ScriptStore s = store();
    ASSERT_TRUE(s.put("main", "keep;\n").ok());
    ASSERT_TRUE(s.put("vacation", "stop;\n").ok());
    ASSERT_TRUE(s.set_active("main").ok());
    EXPECT_EQ(readlink_of(link()), "sieve/main.sieve");  // relative, as Pigeonhole writes it
    EXPECT_EQ(read_text(link()), "keep;\n");
    auto list = s.list();
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].name, "main");
    EXPECT_TRUE((*list)[0].active);
    EXPECT_FALSE((*list)[1].active);
    EXPECT_EQ(*s.get("vacation"), "stop;\n");
    ASSERT_TRUE(s.put("main", "discard;\n").ok());  // replacing the active script
    EXPECT_EQ(read_text(link()), "discard;\n");
    ASSERT_TRUE(s.set_active("").ok());
    EXPECT_FALSE(s.active_name().has_value());
    EXPECT_EQ(::access(link().c_str(), F_OK), -1);
}

TEST_F(ScriptStoreTest, ActiveCannotBeDeletedAndRenameFollowsIt)
{
    ScriptStore s = store();
    ASSERT_TRUE(s.put("a", "keep;").ok());
    ASSERT_TRUE(s.set_active("a").ok());
    auto del = s.remove("a");
    ASSERT_FALSE(del.ok());
    EXPECT_EQ(script_error_of(del.error()), ScriptError::Active);
    ASSERT_TRUE(s.rename("a", "b").ok());
    EXPECT_EQ(s.active_name(), "b");
    EXPECT_EQ(script_error_of(s.get("a").error()), ScriptError::NonExistent);
    ASSERT_TRUE(s.put("c", "stop;").ok());
    EXPECT_EQ(script_error_of(s.rename("c", "b").error()), ScriptError::AlreadyExists);
    EXPECT_EQ(script_error_of(s.remove("nope").error()), ScriptError::NonExistent);
    EXPECT_EQ(script_error_of(s.set_active("nope").error()), ScriptError::NonExistent);
    ASSERT_TRUE(s.remove("c").ok());
}

TEST_F(ScriptStoreTest, HandWrittenActiveFileIsKeptAsAScript)
{
    write_text(link(), "# written by hand\nkeep;\n");
    ScriptStore s = store();
    ASSERT_TRUE(s.put("new", "stop;").ok());
    ASSERT_TRUE(s.set_active("new").ok());
    EXPECT_EQ(*s.get("dovecot.orig"), "# written by hand\nkeep;\n");
    EXPECT_EQ(s.active_name(), "new");
}

TEST_F(ScriptStoreTest, Quotas)
{
    ScriptQuota q;
    q.max_scripts = 2;
    q.max_storage = 20;
    q.max_script_size = 15;
    ScriptStore s = store(q);
    EXPECT_EQ(script_error_of(s.put("big", std::string(16, 'x')).error()), ScriptError::QuotaMaxSize);
    ASSERT_TRUE(s.put("one", std::string(10, 'x')).ok());
    EXPECT_EQ(script_error_of(s.put("two", std::string(11, 'x')).error()), ScriptError::QuotaStorage);
    ASSERT_TRUE(s.put("two", std::string(5, 'x')).ok());
    EXPECT_EQ(script_error_of(s.check_space("three", 1).error()), ScriptError::QuotaMaxScripts);
    EXPECT_TRUE(s.check_space("two", 10).ok());  // replacing does not add a script
}

TEST_F(ScriptStoreTest, Names)
{
    EXPECT_TRUE(ScriptStore::valid_name("Mon filtre été"));
    EXPECT_FALSE(ScriptStore::valid_name(""));
    EXPECT_FALSE(ScriptStore::valid_name("../etc/passwd"));
    EXPECT_FALSE(ScriptStore::valid_name(".hidden"));
    EXPECT_FALSE(ScriptStore::valid_name("tab\tname"));
    EXPECT_FALSE(ScriptStore::valid_name("bad\xff utf8"));
    EXPECT_FALSE(ScriptStore::valid_name(std::string(256, 'a')));
    ScriptStore s = store();
    EXPECT_EQ(script_error_of(s.put("a/b", "keep;").error()), ScriptError::BadName);
}

}  // namespace
}  // namespace roost::managesieve
