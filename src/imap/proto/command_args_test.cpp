// Typed parsers of the session, mailbox, APPEND, STORE / COPY / MOVE, QUOTA and METADATA
// commands, each command received whole and one byte at a time first.
#include <gtest/gtest.h>

#include "imap/proto/imap_command.hpp"
#include "imap/proto/proto_error.hpp"
#include "imap/proto/receiver_testing.hpp"

namespace roost::imap::proto {
namespace {

using namespace std::string_literals;

Result<ParsedCommand> parse(std::string_view line, ParseContext context = {})
{
    ReceiverLimits limits;
    limits.utf8_quoted = context.utf8;
    Command command = testing::receive(line, limits);
    EXPECT_NE(command.name, "<error>") << line << ": " << command.tag;
    return parse_command(std::move(command), context);
}

template <class T>
T args_of(std::string_view line, ParseContext context = {})
{
    auto parsed = parse(line, context);
    EXPECT_TRUE(parsed) << line << ": " << (parsed ? "" : parsed.error().message);
    if (!parsed || !std::holds_alternative<T>(parsed->args)) {
        ADD_FAILURE() << "wrong argument type for " << line;
        return T{};
    }
    return std::get<T>(parsed->args);
}

// The BAD text for a command the typed parser refuses.
std::string bad(std::string_view line, ParseContext context = {})
{
    auto parsed = parse(line, context);
    if (parsed) {
        return "<accepted>";
    }
    return parsed.error().message;
}

TEST(CommandArgs, CommandTable)
{
    EXPECT_EQ(find_command("FETCH")->id, CommandId::Fetch);
    EXPECT_FALSE(find_command("FETCH")->uid);
    EXPECT_EQ(find_command("UID FETCH")->id, CommandId::Fetch);
    EXPECT_TRUE(find_command("UID FETCH")->uid);
    EXPECT_EQ(find_command("fetch"), nullptr);
    EXPECT_EQ(find_command("UID SELECT"), nullptr);
    auto unknown = parse("a FROB x");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, ImapProtoError::UnknownCommand);
    auto p = parse("t17 uid expunge 3:5");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->tag, "t17");
    EXPECT_EQ(p->id, CommandId::Expunge);
    EXPECT_TRUE(p->uid);
    EXPECT_EQ(std::get<UidExpungeArgs>(p->args).set.to_string(), "3:5");
}

TEST(CommandArgs, NoArgumentCommands)
{
    for (const char* line : {"a CAPABILITY", "a NOOP", "a LOGOUT", "a STARTTLS", "a NAMESPACE",
                             "a IDLE", "a CHECK", "a CLOSE", "a UNSELECT", "a EXPUNGE"}) {
        auto p = parse(line);
        ASSERT_TRUE(p) << line;
        EXPECT_TRUE(std::holds_alternative<std::monostate>(p->args)) << line;
    }
    EXPECT_EQ(bad("a NOOP now"), "Error in IMAP command NOOP: Unexpected argument now");
    EXPECT_EQ(bad("a UID EXPUNGE"), "Error in IMAP command UID EXPUNGE: Missing sequence set");
}

TEST(CommandArgs, AuthenticateAndLogin)
{
    auto a = args_of<AuthenticateArgs>("a AUTHENTICATE plain");
    EXPECT_EQ(a.mechanism, "PLAIN");
    EXPECT_FALSE(a.initial_response);
    a = args_of<AuthenticateArgs>("a AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==");
    EXPECT_EQ(*a.initial_response, std::string("\0alice\0secret", 13));
    a = args_of<AuthenticateArgs>("a AUTHENTICATE EXTERNAL =");
    EXPECT_EQ(*a.initial_response, "");
    EXPECT_EQ(bad("a AUTHENTICATE PLAIN !!!"),
              "Error in IMAP command AUTHENTICATE: Invalid base64 in initial response");
    EXPECT_EQ(bad("a AUTHENTICATE"), "Error in IMAP command AUTHENTICATE: Missing SASL mechanism");
    EXPECT_EQ(bad("a AUTHENTICATE \"PLAIN\""),
              "Error in IMAP command AUTHENTICATE: Invalid SASL mechanism");
    EXPECT_EQ(bad("a AUTHENTICATE PL/AIN"),
              "Error in IMAP command AUTHENTICATE: Invalid SASL mechanism name");

    auto l = args_of<LoginArgs>("a LOGIN alice \"pa ss\"");
    EXPECT_EQ(l.username, "alice");
    EXPECT_EQ(l.password, "pa ss");
    l = args_of<LoginArgs>("a LOGIN {5+}\r\nalice {3+}\r\n\"x\"");
    EXPECT_EQ(l.password, "\"x\"");
    EXPECT_EQ(bad("a LOGIN alice"), "Error in IMAP command LOGIN: Missing password");
    EXPECT_EQ(bad("a LOGIN (alice) x"),
              "Error in IMAP command LOGIN: Invalid user name (a list where a string belongs)");

    EXPECT_EQ(*parse_sasl_response("AGFsaWNlAHNlY3JldA==").value(),
              std::string("\0alice\0secret", 13));
    EXPECT_FALSE(parse_sasl_response("*").value());
    EXPECT_EQ(*parse_sasl_response("").value(), "");
    EXPECT_FALSE(parse_sasl_response("@@"));
    EXPECT_TRUE(is_idle_done("done"));
    EXPECT_FALSE(is_idle_done("DONE x"));
}

