// body (RFC 5173): :raw, :content and :text over plain and MIME messages.
#include "sieve/sieve_test_support.hpp"

namespace roost::sieve::testing {
namespace {

const std::string kMime =
    "From: a@b.c\r\nSubject: parts\r\nMIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
    "preamble\r\n--b1\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n\r\nthe missile caf=E9\r\n"
    "--b1\r\nContent-Type: text/html\r\n\r\n<p>launch <b>coordinates</b></p>\r\n"
    "--b1\r\nContent-Type: audio/mp3\r\nContent-Transfer-Encoding: base64\r\n\r\nSUQzAwAAAAAA\r\n"
    "--b1\r\nContent-Type: message/rfc822\r\n\r\nFrom: inner@example.org\r\nSubject: "
    "inner\r\n\r\ninner body\r\n"
    "--b1--\r\n";

bool body(Harness& h, const std::string& test, const std::string& msg = kMime)
{
    const auto o = h.run("require \"body\";\nif " + test + " { discard; }", msg);
    EXPECT_TRUE(o.compiled) << o.diagnostics;
    return o.actions() == Actions{"discard"};
}

TEST(SieveBody, Rfc5173Examples)
{
    const char* s = R"(require ["body", "fileinto"];

# Save any message with any text MIME part that contains the
# words "missile" or "coordinates" in the "secrets" folder.

if body :content "text" :contains ["missile", "coordinates"] {
        fileinto "secrets";
}

# Save any message with an audio/mp3 MIME part in
# the "jukebox" folder.

if body :content "audio/mp3" :contains "" {
        fileinto "jukebox";
})";
    Harness h;
    EXPECT_EQ(h.run(s, kMime).actions(), (Actions{"fileinto:secrets", "fileinto:jukebox"}));
    EXPECT_EQ(h.run(s, make_message({"From: a@b.c"}, "nothing here\r\n")).actions(),
              Actions{"keep:INBOX"});
    EXPECT_EQ(
        h.run(
             "require \"body\";\nif body :raw :contains \"MAKE MONEY FAST\" {\n        discard;\n}",
             make_message({"From: a@b.c"}, "please make money fast\r\n"))
            .actions(),
        Actions{"discard"});
}

TEST(SieveBody, Transforms)
{
    Harness h;
    EXPECT_TRUE(body(h, "body :text :contains \"caf\xC3\xA9\""));  // decoded and converted
    EXPECT_TRUE(body(h, "body :contains \"coordinates\""));        // HTML reduced to text
    EXPECT_FALSE(body(h, "body :text :contains \"<b>\""));
    EXPECT_FALSE(body(h, "body :text :contains \"preamble\""));
    EXPECT_TRUE(body(h, "body :raw :contains \"caf=E9\""));
    EXPECT_TRUE(body(h, "body :raw :contains \"preamble\""));
    EXPECT_TRUE(body(h, "body :content \"text/html\" :contains \"<b>coordinates\""));
    EXPECT_FALSE(body(h, "body :content \"text/plain\" :contains \"coordinates\""));
    EXPECT_TRUE(body(h, "body :content \"message/rfc822\" :contains \"Subject: inner\""));
    EXPECT_TRUE(body(h, "body :content \"\" :contains \"ID3\""));  // base64 decoded
    EXPECT_TRUE(body(h, "body :content \"text\" :is \"the missile caf\xC3\xA9\""));
    EXPECT_TRUE(
        body(h, "body :contains \"plain\"", make_message({"From: a@b.c"}, "just plain text\r\n")));
}

TEST(SieveBody, Errors)
{
    Harness h;
    EXPECT_EQ(h.errors("require \"body\";\nif body :raw :text \"x\" { }"),
              "script:2:14: error: tagged arguments ':raw' and ':text' cannot be combined in the "
              "body test\n");
    EXPECT_EQ(h.errors("require \"body\";\nif body :content \"x\" { }"),
              "script:2:4: error: the body test takes 1 positional argument (key-list) but 0 were "
              "given\n");
}

}  // namespace
}  // namespace roost::sieve::testing
