// enotify (RFC 5435) with mailto (RFC 5436): the RFCs' examples, URIs, the notification.
#include "sieve/ext_mailto.hpp"
#include "sieve/sieve_test_support.hpp"

namespace roost::sieve::testing {
namespace {

TEST(SieveEnotify, MailtoUris)
{
    auto u = parse_mailto("mailto:alm@example.com");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->to, std::vector<std::string>{"alm@example.com"});
    u = parse_mailto(
        "MAILTO:a@example.com,b@example.com?cc=c@example.com&subject=Hi%20there&body=x%0Ay&from="
        "evil@x");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->to.size(), 2u);
    EXPECT_EQ(u->cc, std::vector<std::string>{"c@example.com"});
    EXPECT_EQ(u->subject, "Hi there");
    EXPECT_EQ(u->body, "x\ny");
    EXPECT_TRUE(u->headers.empty());  // From cannot be set through the URI
    EXPECT_TRUE(parse_mailto("mailto:?to=a@example.com").has_value());
    EXPECT_TRUE(parse_mailto("mailto:").has_value());
    EXPECT_TRUE(parse_mailto("mailto:a@b.c?subject").has_value());
    std::string why;
    EXPECT_FALSE(parse_mailto("mailto:not-an-address", &why));
    EXPECT_EQ(why, "invalid address 'not-an-address' in mailto URI");
    EXPECT_FALSE(parse_mailto("mailto:a@b.c%zz"));
    EXPECT_FALSE(parse_mailto("xmpp:a@b.c"));
    EXPECT_EQ(uri_scheme("XMPP:tim@example.com?message"), "xmpp");
}

const std::string kBoss = make_message(
    {"From: boss@example.org", "To: sievemailinglist@example.org", "Subject: Re: sieve"});

TEST(SieveEnotify, Rfc5435Examples)
{
    const char* s = R"(require ["enotify", "fileinto", "variables"];

if header :contains "from" "boss@example.org" {
    notify :importance "1"
        :message "This is probably very important"
                    "mailto:alm@example.com";
    # Don't send any further notifications
    stop;
}

if header :contains "to" "sievemailinglist@example.org" {
    # :matches is used to get the value of the Subject header
    if header :matches "Subject" "*" {
        set "subject" "${1}";
    }

    # :matches is used to get the value of the From header
    if header :matches "From" "*" {
        set "from" "${1}";
    }

    notify :importance "3"
        :message "[SIEVE] ${from}: ${subject}"
        "mailto:alm@example.com";
    fileinto "INBOX.sieve";
})";
    Harness h;
    auto o = h.run(s, kBoss);
    ASSERT_TRUE(o.compiled) << o.diagnostics;
    EXPECT_EQ(o.actions(), (Actions{"notify:mailto:alm@example.com", "keep:INBOX"}));
    const NotifyAction* n = o.first<NotifyAction>();
    EXPECT_EQ(n->importance, 1);
    EXPECT_EQ(n->text, "This is probably very important");
    EXPECT_NE(n->message.find("\r\nAuto-Submitted: auto-notified\r\n"), std::string::npos);
    EXPECT_NE(n->message.find("\r\nTo: alm@example.com\r\n"), std::string::npos);
    o = h.run(s, make_message(
                     {"From: a@example.org", "To: sievemailinglist@example.org", "Subject: hi"}));
    EXPECT_EQ(o.actions(), (Actions{"notify:mailto:alm@example.com", "fileinto:INBOX.sieve"}));
    EXPECT_EQ(o.first<NotifyAction>()->text, "[SIEVE] a@example.org: hi");

    const char* s2 = R"(require ["enotify", "fileinto", "variables", "envelope"];

if header :matches "from" "*@*.example.org" {
    # :matches is used to get the MAIL FROM address
    if envelope :all :matches "from" "*" {
        set "env_from" " [really: ${1}]";
    }

    # :matches is used to get the value of the Subject header
    if header :matches "Subject" "*" {
        set "subject" "${1}";
    }

    # :matches is used to get the address from the From header
    if address :matches :all "from" "*" {
        set "from_addr" "${1}";
    }

    notify :message "${from_addr}${env_from}: ${subject}"
                    "mailto:alm@example.com";
})";
    o = h.run(s2, make_message({"From: x@mail.example.org", "Subject: hello"}));
    ASSERT_EQ(o.actions(), (Actions{"notify:mailto:alm@example.com", "keep:INBOX"}));
    EXPECT_EQ(o.first<NotifyAction>()->text,
              "x@mail.example.org [really: sender@example.org]: hello");
}

TEST(SieveEnotify, EncodeUrlAndTests)
{
    Harness h;
    auto o = h.run(R"(require ["enotify", "variables"];
set :encodeurl "body_param" "Make sure you are home by 8pm!";
notify :message "x" "mailto:alm@example.com?body=${body_param}";)",
                   kBoss);
    ASSERT_NE(o.first<NotifyAction>(), nullptr) << o.diagnostics << o.result.error;
    EXPECT_EQ(o.first<NotifyAction>()->method,
              "mailto:alm@example.com?body=Make%20sure%20you%20are%20home%20by%208pm%21");
    EXPECT_NE(o.first<NotifyAction>()->message.find("\r\n\r\nMake sure you are home by 8pm!\r\n"),
              std::string::npos);
    auto t = [&](const std::string& test) {
        return h.run("require \"enotify\";\nif " + test + " { discard; }", kBoss).actions() ==
               Actions{"discard"};
    };
    EXPECT_TRUE(t("valid_notify_method \"mailto:a@example.com\""));
    EXPECT_FALSE(t("valid_notify_method [\"mailto:a@example.com\", \"xmpp:tim@example.com\"]"));
    EXPECT_TRUE(t("notify_method_capability \"mailto:a@example.com\" \"Online\" \"maybe\""));
    EXPECT_FALSE(t("notify_method_capability \"xmpp:tim@example.com?message\" \"Online\" \"yes\""));
}

TEST(SieveEnotify, NoNotificationForAutomaticMail)
{
    Harness h;
    const auto o = h.run("require \"enotify\"; notify \"mailto:a@example.com\";",
                         make_message({"From: x@y.z", "Auto-Submitted: auto-generated"}));
    EXPECT_EQ(o.actions(), Actions{"keep:INBOX"});
}

TEST(SieveEnotify, Errors)
{
    Harness h;
    EXPECT_EQ(h.errors("require \"enotify\";\nnotify \"xmpp:tim@example.com\";"),
              "script:2:8: error: notify: unsupported notification method 'xmpp'\n");
    EXPECT_EQ(h.errors("require \"enotify\";\nnotify :importance \"4\" \"mailto:a@b.c\";"),
              "script:2:20: error: notify: :importance must be \"1\", \"2\" or \"3\"\n");
    EXPECT_EQ(
        h.errors("require \"enotify\";\nnotify \"mailto:bad\";"),
        "script:2:8: error: notify: invalid mailto URI: invalid address 'bad' in mailto URI\n");
    auto o = h.run("require [\"enotify\", \"variables\"]; set \"m\" \"mailto:x\"; notify \"${m}\";",
                   kBoss);
    EXPECT_TRUE(o.result.failed);
    // No recipient: nothing to send, not an error.
    o = h.run("require \"enotify\"; notify \"mailto:\";", kBoss);
    EXPECT_EQ(o.actions(), Actions{"keep:INBOX"});
    EXPECT_EQ(o.result.warnings.size(), 1u);
}

}  // namespace
}  // namespace roost::sieve::testing
