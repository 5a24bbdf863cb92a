// subaddress (RFC 5233) and copy (RFC 3894): the RFCs' examples.
#include "sieve/sieve_test_support.hpp"

namespace roost::sieve::testing {
namespace {

const char* kRfc5233 = R"(require ["envelope", "subaddress", "fileinto"];

# In this example the same user account receives mail for both
# "ken@example.com" and "postmaster@example.com"

# File all messages to postmaster into a single mailbox,
# ignoring the :detail part.
if envelope :user "to" "postmaster" {
    fileinto "inbox.postmaster";
    stop;
}

# File mailing list messages (subscribed as "ken+mta-filters").
if envelope :detail "to" "mta-filters" {
    fileinto "inbox.ietf-mta-filters";
}

# Redirect all mail sent to "ken+foo".
if envelope :detail "to" "foo" {
    redirect "ken@example.net";
}
)";

TEST(SieveSubaddress, Rfc5233Example)
{
    Harness h;
    const std::string m = make_message({"From: a@b.c"});
    h.envelope.orig_to = "postmaster+x@example.com";
    EXPECT_EQ(h.run(kRfc5233, m).actions(), Actions{"fileinto:inbox.postmaster"});
    h.envelope.orig_to = "ken+mta-filters@example.com";
    EXPECT_EQ(h.run(kRfc5233, m).actions(), Actions{"fileinto:inbox.ietf-mta-filters"});
    h.envelope.orig_to = "ken+foo@example.com";
    EXPECT_EQ(h.run(kRfc5233, m).actions(), Actions{"redirect:ken@example.net"});
    h.envelope.orig_to = "ken@example.com";
    EXPECT_EQ(h.run(kRfc5233, m).actions(), Actions{"keep:INBOX"});
}

TEST(SieveSubaddress, DetailSemantics)
{
    Harness h;
    const std::string m = make_message({"To: ken+@example.com", "Cc: ken@example.com"});
    auto t = [&](const std::string& test) {
        return h.run("require \"subaddress\";\nif " + test + " { discard; }", m).actions() ==
               Actions{"discard"};
    };
    EXPECT_TRUE(t("address :detail :is \"to\" \"\""));         // "ken+": an empty detail
    EXPECT_FALSE(t("address :detail :matches \"cc\" \"*\""));  // no separator: no detail at all
    EXPECT_TRUE(t("address :user :is \"cc\" \"ken\""));
    EXPECT_TRUE(t("address :user :is \"to\" \"ken\""));
    h.settings.recipient_delimiter = "+-";
    const std::string m2 = make_message({"To: ken-list@example.com"});
    EXPECT_EQ(h.run("require \"subaddress\";\nif address :detail \"to\" \"list\" { discard; }", m2)
                  .actions(),
              Actions{"discard"});
}

TEST(SieveCopy, Rfc3894Examples)
{
    Harness h;
    const std::string m = make_message({"Subject: an example"});
    EXPECT_EQ(h.run("require [\"copy\"];\nif header :contains \"subject\" \"example\" {\n"
                    "   redirect :copy \"user@example.com\";\n}",
                    m)
                  .actions(),
              (Actions{"redirect:user@example.com:copy", "keep:INBOX"}));
    EXPECT_EQ(h.run("require [\"copy\", \"fileinto\"];\nfileinto :copy \"incoming\";", m).actions(),
              (Actions{"fileinto:incoming:copy", "keep:INBOX"}));
    EXPECT_EQ(h.run("require [\"copy\", \"fileinto\"];\nfileinto :copy \"a\"; fileinto \"a\";", m)
                  .actions(),
              Actions{"fileinto:a"});
}

}  // namespace
}  // namespace roost::sieve::testing
