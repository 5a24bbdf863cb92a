// Tests of HTML to text conversion (expected text as Dovecot's PREVIEW shows it).
#include "mail/html_text.hpp"

#include <gtest/gtest.h>

namespace roost::mail {
namespace {

TEST(HtmlText, TagsBecomeSpacesAndEntitiesDecode)
{
    EXPECT_EQ(html_to_text("x<b>y</b>z"), "x y z");
    EXPECT_EQ(html_to_text("&lt;&gt;&quot;&apos;&#39;&#8364;&euro;&copy;&amp;amp;"),
              "<>\"''\xe2\x82\xac\xe2\x82\xac\xc2\xa9&amp;");
    EXPECT_EQ(html_to_text("a&amp b &#xZZ; c&#1114112;d &#0;e &unknown; &NBSP;"), "aamp b  cd e  ");
    EXPECT_EQ(html_to_text("&#x41;&#65;"), "AA");
}

TEST(HtmlText, DropsCommentsScriptsStylesAndQuotes)
{
    EXPECT_EQ(html_to_text("a<!-- c -- d -->b<![CDATA[x]]>c<?php y ?>d"), "abxc d");
    EXPECT_EQ(html_to_text("<style>p{}</style>s<script>var x = '<b>';</script>t"), " s t");
    EXPECT_EQ(html_to_text("<blockquote>q<blockquote>qq</blockquote>still</blockquote>after"),
              " after");
    EXPECT_EQ(html_to_text("<p title=\"a>b\">text</p>"), " text ");
    EXPECT_EQ(html_to_text("unclosed <b tag"), "unclosed  ");
}

TEST(HtmlText, EntityTable)
{
    EXPECT_EQ(html_entity("amp"), U'&');
    EXPECT_EQ(html_entity("nbsp"), U'\u00A0');
    EXPECT_EQ(html_entity("eacute"), U'\u00E9');
    EXPECT_EQ(html_entity("Eacute"), U'\u00C9');
    EXPECT_EQ(html_entity("zwj"), U'\u200D');
    EXPECT_EQ(html_entity("NBSP"), 0u);
    EXPECT_EQ(html_entity(""), 0u);
}

}  // namespace
}  // namespace roost::mail
