// Response serialisation: status lines and codes, the string writers' quoting and literal
// choice, and every untagged data response.
#include "imap/proto/response.hpp"

#include <gtest/gtest.h>

#include "imap/proto/proto_error.hpp"
#include "imap/proto/response_data.hpp"

namespace roost::imap::proto {
namespace {

using Code = ResponseCode;
using CodeKind = ResponseCode::Kind;

template <class T>
std::string text(const T& response)
{
    std::string out;
    response.append_to(out);
    return out;
}

TEST(Response, StatusLines)
{
    EXPECT_EQ((StatusResponse{"a1", Status::Ok, std::nullopt, "NOOP completed"}.to_string()),
              "a1 OK NOOP completed\r\n");
    EXPECT_EQ((StatusResponse{"", Status::Bye, std::nullopt, "Logging out"}.to_string()),
              "* BYE Logging out\r\n");
    EXPECT_EQ((StatusResponse{"", Status::PreAuth, std::nullopt, "Ready"}.to_string()),
              "* PREAUTH Ready\r\n");
    EXPECT_EQ((StatusResponse{"x", Status::No, Code::simple(CodeKind::TryCreate), "No mailbox"}
                   .to_string()),
              "x NO [TRYCREATE] No mailbox\r\n");
    // text never breaks the line
    EXPECT_EQ((StatusResponse{"x", Status::Bad, std::nullopt, "a\r\nb"}.to_string()),
              "x BAD a  b\r\n");
    EXPECT_EQ((StatusResponse{"x", Status::Ok, Code::simple(CodeKind::ReadWrite), ""}.to_string()),
              "x OK [READ-WRITE]\r\n");
}

TEST(Response, Codes)
{
    auto line = [](const Code& code) {
        std::string out;
        code.append_to(out);
        return out;
    };
    EXPECT_EQ(line(Code::simple(CodeKind::Alert)), "[ALERT]");
    EXPECT_EQ(line(Code::with_atoms(CodeKind::Capability, {"IMAP4rev1", "IMAP4rev2", "IDLE"})),
              "[CAPABILITY IMAP4rev1 IMAP4rev2 IDLE]");
    EXPECT_EQ(line(Code::with_atoms(CodeKind::PermanentFlags, {"\\Seen", "\\Deleted", "\\*"})),
              "[PERMANENTFLAGS (\\Seen \\Deleted \\*)]");
    EXPECT_EQ(line(Code::with_number(CodeKind::UidNext, 4392)), "[UIDNEXT 4392]");
    EXPECT_EQ(line(Code::with_number(CodeKind::UidValidity, 3857529045u)),
              "[UIDVALIDITY 3857529045]");
    EXPECT_EQ(line(Code::with_number(CodeKind::HighestModSeq, 715194045007ull)),
              "[HIGHESTMODSEQ 715194045007]");
    EXPECT_EQ(line(Code::with_number(CodeKind::Unseen, 12)), "[UNSEEN 12]");
    EXPECT_EQ(line(Code::append_uid(38505, SequenceSet::from_numbers({3955}))),
              "[APPENDUID 38505 3955]");
    EXPECT_EQ(line(Code::copy_uid(38505, SequenceSet::from_ordered({304, 319, 320, 321}),
                                  SequenceSet::from_ordered({3956, 3957, 3958, 3959}))),
              "[COPYUID 38505 304,319:321 3956:3959]");
    EXPECT_EQ(line(Code::modified(*SequenceSet::parse("7,9"))), "[MODIFIED 7,9]");
    EXPECT_EQ(line(Code::with_atoms(CodeKind::BadCharset, {"UTF-8", "US-ASCII"})),
              "[BADCHARSET (UTF-8 US-ASCII)]");
    EXPECT_EQ(line(Code::simple(CodeKind::BadCharset)), "[BADCHARSET]");
    for (const auto& [kind, name] : std::vector<std::pair<CodeKind, std::string>>{
             {CodeKind::NonExistent, "NONEXISTENT"}, {CodeKind::AlreadyExists, "ALREADYEXISTS"},
             {CodeKind::OverQuota, "OVERQUOTA"}, {CodeKind::Cannot, "CANNOT"},
             {CodeKind::Limit, "LIMIT"}, {CodeKind::ServerBug, "SERVERBUG"},
             {CodeKind::ReadOnly, "READ-ONLY"}, {CodeKind::NoModSeq, "NOMODSEQ"},
             {CodeKind::Closed, "CLOSED"}, {CodeKind::InUse, "INUSE"},
             {CodeKind::AuthenticationFailed, "AUTHENTICATIONFAILED"},
             {CodeKind::UnknownCte, "UNKNOWN-CTE"}, {CodeKind::TooBig, "TOOBIG"}}) {
        EXPECT_EQ(line(Code::simple(kind)), "[" + name + "]");
    }
    auto id = Code::simple(CodeKind::MailboxId);
    id.text = "F2212ea87";
    EXPECT_EQ(line(id), "[MAILBOXID (F2212ea87)]");
    EXPECT_EQ(line(Code::other("X-CUSTOM 1 ]\r\n")), "[X-CUSTOM 1    ]");
}

TEST(Response, ErrorsBecomeBadOrNo)
{
    EXPECT_EQ(response_for(ParseError{"a", ImapProtoError::Syntax, "Missing ')'", false})
                  .to_string(),
              "a BAD Missing ')'\r\n");
    EXPECT_EQ(response_for(ParseError{"", ImapProtoError::Syntax, "Invalid tag", false}).to_string(),
              "* BAD Invalid tag\r\n");
    EXPECT_EQ(response_for(ParseError{"a", ImapProtoError::TooBig, "Literal too big", false})
                  .to_string(),
              "a BAD [TOOBIG] Literal too big\r\n");
    // APPEND over APPENDLIMIT (RFC 7889): a NO.
    EXPECT_EQ(response_for(ParseError{"a", ImapProtoError::TooBig, "Literal too big", false, true})
                  .to_string(),
              "a NO [TOOBIG] Literal too big\r\n");
    EXPECT_EQ(response_for("t", proto_error(ImapProtoError::InvalidMailboxName, "bad name"))
                  .to_string(),
              "t NO bad name\r\n");
    EXPECT_EQ(response_for("t", bad_syntax("nope")).to_string(), "t BAD nope\r\n");
}

TEST(Response, Continuations)
{
    EXPECT_EQ(ContinuationRequest{"OK"}.to_string(), "+ OK\r\n");
    EXPECT_EQ(ContinuationRequest{}.to_string(), "+ \r\n");
    EXPECT_EQ(ContinuationRequest::sasl_challenge("hi").to_string(), "+ aGk=\r\n");
}

TEST(Response, StringsQuotedOrLiteral)
{
    auto s = [](std::string_view v, bool utf8 = false) {
        std::string out;
        append_string(out, v, utf8);
        return out;
    };
    EXPECT_EQ(s("plain"), "\"plain\"");
    EXPECT_EQ(s("a\"b\\c"), "\"a\\\"b\\\\c\"");
    EXPECT_EQ(s("two\r\nlines"), "{10}\r\ntwo\r\nlines");
    EXPECT_EQ(s("caf\xc3\xa9"), "{5}\r\ncaf\xc3\xa9");
    EXPECT_EQ(s("caf\xc3\xa9", true), "\"caf\xc3\xa9\"");
    EXPECT_EQ(s("bad\xff", true), "{4}\r\nbad\xff");
    auto a = [](std::string_view v) {
        std::string out;
        append_astring(out, v);
        return out;
    };
    EXPECT_EQ(a("INBOX"), "INBOX");
    EXPECT_EQ(a("[Gmail]/Sent"), "[Gmail]/Sent");
    EXPECT_EQ(a("Sent Items"), "\"Sent Items\"");
    EXPECT_EQ(a("NIL"), "\"NIL\"");
    EXPECT_EQ(a(""), "\"\"");
    EXPECT_EQ(a("50%"), "\"50%\"");
    std::string n;
    append_nstring(n, std::nullopt);
    EXPECT_EQ(n, "NIL");
}

TEST(ResponseData, SimpleLines)
{
    EXPECT_EQ(text(CapabilityData{{"IMAP4rev1", "LITERAL+", "AUTH=PLAIN"}}),
              "* CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN\r\n");
    EXPECT_EQ(text(EnabledData{{"CONDSTORE"}}), "* ENABLED CONDSTORE\r\n");
    EXPECT_EQ(text(EnabledData{}), "* ENABLED\r\n");
    EXPECT_EQ(text(CountData{CountData::Kind::Exists, 172}), "* 172 EXISTS\r\n");
    EXPECT_EQ(text(CountData{CountData::Kind::Recent, 1}), "* 1 RECENT\r\n");
    EXPECT_EQ(text(CountData{CountData::Kind::Expunge, 3}), "* 3 EXPUNGE\r\n");
    EXPECT_EQ(text(FlagsData{{"\\Answered", "\\Flagged", "$Junk"}}),
              "* FLAGS (\\Answered \\Flagged $Junk)\r\n");
}

TEST(ResponseData, ListAndStatus)
{
    ListData l;
    l.attributes = {"\\HasNoChildren", "\\Sent"};
    l.separator = '/';
    l.name = "Gesendete Objekte";
    EXPECT_EQ(text(l), "* LIST (\\HasNoChildren \\Sent) \"/\" \"Gesendete Objekte\"\r\n");
    l.name = "Entw\xc3\xbcrfe";
    EXPECT_EQ(text(l), "* LIST (\\HasNoChildren \\Sent) \"/\" Entw&APw-rfe\r\n");
    l.utf8 = true;
    EXPECT_EQ(text(l), "* LIST (\\HasNoChildren \\Sent) \"/\" \"Entw\xc3\xbcrfe\"\r\n");
    ListData e;
    e.attributes = {"\\NonExistent"};
    e.separator = '.';
    e.name = "Foo";
    e.childinfo_subscribed = true;
    EXPECT_EQ(text(e), "* LIST (\\NonExistent) \".\" Foo (\"CHILDINFO\" (\"SUBSCRIBED\"))\r\n");
    ListData flat;
    flat.lsub = true;
    flat.name = "INBOX";
    flat.old_name = "Old";
    EXPECT_EQ(text(flat), "* LSUB () NIL INBOX (\"OLDNAME\" (\"Old\"))\r\n");
    ListData backslash;
    backslash.separator = '\\';
    backslash.name = "a";
    EXPECT_EQ(text(backslash), "* LIST () \"\\\\\" a\r\n");

    StatusData s;
    s.mailbox = "blurdybloop";
    s.items = {{StatusItem::Messages, 231, ""}, {StatusItem::UidNext, 44292, ""},
               {StatusItem::AppendLimit, std::nullopt, ""}, {StatusItem::MailboxId, 0, "F123"}};
    EXPECT_EQ(text(s),
              "* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292 APPENDLIMIT NIL MAILBOXID (F123))"
              "\r\n");
}

TEST(ResponseData, SearchEsearchVanished)
{
    EXPECT_EQ(text(SearchData{{2, 84, 882}, std::nullopt}), "* SEARCH 2 84 882\r\n");
    EXPECT_EQ(text(SearchData{{}, std::nullopt}), "* SEARCH\r\n");
    EXPECT_EQ(text(SearchData{{2, 5}, 917162500}), "* SEARCH 2 5 (MODSEQ 917162500)\r\n");
    EsearchData e;
    e.tag = "A282";
    e.uid = true;
    e.min = 2;
    e.count = 3;
    e.all = SequenceSet::from_numbers({2, 10, 11});
    EXPECT_EQ(text(e), "* ESEARCH (TAG \"A282\") UID MIN 2 COUNT 3 ALL 2,10:11\r\n");
    EsearchData empty;
    empty.tag = "t";
    empty.count = 0;
    empty.all = SequenceSet();
    EXPECT_EQ(text(empty), "* ESEARCH (TAG \"t\") COUNT 0\r\n");
    EXPECT_EQ(text(VanishedData{true, *SequenceSet::parse("300:310,405,411")}),
              "* VANISHED (EARLIER) 300:310,405,411\r\n");
    EXPECT_EQ(text(VanishedData{false, SequenceSet::from_numbers({5})}), "* VANISHED 5\r\n");
}

TEST(ResponseData, NamespaceIdQuotaMetadata)
{
    NamespaceData ns;
    ns.personal = {{"", '/'}};
    ns.shared = {{"Public Folders/", '/'}};
    EXPECT_EQ(text(ns), "* NAMESPACE ((\"\" \"/\")) NIL ((\"Public Folders/\" \"/\"))\r\n");
    EXPECT_EQ(text(IdData{}), "* ID NIL\r\n");
    IdData id;
    id.fields = {{{"name", std::string("Roost")}, {"support-url", std::nullopt}}};
    EXPECT_EQ(text(id), "* ID (\"name\" \"Roost\" \"support-url\" NIL)\r\n");
    EXPECT_EQ(text(QuotaData{"User quota", {{"STORAGE", 10, 512}, {"MESSAGE", 2, 1000}}}),
              "* QUOTA \"User quota\" (STORAGE 10 512 MESSAGE 2 1000)\r\n");
    EXPECT_EQ(text(QuotaRootData{"INBOX", false, {"User quota"}}),
              "* QUOTAROOT INBOX \"User quota\"\r\n");
    EXPECT_EQ(text(QuotaRootData{"x", false, {}}), "* QUOTAROOT x\r\n");
    EXPECT_EQ(text(MetadataData{"INBOX", false, {{"/private/comment", std::string("hi")}}}),
              "* METADATA \"INBOX\" (/private/comment \"hi\")\r\n");
}

TEST(ResponseData, Fetch)
{
    FetchResponse f(12);
    f.add_number("UID", 4827313);
    f.add_flags({"\\Seen", "$Forwarded"});
    f.add_modseq(12121231000ull);
    f.add_internal_date(837596665, -420);
    f.add_literal("BODY[HEADER]", "Subject: x\r\n\r\n");
    f.add_nstring("PREVIEW", std::nullopt);
    f.add_raw("ENVELOPE") += "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)";
    f.add_literal("BINARY[1]", std::string("a\0b", 3), true);
    EXPECT_EQ(f.to_string(), "* 12 FETCH (UID 4827313 FLAGS (\\Seen $Forwarded) MODSEQ (12121231000) "
                             "INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" BODY[HEADER] {14}\r\n"
                             "Subject: x\r\n\r\n PREVIEW NIL ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL "
                             "NIL NIL) BINARY[1] ~{3}\r\n" +
                                 std::string("a\0b", 3) + ")\r\n");
    EXPECT_EQ(FetchResponse(1).to_string(), "* 1 FETCH ()\r\n");
}

}  // namespace
}  // namespace roost::imap::proto
