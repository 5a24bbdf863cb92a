#include "auth/db/fields.hpp"

#include <gtest/gtest.h>

namespace roost::auth {
namespace {

TEST(AuthFields, ParseFindSetRemove)
{
    Fields f = parse_field_list("  nologin reason=Moved\thost=10.0.0.2  userdb_quota_rule=*:storage=1G ");
    ASSERT_EQ(f.size(), 4u);
    EXPECT_FALSE(f[0].has_value);
    EXPECT_EQ(field_value(f, "reason"), "Moved");
    EXPECT_EQ(field_value(f, "userdb_quota_rule"), "*:storage=1G");
    EXPECT_FALSE(field_value(f, "missing").has_value());
    set_field(f, "reason", "Gone");
    set_field(f, "new", "1");
    EXPECT_EQ(field_value(f, "reason"), "Gone");
    EXPECT_EQ(f.size(), 5u);
    remove_field(f, "nologin");
    EXPECT_EQ(find_field(f, "nologin"), nullptr);
}

TEST(AuthFields, UserdbPrefixSplitsOff)
{
    const SplitFields s = split_userdb_fields(parse_field_list("allow_nets=10.0.0.0/8 userdb_mail=mbox:~/mail userdb_uid=1001 userdb_"));
    ASSERT_EQ(s.userdb.size(), 2u);
    EXPECT_EQ(s.userdb[0].key, "mail");
    EXPECT_EQ(s.userdb[0].value, "mbox:~/mail");
    EXPECT_EQ(s.userdb[1].key, "uid");
    ASSERT_EQ(s.passdb.size(), 2u);  // "userdb_" alone names nothing: kept as a passdb field
    EXPECT_EQ(s.passdb[0].key, "allow_nets");
}

}  // namespace
}  // namespace roost::auth
