// mime, foreverypart and extracttext (RFC 5703): loops over parts, :mime header options.
#include "sieve/sieve_test_support.hpp"

namespace roost::sieve::testing {
namespace {

const std::string kMime =
    "From: a@b.c\r\nSubject: parts\r\nMIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
    "--b1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nHello there, this is the text "
    "part.\r\n"
    "--b1\r\nContent-Type: multipart/alternative; boundary=\"b2\"\r\n\r\n"
    "--b2\r\nContent-Type: text/html\r\n\r\n<p>html part</p>\r\n--b2--\r\n"
    "--b1\r\nContent-Type: application/pdf; name=\"report.pdf\"\r\n"
    "Content-Disposition: attachment; filename=\"important-report.pdf\"\r\n\r\n%PDF-1.4\r\n"
    "--b1--\r\n";

TEST(SieveMime, Rfc5703Section3Example)
{
    Harness h;
    const char* s = R"(require ["foreverypart", "mime", "fileinto"];
foreverypart
{
    if allof (
      header :mime :param "filename" :contains
         "Content-Disposition" "important",
      header :mime :subtype "Content-Type" "pdf")
    {
      fileinto "INBOX.important";
      break;
    }
})";
    const auto o = h.run(s, kMime);
    ASSERT_TRUE(o.compiled) << o.diagnostics;
    EXPECT_EQ(o.actions(), Actions{"fileinto:INBOX.important"});
}

TEST(SieveMime, AnychildAndOptions)
{
    Harness h;
    auto t = [&](const std::string& test) {
        return h.run("require \"mime\";\nif " + test + " { discard; }", kMime).actions() ==
               Actions{"discard"};
    };
    EXPECT_TRUE(t("header :mime :anychild :contenttype \"Content-Type\" \"text/html\""));
    EXPECT_FALSE(t("header :mime :contenttype \"Content-Type\" \"text/html\""));
    EXPECT_TRUE(t("header :mime :type \"Content-Type\" \"multipart\""));
    EXPECT_TRUE(t("header :mime :anychild :param \"name\" \"Content-Type\" \"report.pdf\""));
    EXPECT_TRUE(t("exists :mime :anychild \"Content-Disposition\""));
    EXPECT_FALSE(t("exists \"Content-Disposition\""));
    EXPECT_EQ(h.errors("require \"mime\";\nif header :anychild \"a\" \"b\" { }"),
              "script:2:11: error: :anychild is only allowed together with :mime\n");
}

TEST(SieveMime, ForeverypartVisitsEveryPart)
{
    Harness h;
    const auto o = h.run(R"(require ["foreverypart", "mime", "variables", "fileinto"];
set "types" "";
foreverypart {
  if header :mime :contenttype :matches "Content-Type" "*" {
    set "types" "${types}${0};";
  }
}
fileinto "${types}";)",
                         kMime);
    EXPECT_EQ(o.actions(),
              Actions{"fileinto:text/plain;multipart/alternative;text/html;application/pdf;"});
}

TEST(SieveMime, NestedLoopsAndNamedBreak)
{
    Harness h;
    const auto o = h.run(R"(require ["foreverypart", "mime", "variables", "fileinto"];
set "seen" "";
foreverypart :name "outer" {
  foreverypart {
    if header :mime :contenttype "Content-Type" "text/html" {
      set "seen" "${seen}html;";
      break :name "outer";
    }
  }
  set "seen" "${seen}after;";
}
fileinto "${seen}";)",
                         kMime);
    // The text/plain part has no children: its inner loop ends and "after" is added.
    EXPECT_EQ(o.actions(), Actions{"fileinto:after;html;"});
    EXPECT_EQ(h.errors("require \"foreverypart\";\nbreak;"),
              "script:2:1: error: break outside of a foreverypart loop\n");
    EXPECT_EQ(h.errors("require \"foreverypart\";\nforeverypart { break :name \"x\"; }"),
              "script:2:16: error: break :name \"x\" names no enclosing foreverypart loop\n");
}

TEST(SieveMime, Extracttext)
{
    Harness h;
    const auto o =
        h.run(R"(require ["foreverypart", "mime", "variables", "extracttext", "fileinto"];
foreverypart {
  if header :mime :contenttype "content-type" "text/plain" {
    extracttext :first 5 "msgcontent";
    fileinto "${msgcontent}";
  }
  if header :mime :contenttype "content-type" "text/html" {
    extracttext :upper "html";
    if string :contains "${html}" "HTML PART" { fileinto "html"; }
  }
})",
              kMime);
    EXPECT_EQ(o.actions(), (Actions{"fileinto:Hello", "fileinto:html"}));
    EXPECT_EQ(h.errors("require [\"extracttext\", \"variables\"];\nextracttext \"x\";"),
              "script:2:1: error: extracttext can only be used inside foreverypart\n");
}

TEST(SieveMime, SinglePartMessage)
{
    Harness h;
    const auto o =
        h.run(R"(require ["foreverypart", "mime", "variables", "extracttext", "fileinto"];
foreverypart { extracttext "t"; fileinto "${t}"; })",
              make_message({"From: a@b.c"}, "only text"));
    EXPECT_EQ(o.actions(), Actions{"fileinto:only text"});
}

}  // namespace
}  // namespace roost::sieve::testing