TEST(CommandArgs, EnableIdCompress)
{
    EXPECT_EQ(args_of<EnableArgs>("a ENABLE condstore UTF8=ACCEPT").capabilities,
              (std::vector<std::string>{"CONDSTORE", "UTF8=ACCEPT"}));
    EXPECT_EQ(bad("a ENABLE"), "Error in IMAP command ENABLE: Missing capability");
    auto id = args_of<IdArgs>("a ID (\"name\" \"Thunderbird\" \"version\" NIL)");
    ASSERT_EQ(id.fields.size(), 2u);
    EXPECT_EQ(id.fields[0].first, "name");
    EXPECT_EQ(*id.fields[0].second, "Thunderbird");
    EXPECT_FALSE(id.fields[1].second);
    EXPECT_TRUE(args_of<IdArgs>("a ID NIL").fields.empty());
    EXPECT_TRUE(args_of<IdArgs>("a ID ()").fields.empty());
    EXPECT_EQ(bad("a ID (\"name\")"), "Error in IMAP command ID: ID field without a value");
    EXPECT_EQ(bad("a ID (name \"x\")"),
              "Error in IMAP command ID: Invalid ID field name (string expected)");
    EXPECT_EQ(bad("a ID (\"" + std::string(31, 'n') + "\" \"x\")"),
              "Error in IMAP command ID: ID field too long");
    EXPECT_EQ(args_of<CompressArgs>("a COMPRESS deflate").mechanism, "DEFLATE");
}

TEST(CommandArgs, SelectWithCondstoreAndQresync)
{
    auto s = args_of<SelectArgs>("a SELECT inbox");
    EXPECT_EQ(s.mailbox, "INBOX");
    EXPECT_FALSE(s.condstore);
    EXPECT_TRUE(args_of<SelectArgs>("a EXAMINE \"Sent Items\" (CONDSTORE)").condstore);
    s = args_of<SelectArgs>("a SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))");
    ASSERT_TRUE(s.qresync);
    EXPECT_EQ(s.qresync->uidvalidity, 67890007u);
    EXPECT_EQ(s.qresync->modseq, 20050715194045000ull);
    EXPECT_EQ(s.qresync->known_uids->to_string(), "41,43:211,214:541");
    EXPECT_FALSE(s.qresync->known_sequence_set);
    // RFC 7162 3.2.5.2's example: 13 message numbers, 13 UIDs.
    s = args_of<SelectArgs>("a SELECT INBOX (QRESYNC (67890007 90060115194045000 1:29997 "
                            "(5000,7500,9000,9990:9999 15000,22500,27000,29970,29973,29976,29979,29982,"
                            "29985,29988,29991,29994,29997)))");
    EXPECT_EQ(s.qresync->known_sequence_set->to_string(), "5000,7500,9000,9990:9999");
    EXPECT_EQ(s.qresync->known_uid_set->to_string(),
              "15000,22500,27000,29970,29973,29976,29979,29982,29985,29988,29991,29994,29997");
    s = args_of<SelectArgs>("a SELECT INBOX (QRESYNC (1 2) CONDSTORE)");
    EXPECT_TRUE(s.condstore);
    EXPECT_FALSE(s.qresync->known_uids);
    EXPECT_EQ(bad("a SELECT INBOX (QRESYNC (1 2 *))"),
              "Error in IMAP command SELECT QRESYNC: Invalid QRESYNC known-uids");
    EXPECT_EQ(bad("a SELECT INBOX (QRESYNC (1 2 1:20 (1:3 1:2)))"),
              "Error in IMAP command SELECT QRESYNC: Invalid QRESYNC sets");
    EXPECT_EQ(bad("a SELECT INBOX (QRESYNC (1 2 1:20 (1:* 1:3)))"),
              "Error in IMAP command SELECT QRESYNC: Invalid QRESYNC sets");
    EXPECT_EQ(bad("a SELECT INBOX (QRESYNC)"),
              "Error in IMAP command SELECT: QRESYNC needs a parameter list");
    EXPECT_EQ(bad("a SELECT INBOX (QRESYNC (0 1))"),
              "Error in IMAP command SELECT QRESYNC: Invalid UIDVALIDITY (must not be 0)");
    EXPECT_EQ(bad("a SELECT INBOX (FOO)"), "Error in IMAP command SELECT: Unknown SELECT parameter FOO");
    EXPECT_EQ(bad("a SELECT INBOX ()"), "Error in IMAP command SELECT: Empty SELECT parameter list");
    EXPECT_EQ(bad("a SELECT"), "Error in IMAP command SELECT: Missing mailbox name");
    auto invalid = parse("a SELECT Entw&AP-rfe");
    ASSERT_FALSE(invalid);
    EXPECT_EQ(invalid.error().code, ImapProtoError::InvalidMailboxName);
}

