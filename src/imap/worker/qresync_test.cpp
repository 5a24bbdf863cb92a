// missing_uids: the UIDs VANISHED reports.
#include "imap/worker/qresync.hpp"

#include <gtest/gtest.h>

namespace roost::imap {
namespace {

using Range = proto::SequenceSet::Range;

std::string missing(const std::string& wanted, std::uint32_t last_uid,
                    const std::vector<std::uint32_t>& present)
{
    auto set = proto::SequenceSet::parse(wanted, false);
    EXPECT_TRUE(set) << wanted;
    return missing_uids(set->resolve(last_uid), last_uid, present).to_string();
}

TEST(MissingUids, GapsBetweenPresentUidsBecomeRanges)
{
    EXPECT_EQ(missing("1:10", 10, {1, 3, 4, 6, 7, 8, 9, 10}), "2,5");
    EXPECT_EQ(missing("1:10", 10, {4, 5}), "1:3,6:10");
    EXPECT_EQ(missing("1:10", 10, {}), "1:10");
    EXPECT_EQ(missing("1:10", 10, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}), "");
}

TEST(MissingUids, OnlyWantedUidsUpToTheLastGivenOut)
{
    // Known UIDs beyond UIDNEXT-1 were never given out: not vanished.
    EXPECT_EQ(missing("1:3,5,9:20", 10, {1, 3, 4, 6, 7, 8, 10}), "2,5,9");
    EXPECT_EQ(missing("11:20", 10, {1}), "");
    EXPECT_EQ(missing("4:6", 10, {1, 2, 3, 7, 8}), "4:6");
    // '*' read as the last UID given out (UID FETCH 1:* ... VANISHED).
    EXPECT_EQ(missing("8:*", 10, {1, 8}), "9:10");
    // An empty mailbox that never gave out a UID.
    EXPECT_EQ(missing("1:5", 0, {}), "");
}

TEST(MissingUids, TheHighestUidDoesNotWrap)
{
    const std::uint32_t top = 0xffffffffu;
    EXPECT_EQ(missing_uids({Range{top - 2, top}}, top, {top}).to_string(), "4294967293:4294967294");
    EXPECT_EQ(missing_uids({Range{top - 2, top}}, top, {top - 2, top - 1, top}).to_string(), "");
}

}  // namespace
}  // namespace roost::imap
