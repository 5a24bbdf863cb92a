// Tests of the flag set and STORE arithmetic.
#include "storage/flags.hpp"

#include <gtest/gtest.h>

namespace roost::storage {
namespace {

TEST(Flags, SetOperations)
{
    Flags f = Flag::Seen | Flag::Deleted;
    EXPECT_TRUE(f.has(Flag::Seen));
    EXPECT_TRUE(f.has(Flag::Deleted));
    EXPECT_FALSE(f.has(Flag::Draft));
    EXPECT_EQ(f.without(Flag::Seen), Flags(Flag::Deleted));
    EXPECT_EQ((f | Flag::Recent).storable(), f);
    EXPECT_TRUE(Flags().empty());
    EXPECT_EQ(Flags::from_bits(0xff).bits(), 63);
}

TEST(Flags, NamesRoundTrip)
{
    EXPECT_EQ(flags_to_string(Flag::Seen | Flag::Answered | Flag::Recent),
              "\\Seen \\Answered \\Recent");
    EXPECT_EQ(flags_to_string({}), "");
    EXPECT_EQ(parse_system_flag("\\FLAGGED"), Flag::Flagged);
    EXPECT_EQ(parse_system_flag("\\draft"), Flag::Draft);
    EXPECT_FALSE(parse_system_flag("$Label1").has_value());
    EXPECT_FALSE(parse_system_flag("\\Unknown").has_value());
}

TEST(Flags, StoreModes)
{
    const Flags cur = Flag::Seen | Flag::Recent;
    EXPECT_EQ(apply_store(cur, StoreMode::Add, Flag::Flagged), cur | Flag::Flagged);
    EXPECT_EQ(apply_store(cur, StoreMode::Remove, Flag::Seen), Flags(Flag::Recent));
    // Replace keeps \Recent and never sets it.
    EXPECT_EQ(apply_store(cur, StoreMode::Replace, Flag::Draft | Flag::Recent),
              Flag::Draft | Flag::Recent);
    EXPECT_EQ(apply_store(Flags(), StoreMode::Add, Flag::Recent), Flags());
    EXPECT_EQ(apply_store(std::uint64_t{5}, StoreMode::Add, std::uint64_t{2}), 7u);
    EXPECT_EQ(apply_store(std::uint64_t{5}, StoreMode::Remove, std::uint64_t{4}), 1u);
    EXPECT_EQ(apply_store(std::uint64_t{5}, StoreMode::Replace, std::uint64_t{8}), 8u);
}

}  // namespace
}  // namespace roost::storage