TEST(CommandArgs, MailboxNamesFollowTheClientMode)
{
    EXPECT_EQ(args_of<SelectArgs>("a SELECT Entw&APw-rfe").mailbox, "Entw\xc3\xbcrfe");
    ParseContext utf8{true};
    EXPECT_EQ(args_of<SelectArgs>("a SELECT \"Entw\xc3\xbcrfe\"", utf8).mailbox,
              "Entw\xc3\xbcrfe");
    EXPECT_EQ(args_of<SelectArgs>("a SELECT Entw&APw-rfe", utf8).mailbox, "Entw&APw-rfe");
    // 8-bit in a literal, but the client never enabled UTF-8 names
    auto p = parse("a SELECT {9}\r\nEntw\xc3\xbcrfe");
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().code, ImapProtoError::InvalidMailboxName);
}

TEST(CommandArgs, CreateDeleteRenameSubscribe)
{
    auto c = args_of<CreateArgs>("a CREATE Archive/2024");
    EXPECT_EQ(c.mailbox, "Archive/2024");
    EXPECT_TRUE(c.special_use.empty());
    c = args_of<CreateArgs>("a CREATE MySent (USE (\\Sent \\Archive))");
    EXPECT_EQ(c.special_use, (std::vector<std::string>{"\\Sent", "\\Archive"}));
    EXPECT_EQ(bad("a CREATE x (USE)"),
              "Error in IMAP command CREATE: USE needs a list of special-use attributes");
    EXPECT_EQ(bad("a CREATE x (USE (Sent))"),
              "Error in IMAP command CREATE: Invalid special-use attribute Sent");
    EXPECT_EQ(args_of<MailboxArgs>("a DELETE \"Old Stuff\"").mailbox, "Old Stuff");
    EXPECT_EQ(args_of<MailboxArgs>("a SUBSCRIBE Lists").mailbox, "Lists");
    EXPECT_EQ(args_of<MailboxArgs>("a UNSUBSCRIBE Lists").mailbox, "Lists");
    EXPECT_EQ(args_of<MailboxArgs>("a GETQUOTAROOT inbox").mailbox, "INBOX");
    auto r = args_of<RenameArgs>("a RENAME Drafts \"Old Drafts\"");
    EXPECT_EQ(r.from, "Drafts");
    EXPECT_EQ(r.to, "Old Drafts");
    EXPECT_EQ(bad("a RENAME Drafts"), "Error in IMAP command RENAME: Missing mailbox name");
    EXPECT_EQ(bad("a DELETE a b"), "Error in IMAP command DELETE: Unexpected argument b");
}

