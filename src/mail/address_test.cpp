// Tests of address list parsing, including the recovery rules for broken lists (expected values
// are Dovecot's ENVELOPE for the same header, see tests/mail/corpus/addr_*.eml).
#include "mail/address.hpp"

#include <gtest/gtest.h>

namespace roost::mail {
namespace {

std::optional<std::string> S(const char* s)
{
    return s == nullptr ? std::nullopt : std::optional<std::string>(s);
}

Address A(const char* name, const char* route, const char* mailbox, const char* domain)
{
    return Address{S(name), S(route), S(mailbox), S(domain)};
}

AddressList L(std::initializer_list<Address> a)
{
    return AddressList(a);
}

TEST(Address, CommonForms)
{
    EXPECT_EQ(parse_address_list("Alice <a@b.c>"), L({A("Alice", nullptr, "a", "b.c")}));
    EXPECT_EQ(parse_address_list("a@b"), L({A(nullptr, nullptr, "a", "b")}));
    EXPECT_EQ(parse_address_list("\"Jo \\\"x\\\" Q\" <j@q>"),
              L({A("Jo \"x\" Q", nullptr, "j", "q")}));
    EXPECT_EQ(parse_address_list("John   Doe <a@b>"), L({A("John Doe", nullptr, "a", "b")}));
    EXPECT_EQ(parse_address_list("John.Q.Doe <a@b>, Dr. Who <w@x>"),
              L({A("John.Q.Doe", nullptr, "a", "b"), A("Dr. Who", nullptr, "w", "x")}));
    EXPECT_EQ(parse_address_list("a@b (Comment Name)"), L({A("Comment Name", nullptr, "a", "b")}));
    EXPECT_EQ(parse_address_list("a@b (c1) (c2)"), L({A("c2", nullptr, "a", "b")}));
    EXPECT_EQ(parse_address_list("a @ example . com"),
              L({A(nullptr, nullptr, "a", "example.com")}));
    EXPECT_EQ(parse_address_list("<a@[192.0.2.1]>"), L({A(nullptr, nullptr, "a", "[192.0.2.1]")}));
    EXPECT_EQ(parse_address_list("=?utf-8?q?x?= <a@b>"),
              L({A("=?utf-8?q?x?=", nullptr, "a", "b")}));
    EXPECT_EQ(parse_address_list("\"a\\\"b\"@x"), L({A(nullptr, nullptr, "a\"b", "x")}));
    EXPECT_TRUE(parse_address_list("").empty());
    EXPECT_TRUE(parse_address_list("  (only a comment) ").empty());
}

TEST(Address, GroupsAndRoutes)
{
    EXPECT_EQ(parse_address_list("undisclosed:;"),
              L({A(nullptr, nullptr, "undisclosed", nullptr), Address{}}));
    EXPECT_EQ(parse_address_list("grp: a@b, \"c\" <c@d>;, e@f"),
              L({A(nullptr, nullptr, "grp", nullptr), A(nullptr, nullptr, "a", "b"),
                 A("c", nullptr, "c", "d"), Address{}, A(nullptr, nullptr, "e", "f")}));
    EXPECT_EQ(parse_address_list("Group: a@b"),
              L({A(nullptr, nullptr, "Group", nullptr), A(nullptr, nullptr, "a", "b"), Address{}}));
    EXPECT_EQ(parse_address_list("<@r1,@r2 : rt@x>"), L({A(nullptr, "@r1,@r2", "rt", "x")}));
    EXPECT_EQ(parse_address_list("<@r1,a@b>"), L({A(nullptr, "INVALID_ROUTE", "a", "b")}));
    EXPECT_TRUE(parse_address_list(":;a@b")[0].is_group_start());
}

TEST(Address, BrokenAddressesBecomeMissingParts)
{
    EXPECT_EQ(parse_address_list("bare"), L({A(nullptr, nullptr, "bare", "MISSING_DOMAIN")}));
    EXPECT_EQ(parse_address_list("<>"),
              L({A(nullptr, nullptr, "MISSING_MAILBOX", "MISSING_DOMAIN")}));
    EXPECT_EQ(parse_address_list("Name <>"),
              L({A("Name", nullptr, "MISSING_MAILBOX", "MISSING_DOMAIN")}));
    EXPECT_EQ(parse_address_list("@example.com"),
              L({A(nullptr, nullptr, "MISSING_MAILBOX", "example.com")}));
    EXPECT_EQ(parse_address_list("<a@example.com"), L({A(nullptr, nullptr, "a", "SYNTAX_ERROR")}));
    EXPECT_EQ(parse_address_list("Name Only"),
              L({A("Name Only", nullptr, "MISSING_MAILBOX", "MISSING_DOMAIN")}));
    EXPECT_EQ(parse_address_list("\"a b\""),
              L({A("a b", nullptr, "MISSING_MAILBOX", "MISSING_DOMAIN")}));
    EXPECT_EQ(parse_address_list("a(c)b"), L({A("c", nullptr, "a", "MISSING_DOMAIN")}));
    EXPECT_EQ(parse_address_list("a.b.@x"), L({A(nullptr, nullptr, "a.b.", "x")}));
    EXPECT_EQ(parse_address_list("a@b."), L({A(nullptr, nullptr, "a", "MISSING_DOMAIN")}));
    EXPECT_EQ(parse_address_list("x@y (unterminated, d@e"),
              L({A(nullptr, nullptr, "x", "MISSING_DOMAIN")}));
}

TEST(Address, JunkEndsTheListButEmptyElementsDoNot)
{
    EXPECT_EQ(parse_address_list("Name <a@b> trailing, c@d"), L({A("Name", nullptr, "a", "b")}));
    EXPECT_EQ(parse_address_list("in fo@x, b@c"),
              L({A("in fo", nullptr, "MISSING_MAILBOX", "MISSING_DOMAIN")}));
    EXPECT_EQ(parse_address_list("a b c, d@e"),
              L({A("a b c", nullptr, "MISSING_MAILBOX", "MISSING_DOMAIN"),
                 A(nullptr, nullptr, "d", "e")}));
    EXPECT_EQ(
        parse_address_list("x@y, , ,z@w"),
        L({A(nullptr, nullptr, "x", "y"), A(nullptr, nullptr, "MISSING_MAILBOX", "MISSING_DOMAIN"),
           A(nullptr, nullptr, "MISSING_MAILBOX", "MISSING_DOMAIN"),
           A(nullptr, nullptr, "z", "w")}));
    EXPECT_EQ(parse_address_list("a@b,"), L({A(nullptr, nullptr, "a", "b")}));
    EXPECT_EQ(parse_address_list("g: ; h@i"), L({A(nullptr, nullptr, "g", nullptr), Address{}}));
}

TEST(Address, NulEndsAtomsButNotQuotedStrings)
{
    EXPECT_EQ(parse_address_list(std::string_view("a\0b@x", 5)),
              L({A(nullptr, nullptr, "a", "MISSING_DOMAIN")}));
    EXPECT_EQ(parse_address_list(std::string_view("\"a\0b\" <x@y>", 12)),
              L({A("a\xEF\xBF\xBD"
                   "b",
                   nullptr, "x", "y")}));
}

TEST(Address, AddressSpec)
{
    EXPECT_EQ(address_spec(A(nullptr, nullptr, "a", "b")), "a@b");
    EXPECT_EQ(address_spec(A(nullptr, nullptr, "a", "MISSING_DOMAIN")), "a");
}

}  // namespace
}  // namespace roost::mail
