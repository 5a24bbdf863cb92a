// SequenceSet: parsing, '*' and '$', resolution against the mailbox size, iteration and the
// compact text form.
#include "imap/proto/sequence_set.hpp"

#include <gtest/gtest.h>

namespace roost::imap::proto {
namespace {

std::vector<std::uint32_t> all(const SequenceSet& set, std::uint32_t max)
{
    std::vector<std::uint32_t> out;
    for (const std::uint32_t n : set.numbers(max)) {
        out.push_back(n);
    }
    return out;
}

TEST(SequenceSet, Parses)
{
    auto set = SequenceSet::parse("1:3,5,7:*");
    ASSERT_TRUE(set);
    ASSERT_EQ(set->ranges().size(), 3u);
    EXPECT_EQ(set->ranges()[0], (SequenceSet::Range{1, 3}));
    EXPECT_EQ(set->ranges()[1], (SequenceSet::Range{5, 5}));
    EXPECT_EQ(set->ranges()[2], (SequenceSet::Range{7, SequenceSet::kStar}));
    EXPECT_TRUE(set->has_star());
    EXPECT_EQ(set->to_string(), "1:3,5,7:*");
    EXPECT_EQ(SequenceSet::parse("4294967295")->ranges()[0].first, 4294967295u);
    EXPECT_EQ(SequenceSet::parse("*")->to_string(), "*");
    EXPECT_EQ(SequenceSet::parse("5:2")->to_string(), "5:2");
    EXPECT_TRUE(SequenceSet::parse("$")->is_saved());
    EXPECT_EQ(SequenceSet::parse("$")->to_string(), "$");
}

TEST(SequenceSet, Refuses)
{
    for (const char* bad : {"", "0", "1:0", "4294967296", "1,", ",1", "1::2", "1:2:3", "a",
                            "1 2", "-1", "$,1", "1,$", "*:", ":*", "99999999999999999999"}) {
        EXPECT_FALSE(SequenceSet::parse(bad)) << bad;
    }
    EXPECT_FALSE(SequenceSet::parse("$", false));
}

TEST(SequenceSet, ResolvesStarAndOrder)
{
    auto set = *SequenceSet::parse("7:*,2,3,1,10:8");
    const auto r = set.resolve(9);
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0], (SequenceSet::Range{1, 3}));
    EXPECT_EQ(r[1], (SequenceSet::Range{7, 10}));
    // "5:*" with * = 3 is 3:5 (RFC 9051: the range includes the last message)
    EXPECT_TRUE(SequenceSet::parse("5:*")->contains(3, 3));
    EXPECT_FALSE(SequenceSet::parse("5:*")->contains(2, 3));
    EXPECT_TRUE(SequenceSet::parse("*")->contains(42, 42));
    EXPECT_FALSE(SequenceSet::parse("*")->contains(41, 42));
    // an empty mailbox: '*' is 0 and a lone '*' is nothing
    EXPECT_TRUE(SequenceSet::parse("*")->resolve(0).empty());
    EXPECT_EQ(SequenceSet::parse("3:*")->resolve(0), (std::vector<SequenceSet::Range>{{1, 3}}));
    EXPECT_FALSE(SequenceSet::parse("1:*")->contains(0, 5));
}

TEST(SequenceSet, IteratesWithinMax)
{
    auto set = *SequenceSet::parse("2:4,8:*,3,100");
    EXPECT_EQ(all(set, 10), (std::vector<std::uint32_t>{2, 3, 4, 8, 9, 10}));
    EXPECT_EQ(all(set, 3), (std::vector<std::uint32_t>{2, 3}));
    // with one message, "8:*" is 1:8 and holds it
    EXPECT_EQ(all(set, 1), std::vector<std::uint32_t>{1});
    EXPECT_TRUE(all(set, 0).empty());
    EXPECT_EQ(set.count(10, 10), 6u);
    EXPECT_EQ(all(*SequenceSet::parse("4294967294:*"), 4294967295u),
              (std::vector<std::uint32_t>{4294967294u, 4294967295u}));
}

TEST(SequenceSet, CompactsNumbers)
{
    EXPECT_EQ(SequenceSet::from_numbers({5, 1, 2, 3, 9, 10, 3}).to_string(), "1:3,5,9:10");
    EXPECT_EQ(SequenceSet::from_numbers({}).to_string(), "");
    EXPECT_TRUE(SequenceSet::from_numbers({}).empty());
    // the order stays for COPYUID, whose source and destination sets correspond
    EXPECT_EQ(SequenceSet::from_ordered({4, 5, 6, 1, 2, 9}).to_string(), "4:6,1:2,9");
    SequenceSet built;
    built.add(1);
    built.add(2, 4);
    built.add(6);
    built.add(7);
    built.add(10, SequenceSet::kStar);
    EXPECT_EQ(built.to_string(), "1:4,6:7,10:*");
    SequenceSet top;
    top.add(4294967295u);
    top.add(1);
    EXPECT_EQ(top.to_string(), "4294967295,1");
    EXPECT_EQ(SequenceSet::saved_result().to_string(), "$");
}

TEST(SequenceSet, RoundTrips)
{
    for (const char* text : {"1", "1:2", "1,3,5", "*", "1:*", "3:1,7", "$"}) {
        auto set = SequenceSet::parse(text);
        ASSERT_TRUE(set) << text;
        EXPECT_EQ(set->to_string(), text);
        EXPECT_EQ(*SequenceSet::parse(set->to_string()), *set);
    }
}

}  // namespace
}  // namespace roost::imap::proto