TEST(CommandArgs, Status)
{
    auto s = args_of<StatusArgs>(
        "a STATUS INBOX (MESSAGES UIDNEXT uidvalidity UNSEEN RECENT DELETED SIZE "
        "HIGHESTMODSEQ APPENDLIMIT MAILBOXID)");
    EXPECT_EQ(s.items.size(), 10u);
    EXPECT_EQ(s.items[2], StatusItem::UidValidity);
    EXPECT_EQ(s.items[9], StatusItem::MailboxId);
    EXPECT_EQ(bad("a STATUS INBOX ()"), "Error in IMAP command STATUS: Empty STATUS item list");
    EXPECT_EQ(bad("a STATUS INBOX (MESSAGES FOO)"),
              "Error in IMAP command STATUS: Unknown STATUS item FOO");
    EXPECT_EQ(bad("a STATUS INBOX MESSAGES"),
              "Error in IMAP command STATUS: Invalid STATUS items (list expected)");
}

TEST(CommandArgs, ListAndLsub)
{
    auto l = args_of<ListArgs>("a LIST \"\" *");
    EXPECT_FALSE(l.extended);
    EXPECT_EQ(l.reference, "");
    EXPECT_EQ(l.patterns, std::vector<std::string>{"*"});
    l = args_of<ListArgs>("a LIST \"\" \"\"");
    EXPECT_EQ(l.patterns, std::vector<std::string>{""});
    l = args_of<ListArgs>("a LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (INBOX \"Entw&APw-*\") "
                          "RETURN (CHILDREN SPECIAL-USE STATUS (MESSAGES UNSEEN))");
    EXPECT_TRUE(l.extended);
    EXPECT_TRUE(l.selection.subscribed);
    EXPECT_TRUE(l.selection.recursive_match);
    EXPECT_EQ(l.patterns, (std::vector<std::string>{"INBOX", "Entw\xc3\xbc*"}));
    EXPECT_TRUE(l.options.children);
    EXPECT_TRUE(l.options.special_use);
    ASSERT_TRUE(l.options.status);
    EXPECT_EQ(l.options.status->size(), 2u);
    l = args_of<ListArgs>("a LIST () \"\" % RETURN ()");
    EXPECT_TRUE(l.extended);
    l = args_of<ListArgs>("a LIST (SPECIAL-USE REMOTE) \"\" *");
    EXPECT_TRUE(l.selection.special_use);
    EXPECT_TRUE(l.selection.remote);
    l = args_of<ListArgs>("a LIST ~/Mail/ %");
    EXPECT_EQ(l.reference, "~/Mail/");
    EXPECT_EQ(bad("a LIST (RECURSIVEMATCH) \"\" *"),
              "Error in IMAP command LIST: RECURSIVEMATCH needs another selection option");
    EXPECT_EQ(bad("a LIST (FOO) \"\" *"),
              "Error in IMAP command LIST: Unknown LIST selection option FOO");
    EXPECT_EQ(bad("a LIST \"\" * RETURN (FOO)"),
              "Error in IMAP command LIST: Unknown LIST return option FOO");
    EXPECT_EQ(bad("a LIST \"\" * RETURN (STATUS)"),
              "Error in IMAP command LIST: STATUS return option needs a list of items");
    EXPECT_EQ(bad("a LIST \"\""), "Error in IMAP command LIST: Missing mailbox pattern");
    EXPECT_EQ(bad("a LIST \"\" ()"), "Error in IMAP command LIST: Empty mailbox pattern list");
    auto x = parse("a XLIST \"\" *");
    ASSERT_TRUE(x);
    EXPECT_EQ(x->id, CommandId::List);
    auto s = args_of<ListArgs>("a LSUB \"\" \"News/%\"");
    EXPECT_TRUE(s.lsub);
    EXPECT_EQ(s.patterns, std::vector<std::string>{"News/%"});
    EXPECT_EQ(bad("a LSUB \"\" (a b)"),
              "Error in IMAP command LSUB: Invalid mailbox pattern (a list where a string belongs)");
}

