// Tests of the special-use attributes CREATE may give and LIST shows.
#include "imap/worker/special_use.hpp"

#include <gtest/gtest.h>

namespace roost::imap {
namespace {

TEST(SpecialUse, CreatableAttributesInAnyCase)
{
    EXPECT_EQ(creatable_special_use("\\Sent"), "\\Sent");
    EXPECT_EQ(creatable_special_use("\\sent"), "\\Sent");
    EXPECT_EQ(creatable_special_use("\\JUNK"), "\\Junk");
    for (const char* a : {"\\Archive", "\\Drafts", "\\Trash"}) {
        EXPECT_EQ(creatable_special_use(a), a);
    }
    // Virtual folders Roost does not keep, and names RFC 6154 does not define.
    for (const char* a : {"\\All", "\\Flagged", "\\Important", "\\Bogus", "Sent", "\\"}) {
        EXPECT_EQ(creatable_special_use(a), std::nullopt) << a;
    }
}

TEST(SpecialUse, ConfiguredFirstThenCreated)
{
    const std::map<std::string, std::vector<std::string>> configured{{"Sent", {"\\Sent"}}, {"Trash", {"\\Trash"}}};
    const storage::SpecialUseMap created{{"Sent", {"\\Sent", "\\Archive"}}, {"Spam", {"\\Junk"}}};
    EXPECT_EQ(special_use_of("Sent", configured, created), (std::vector<std::string>{"\\Sent", "\\Archive"}));
    EXPECT_EQ(special_use_of("Trash", configured, created), (std::vector<std::string>{"\\Trash"}));
    EXPECT_EQ(special_use_of("Spam", configured, created), (std::vector<std::string>{"\\Junk"}));
    EXPECT_TRUE(special_use_of("INBOX", configured, created).empty());
}

}  // namespace
}  // namespace roost::imap