TEST(CommandArgs, Append)
{
    auto a = args_of<AppendArgs>("a APPEND Sent (\\Seen $Forwarded) \"05-Jan-2024 10:11:12 +0100\" "
                                 "{11}\r\nHello world");
    EXPECT_EQ(a.mailbox, "Sent");
    ASSERT_EQ(a.messages.size(), 1u);
    EXPECT_EQ(a.messages[0].flags, (std::vector<std::string>{"\\Seen", "$Forwarded"}));
    ASSERT_TRUE(a.messages[0].internal_date);
    EXPECT_EQ(a.messages[0].internal_date->zone_minutes, 60);
    EXPECT_EQ(a.messages[0].data, "Hello world");
    EXPECT_FALSE(a.messages[0].binary);
    a = args_of<AppendArgs>("a APPEND INBOX {3+}\r\nabc");
    EXPECT_TRUE(a.messages[0].flags.empty());
    EXPECT_FALSE(a.messages[0].internal_date);
    // MULTIAPPEND
    a = args_of<AppendArgs>("a APPEND INBOX (\\Draft) {1+}\r\nx \"01-Feb-2020 00:00:00 +0000\" "
                            "{1+}\r\ny ~{2+}\r\n\0z"s);
    ASSERT_EQ(a.messages.size(), 3u);
    EXPECT_EQ(a.messages[0].flags, std::vector<std::string>{"\\Draft"});
    EXPECT_TRUE(a.messages[1].internal_date);
    EXPECT_EQ(a.messages[2].data, std::string("\0z", 2));
    EXPECT_TRUE(a.messages[2].binary);
    // UTF8=ACCEPT
    a = args_of<AppendArgs>("a APPEND INBOX UTF8 (~{4+}\r\n\xc3\xa9t\xc3)");
    EXPECT_TRUE(a.messages[0].utf8);
    EXPECT_TRUE(a.messages[0].binary);
    EXPECT_EQ(a.messages[0].data.size(), 4u);
    EXPECT_EQ(bad("a APPEND INBOX \"text\""),
              "Error in IMAP command APPEND: Message must be sent as a literal");
    EXPECT_EQ(bad("a APPEND INBOX (\\Recent) {1+}\r\nx"),
              "Error in IMAP command APPEND: Invalid system flag \\Recent");
    EXPECT_EQ(bad("a APPEND INBOX \"yesterday\" {1+}\r\nx"),
              "Error in IMAP command APPEND: Invalid date-time");
    EXPECT_EQ(bad("a APPEND INBOX UTF8 ({1+}\r\nx y)"),
              "Error in IMAP command APPEND: UTF8 needs a literal in parentheses");
    EXPECT_EQ(bad("a APPEND INBOX (\\Seen)"),
              "Error in IMAP command APPEND: Missing message literal");
}

TEST(CommandArgs, Store)
{
    auto s = args_of<StoreArgs>("a STORE 1:3 +FLAGS.SILENT (\\seen \\Deleted $Label1)");
    EXPECT_EQ(s.set.to_string(), "1:3");
    EXPECT_EQ(s.operation, StoreArgs::Operation::Add);
    EXPECT_TRUE(s.silent);
    EXPECT_EQ(s.flags, (std::vector<std::string>{"\\Seen", "\\Deleted", "$Label1"}));
    EXPECT_FALSE(s.uid);
    s = args_of<StoreArgs>("a UID STORE 5 -flags \\Flagged \\Answered");
    EXPECT_TRUE(s.uid);
    EXPECT_EQ(s.operation, StoreArgs::Operation::Remove);
    EXPECT_FALSE(s.silent);
    EXPECT_EQ(s.flags, (std::vector<std::string>{"\\Flagged", "\\Answered"}));
    s = args_of<StoreArgs>("a STORE $ FLAGS ()");
    EXPECT_TRUE(s.set.is_saved());
    EXPECT_EQ(s.operation, StoreArgs::Operation::Replace);
    EXPECT_TRUE(s.flags.empty());
    s = args_of<StoreArgs>("a UID STORE 1:* (UNCHANGEDSINCE 320162338) +FLAGS.SILENT (\\Deleted)");
    EXPECT_EQ(*s.unchanged_since, 320162338u);
    EXPECT_EQ(*args_of<StoreArgs>("a STORE 1 (UNCHANGEDSINCE 0) FLAGS (x)").unchanged_since, 0u);
    EXPECT_EQ(bad("a STORE 1 FLAGS (\\Recent)"),
              "Error in IMAP command STORE: Invalid system flag \\Recent");
    EXPECT_EQ(bad("a STORE 1 FLAGS (\\*)"), "Error in IMAP command STORE: Invalid system flag \\*");
    EXPECT_EQ(bad("a STORE 1 FLAGS (a%b)"), "Error in IMAP command STORE: Invalid keyword a%b");
    EXPECT_EQ(bad("a STORE 1 +FLAGS"), "Error in IMAP command STORE: Missing flags");
    EXPECT_EQ(bad("a STORE 1 LABELS (x)"), "Error in IMAP command STORE: Unknown STORE data item LABELS");
    EXPECT_EQ(bad("a STORE 0 FLAGS (x)"),
              "Error in IMAP command STORE: Invalid sequence set: 0");
    EXPECT_EQ(bad("a STORE 1 (FOO 1) FLAGS (x)"),
              "Error in IMAP command STORE: Unknown STORE modifier FOO");
    EXPECT_EQ(bad("a STORE 1 FLAGS (x) y"),
              "Error in IMAP command STORE: Unexpected argument y");
}

TEST(CommandArgs, CopyAndMove)
{
    auto c = args_of<CopyArgs>("a COPY 2:4 MEETING");
    EXPECT_EQ(c.set.to_string(), "2:4");
    EXPECT_EQ(c.mailbox, "MEETING");
    EXPECT_FALSE(c.uid);
    auto p = parse("a UID MOVE 42:69 Trash");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->id, CommandId::Move);
    EXPECT_TRUE(std::get<CopyArgs>(p->args).uid);
    EXPECT_EQ(bad("a COPY 1"), "Error in IMAP command COPY: Missing mailbox name");
    EXPECT_EQ(bad("a MOVE x Trash"), "Error in IMAP command MOVE: Invalid sequence set: x");
}

TEST(CommandArgs, QuotaAndMetadata)
{
    EXPECT_EQ(args_of<GetQuotaArgs>("a GETQUOTA \"User quota\"").root, "User quota");
    auto q = args_of<SetQuotaArgs>("a SETQUOTA \"\" (storage 512 MESSAGE 1000)");
    ASSERT_EQ(q.limits.size(), 2u);
    EXPECT_EQ(q.limits[0].first, "STORAGE");
    EXPECT_EQ(q.limits[1].second, 1000u);
    EXPECT_EQ(bad("a SETQUOTA \"\" (STORAGE)"),
              "Error in IMAP command SETQUOTA: Missing resource limit");
    auto s = args_of<SetMetadataArgs>(
        "a SETMETADATA INBOX (/private/comment \"My new comment\" /shared/x NIL)");
    EXPECT_EQ(s.mailbox, "INBOX");
    ASSERT_EQ(s.entries.size(), 2u);
    EXPECT_EQ(*s.entries[0].second, "My new comment");
    EXPECT_FALSE(s.entries[1].second);
    EXPECT_EQ(args_of<SetMetadataArgs>("a SETMETADATA \"\" (/shared/admin {5}\r\nhello)")
                  .entries[0]
                  .second,
              "hello");
    EXPECT_EQ(bad("a SETMETADATA INBOX (comment \"x\")"),
              "Error in IMAP command SETMETADATA: Invalid entry name comment");
    auto g = args_of<GetMetadataArgs>("a GETMETADATA (MAXSIZE 1024 DEPTH infinity) INBOX "
                                      "(/private/comment /shared/comment)");
    EXPECT_EQ(*g.max_size, 1024u);
    EXPECT_EQ(g.depth, GetMetadataArgs::Depth::Infinity);
    EXPECT_EQ(g.entries.size(), 2u);
    g = args_of<GetMetadataArgs>("a GETMETADATA INBOX (DEPTH 1) /private");
    EXPECT_EQ(g.depth, GetMetadataArgs::Depth::One);
    EXPECT_EQ(g.entries, std::vector<std::string>{"/private"});
    g = args_of<GetMetadataArgs>("a GETMETADATA \"\" /shared/vendor");
    EXPECT_EQ(g.mailbox, "");
    EXPECT_EQ(bad("a GETMETADATA INBOX (DEPTH 2) /private"),
              "Error in IMAP command GETMETADATA: Invalid DEPTH 2");
    EXPECT_EQ(bad("a GETMETADATA INBOX"), "Error in IMAP command GETMETADATA: Missing entry names");
}

}  // namespace
}  // namespace roost::imap::proto
