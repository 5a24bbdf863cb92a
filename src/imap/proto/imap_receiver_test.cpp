// ImapReceiver: commands, literals, limits and recovery after errors, each input fed whole,
// one byte at a time and in 7-byte pieces.
#include "imap/proto/imap_receiver.hpp"

#include <gtest/gtest.h>

#include "imap/proto/receiver_testing.hpp"

namespace roost::imap::proto {
namespace {

using testing::run;
using testing::run_both;
using Events = std::vector<std::string>;
using namespace std::string_literals;

TEST(ImapReceiver, SimpleCommandsAndPipelining)
{
    EXPECT_EQ(run_both("a1 NOOP\r\n"), Events{"CMD a1 NOOP"});
    EXPECT_EQ(run_both("a1 noop\r\nA2 capability\r\n3 LOGOUT\r\n"),
              (Events{"CMD a1 NOOP", "CMD A2 CAPABILITY", "CMD 3 LOGOUT"}));
    // bare LF line ends (telnet users, some scripts) and blank lines between commands
    EXPECT_EQ(run_both("\r\n\na1 NOOP\n\r\na2 NOOP\r\n"), (Events{"CMD a1 NOOP", "CMD a2 NOOP"}));
    // nothing until the line is complete
    EXPECT_TRUE(run("a1 NOOP").empty());
    EXPECT_TRUE(run("a1 NOOP\r").empty());
}

TEST(ImapReceiver, UidCommandsAreOneName)
{
    EXPECT_EQ(run_both("a UID fetch 1:* FLAGS\r\n"), Events{"CMD a UID FETCH 1:* FLAGS"});
    EXPECT_EQ(run_both("a uid\r\n"), Events{"ERR a UID needs a command name"});
    EXPECT_EQ(run_both("a UID  FETCH 1 FLAGS\r\n"), Events{"ERR a UID needs a command name"});
}

TEST(ImapReceiver, ArgumentTree)
{
    EXPECT_EQ(run_both("a LOGIN \"us\\\"er\" \"p\\\\w\"\r\n"),
              Events{"CMD a LOGIN \"us\\\"er\" \"p\\\\w\""});
    EXPECT_EQ(run_both("a X nil NIL \"NIL\" (a (b (c)) ()) \"\"\r\n"),
              Events{"CMD a X nil NIL \"NIL\" (a (b (c)) ()) \"\""});
    std::vector<Command> commands;
    run("a X nil \"NIL\" (A \"b\")\r\n", 0, {}, &commands);
    ASSERT_EQ(commands.size(), 1u);
    const auto& args = commands[0].args;
    ASSERT_EQ(args.size(), 3u);
    EXPECT_EQ(args[0].kind, Arg::Kind::Nil);
    EXPECT_EQ(args[0].value, "nil");
    EXPECT_EQ(args[1].kind, Arg::Kind::Quoted);
    EXPECT_EQ(args[2].kind, Arg::Kind::List);
    ASSERT_EQ(args[2].items.size(), 2u);
    EXPECT_EQ(args[2].items[1].kind, Arg::Kind::Quoted);
    // flags, wildcards and resp-specials are atoms
    EXPECT_EQ(run_both("a STORE 1 +FLAGS (\\Seen $Junk)\r\n"),
              Events{"CMD a STORE 1 +FLAGS (\\Seen $Junk)"});
    EXPECT_EQ(run_both("a LIST \"\" %/*]\r\n"), Events{"CMD a LIST \"\" %/*]"});
}

TEST(ImapReceiver, SectionsStayInOneAtom)
{
    EXPECT_EQ(run_both("a FETCH 1 (BODY.PEEK[HEADER.FIELDS (From To)]<0.100> UID)\r\n"),
              Events{"CMD a FETCH 1 (BODY.PEEK[HEADER.FIELDS (From To)]<0.100> UID)"});
    EXPECT_EQ(run_both("a FETCH 1 BODY[]\r\n"), Events{"CMD a FETCH 1 BODY[]"});
    std::vector<Command> commands;
    run("a SELECT [Gmail]/Sent\r\n", 0, {}, &commands);
    ASSERT_EQ(commands.size(), 1u);
    EXPECT_EQ(commands[0].args[0].value, "[Gmail]/Sent");
    EXPECT_FALSE(commands[0].args[0].has_section);  // only FETCH's section items open one
    EXPECT_EQ(run_both("a FETCH 1 BODY[HEADER\r\n"), Events{"ERR a Missing ']'"});
    EXPECT_EQ(run_both("a FETCH 1 binary.peek[1] (x\r\n"), Events{"ERR a Missing ')'"});
    // A keyword may hold '[' (RFC 3501 atom): it ends at the list's ')'.
    EXPECT_EQ(run_both("a STORE 1 +FLAGS (foo[bar)\r\n"), Events{"CMD a STORE 1 +FLAGS (foo[bar)"});
}

TEST(ImapReceiver, SynchronisingLiterals)
{
    EXPECT_EQ(run_both("a LOGIN {5}\r\nalice {6}\r\nsecret\r\n"),
              (Events{"CONT a 5", "CONT a 6", "CMD a LOGIN {5}\"alice\" {6}\"secret\""}));
    // the literal may hold anything, CR LF included
    EXPECT_EQ(run_both("a LOGIN {4}\r\n\r\n\"( x\r\n"),
              (Events{"CONT a 4", "CMD a LOGIN {4}\"\\x0d\\x0a\\\"(\" x"}));
    EXPECT_EQ(run_both("a LOGIN {0}\r\n {0}\r\n\r\n"),
              (Events{"CONT a 0", "CONT a 0", "CMD a LOGIN {0}\"\" {0}\"\""}));
    // a literal inside a list
    EXPECT_EQ(run_both("a X ({3}\r\nabc)\r\n"), (Events{"CONT a 3", "CMD a X ({3}\"abc\")"}));
}

TEST(ImapReceiver, NonSynchronisingLiterals)
{
    EXPECT_EQ(run_both("a LOGIN {5+}\r\nalice {6+}\r\nsecret\r\nb NOOP\r\n"),
              (Events{"CMD a LOGIN {5}\"alice\" {6}\"secret\"", "CMD b NOOP"}));
    EXPECT_EQ(run_both("a APPEND INBOX ~{3+}\r\na\0b\r\n"s),
              Events{"CMD a APPEND INBOX ~{3}\"a\\x00b\""});
    // a sync literal8 asks for a continuation as well
    EXPECT_EQ(run_both("a APPEND INBOX ~{2}\r\nab\r\n"),
              (Events{"CONT a 2", "CMD a APPEND INBOX ~{2}\"ab\""}));
}

TEST(ImapReceiver, LiteralMinusLimit)
{
    ReceiverLimits limits;
    limits.literal_minus = true;
    const std::string big(5000, 'x');
    // over 4096: refused with TOOBIG, the bytes skipped, the session goes on
    EXPECT_EQ(run_both("a APPEND INBOX {5000+}\r\n" + big + "\r\nb NOOP\r\n", limits),
              (Events{"ERR a Non-synchronizing literal over 4096 bytes; use a synchronizing "
                      "literal",
                      "CMD b NOOP"}));
    // up to 4096 it is fine, and synchronising literals have no such limit
    EXPECT_EQ(run_both("a APPEND INBOX {4096+}\r\n" + std::string(4096, 'y') + "\r\n", limits)
                  .size(),
              1u);
    EXPECT_EQ(run_both("a APPEND INBOX {5000}\r\n" + big + "\r\n", limits).size(), 2u);
}

TEST(ImapReceiver, LiteralSizeLimits)
{
    ReceiverLimits limits;
    limits.max_literal_size = 100;
    limits.max_line_length = 200;
    // APPEND: max_literal_size; a refused sync literal is not sent, the next line is a command
    EXPECT_EQ(run_both("a APPEND INBOX {101}\r\nb NOOP\r\n", limits),
              (Events{"ERR a Literal too big (at most 100 bytes)", "CMD b NOOP"}));
    // other commands: the literal counts as command text
    EXPECT_EQ(run_both("a LOGIN {300}\r\nb NOOP\r\n", limits),
              (Events{"ERR a Literal too big for this command", "CMD b NOOP"}));
    // a refused non-sync literal is skipped, with the rest of its command
    EXPECT_EQ(run_both("a LOGIN {300+}\r\n" + std::string(300, 'z') + " more\r\nb NOOP\r\n",
                       limits),
              (Events{"ERR a Literal too big for this command", "CMD b NOOP"}));
    // sizes that do not fit 63 bits
    EXPECT_EQ(run_both("a LOGIN {99999999999999999999}\r\nb NOOP\r\n", limits),
              (Events{"ERR a Literal size too large", "CMD b NOOP"}));
    EXPECT_EQ(run_both("a LOGIN {99999999999999999999+}\r\n", limits),
              (Events{"ERR a Literal size too large FATAL"}));
}

TEST(ImapReceiver, CommandLiteralsTogether)
{
    ReceiverLimits limits;
    limits.max_literal_size = 10;
    limits.max_command_size = 15;
    EXPECT_EQ(run_both("a APPEND INBOX {8+}\r\n12345678 {8}\r\nb NOOP\r\n", limits),
              (Events{"ERR a Messages too big together (at most 15 bytes)", "CMD b NOOP"}));
    EXPECT_EQ(run_both("a APPEND INBOX {8+}\r\n12345678 {7+}\r\n1234567\r\n", limits).size(),
              1u);
}

TEST(ImapReceiver, ServerRefusesLiteral)
{
    // APPENDLIMIT or a missing mailbox: the server answers NO instead of "+"; the client sends
    // no literal and the next line is a new command.
    ImapReceiver receiver;
    receiver.feed("a APPEND Nowhere (\\Seen) {500}\r\nb NOOP\r\n");
    auto event = receiver.next();
    ASSERT_TRUE(event);
    const auto* cont = std::get_if<LiteralContinuation>(&*event);
    ASSERT_NE(cont, nullptr);
    EXPECT_EQ(cont->tag, "a");
    EXPECT_EQ(cont->name, "APPEND");
    EXPECT_EQ(cont->size, 500u);
    receiver.reject_literal();
    event = receiver.next();
    ASSERT_TRUE(event);
    EXPECT_EQ(testing::render(*event), "CMD b NOOP");
    EXPECT_TRUE(receiver.at_command_start());
}

TEST(ImapReceiver, TypedErrorsCarryCodes)
{
    ImapReceiver receiver;
    receiver.feed("a APPEND INBOX {999999999999}\r\n");
    auto event = receiver.next();
    ASSERT_TRUE(event);
    const auto* error = std::get_if<ParseError>(&*event);
    ASSERT_NE(error, nullptr);
    EXPECT_EQ(error->code, ImapProtoError::TooBig);
    EXPECT_EQ(error->tag, "a");
}

TEST(ImapReceiver, MalformedInputRecovers)
{
    const std::string next = "z NOOP\r\n";
    auto check = [&](const std::string& bad, const std::string& expected) {
        EXPECT_EQ(run_both(bad + next), (Events{expected, "CMD z NOOP"})) << bad;
    };
    check("a+1 NOOP\r\n", "ERR * Invalid character '+' in tag");
    check("a{ NOOP\r\n", "ERR * Invalid character '{' in tag");
    check(" NOOP\r\n", "ERR * Missing tag");
    check("a\r\n", "ERR a Missing command name");
    check("a \r\n", "ERR a Missing command name");
    check("a NO$OP\r\n", "ERR a Invalid character '$' in command name");
    check("a FETCH 1 (FLAGS\r\n", "ERR a Missing ')'");
    check("a FETCH 1 FLAGS)\r\n", "ERR a Unexpected ')'");
    check("a FETCH 1 ((FLAGS) UID\r\n", "ERR a Missing ')'");
    check("a X \"a\"\"b\"\r\n", "ERR a Missing space between arguments");
    check("a X (a)(b)\r\n", "ERR a Missing space between arguments");
    check("a LOGIN \"unterminated\r\n", "ERR a Missing '\"' at the end of a quoted string");
    check("a LOGIN \"bad\\escape\"\r\n", "ERR a Invalid escape in quoted string");
    check("a LOGIN caf\xc3\xa9 x\r\n", "ERR a 8-bit character in atom");
    check("a LOGIN \"caf\xc3\xa9\" x\r\n", "ERR a 8-bit character in quoted string; use a literal");
    check("a LOGIN a\x01 x\r\n", "ERR a Control character in atom");
    check("a X \x7f\r\n", "ERR a Control character in argument");
    check("a X ab\"c\r\n", "ERR a Invalid character '\"' in atom");
    check("a X {12a}\r\n", "ERR a Invalid literal size");
    check("a X {}\r\n", "ERR a Invalid literal size");
    check("a X {5} more\r\n", "ERR a A literal's size must end the line");
    check("a NOOP\rx\r\n", "ERR a CR not followed by LF");
}

TEST(ImapReceiver, SkipsLiteralOfRefusedCommand)
{
    // The error comes first; the rest of the line announces a non-sync literal whose bytes
    // must not be read as a command (here they look like one).
    EXPECT_EQ(run_both("a X ) {13+}\r\nb DELETE junk\r\nz NOOP\r\n"),
              (Events{"ERR a Unexpected ')'", "CMD z NOOP"}));
    // A sync literal on a refused line: the client gets BAD instead of "+" and sends nothing.
    EXPECT_EQ(run_both("a X ) {13}\r\nz NOOP\r\n"), (Events{"ERR a Unexpected ')'", "CMD z NOOP"}));
    // several literals in one refused command
    EXPECT_EQ(run_both("a X ) {2+}\r\nab {3+}\r\nabc\r\nz NOOP\r\n"),
              (Events{"ERR a Unexpected ')'", "CMD z NOOP"}));
    EXPECT_EQ(run_both("a X ) {0+}\r\n{1+}\r\n)\r\nz NOOP\r\n"),
              (Events{"ERR a Unexpected ')'", "CMD z NOOP"}));
    EXPECT_EQ(run_both("a X ) {0005+}\r\nabcde\r\nz NOOP\r\n"),
              (Events{"ERR a Unexpected ')'", "CMD z NOOP"}));
    // a size whose digits (leading zeros) outrun what the receiver keeps of a skipped line:
    // it cannot know what to skip, so it tells the session to close (what follows is junk)
    const auto fatal = run_both("a X ) {" + std::string(40, '0') + "5+}\r\nabcde\r\n");
    ASSERT_EQ(fatal.size(), 3u);
    EXPECT_EQ(fatal[1], "ERR * Literal size too large FATAL");
    // a lone "+}" at the end of a skipped line announces nothing
    EXPECT_EQ(run_both("a X ) 5+}\r\nz NOOP\r\n"), (Events{"ERR a Unexpected ')'", "CMD z NOOP"}));
}

TEST(ImapReceiver, SkipsLiteralAnnouncedAfterTheErrorPoint)
{
    // Found by the fuzzer: the line is refused as too long just before its last byte; the
    // {8+} at its end still announces 8 bytes that are not a command. Fed whole, the error is
    // found earlier in the line; both must skip the same bytes, and the line that ends the
    // command after them.
    ReceiverLimits limits;
    limits.max_line_length = 17;
    EXPECT_EQ(run_both("a X \"abcdefgh {8+}\r\nb NOOP\r\n\r\nz NOOP\r\n", limits),
              (Events{"ERR a Command line too long", "CMD z NOOP"}));
    limits.max_line_length = 12;
    EXPECT_EQ(run_both("a X \"abcdefgh {8+}\r\nb NOOP\r\n\r\nz NOOP\r\n", limits),
              (Events{"ERR a Command line too long", "CMD z NOOP"}));
}

TEST(ImapReceiver, Utf8QuotedWhenEnabled)
{
    ReceiverLimits limits;
    limits.utf8_quoted = true;
    EXPECT_EQ(run_both("a SELECT \"Entw\xc3\xbcrfe\"\r\n", limits),
              Events{"CMD a SELECT \"Entw\\xc3\\xbcrfe\""});
    EXPECT_EQ(run_both("a SELECT \"bad\xc3\"\r\nz NOOP\r\n", limits),
              (Events{"ERR a Invalid UTF-8 in quoted string", "CMD z NOOP"}));
    ImapReceiver receiver;
    receiver.set_utf8_quoted(true);
    receiver.feed("a SELECT \"\xc3\xa9\"\r\n");
    auto event = receiver.next();
    ASSERT_TRUE(event);
    EXPECT_TRUE(std::holds_alternative<CommandReady>(*event));
}

TEST(ImapReceiver, LineLengthLimit)
{
    ReceiverLimits limits;
    limits.max_line_length = 50;
    EXPECT_EQ(run_both("a X " + std::string(60, 'y') + "\r\nz NOOP\r\n", limits),
              (Events{"ERR a Command line too long", "CMD z NOOP"}));
    EXPECT_EQ(run_both(std::string(60, 'y') + "\r\nz NOOP\r\n", limits),
              (Events{"ERR * Command line too long", "CMD z NOOP"}));
    EXPECT_EQ(run_both("a X \"" + std::string(60, 'y') + "\"\r\nz NOOP\r\n", limits),
              (Events{"ERR a Command line too long", "CMD z NOOP"}));
    // text after a literal counts toward the same command
    EXPECT_EQ(run_both("a X {2+}\r\nab " + std::string(50, 'q') + "\r\nz NOOP\r\n", limits),
              (Events{"ERR a Command line too long", "CMD z NOOP"}));
    // exactly at the limit is fine (CR LF not counted as text beyond it)
    const std::string fits = "a X " + std::string(46, 'y');
    EXPECT_EQ(run_both(fits + "\r\n", limits).size(), 1u);
    EXPECT_EQ(run_both(fits + "\r\n", limits)[0].substr(0, 3), "CMD");
}

TEST(ImapReceiver, OverlongInputIsNotBuffered)
{
    ReceiverLimits limits;
    limits.max_line_length = 1000;
    ImapReceiver receiver(limits);
    int errors = 0;
    for (int i = 0; i < 1000; ++i) {
        receiver.feed(std::string(1000, 'x'));
        while (auto event = receiver.next()) {
            errors += std::holds_alternative<ParseError>(*event) ? 1 : 0;
        }
        EXPECT_LT(receiver.buffered(), 2000u);
    }
    EXPECT_EQ(errors, 1);
    // a refused 10 MB non-sync literal streams through without being kept
    receiver.feed("\r\na APPEND INBOX {1000+}\r\n" + std::string(1000, 'm') + "\r\n");
    receiver.feed("b LOGIN {10000000+}\r\n");
    for (int i = 0; i < 1000; ++i) {
        receiver.feed(std::string(10000, 'm'));
        while (receiver.next()) {
        }
        EXPECT_LT(receiver.buffered(), 20000u);
    }
    receiver.feed("\r\nz NOOP\r\n");
    std::vector<std::string> tail;
    while (auto event = receiver.next()) {
        tail.push_back(testing::render(*event));
    }
    EXPECT_EQ(tail, Events{"CMD z NOOP"});
}

TEST(ImapReceiver, NestingLimit)
{
    ReceiverLimits limits;
    limits.max_nesting = 3;
    EXPECT_EQ(run_both("a X (((x)))\r\n", limits), Events{"CMD a X (((x)))"});
    EXPECT_EQ(run_both("a X ((((x))))\r\nz NOOP\r\n", limits),
              (Events{"ERR a Lists nested too deeply", "CMD z NOOP"}));
}

TEST(ImapReceiver, LineModeForIdleAndAuthenticate)
{
    EXPECT_EQ(run_both("a IDLE\r\nDONE\r\nb NOOP\r\n"),
              (Events{"CMD a IDLE", "LINE DONE", "CMD b NOOP"}));
    // an AUTHENTICATE exchange: the response line is raw (base64 or "*")
    EXPECT_EQ(run_both("a AUTHENTICATE PLAIN\r\nAGFsaWNlAHNlY3JldA==\r\nb NOOP\r\n"),
              (Events{"CMD a AUTHENTICATE PLAIN", "LINE AGFsaWNlAHNlY3JldA==", "CMD b NOOP"}));
    EXPECT_EQ(run_both("a AUTHENTICATE PLAIN\r\n\r\n"),
              (Events{"CMD a AUTHENTICATE PLAIN", "LINE "}));
    // with SASL-IR the command carries the response and no line is read
    EXPECT_EQ(run_both("a AUTHENTICATE PLAIN =\r\nb NOOP\r\n"),
              (Events{"CMD a AUTHENTICATE PLAIN =", "CMD b NOOP"}));
    // raw lines obey the length limit and the session goes on
    ReceiverLimits limits;
    limits.max_line_length = 20;
    EXPECT_EQ(run_both("a IDLE\r\n" + std::string(40, 'D') + "\r\nb NOOP\r\n", limits),
              (Events{"CMD a IDLE", "ERR a Line too long", "CMD b NOOP"}));
    ImapReceiver receiver;
    EXPECT_TRUE(receiver.at_command_start());
    receiver.expect_line();
    EXPECT_FALSE(receiver.at_command_start());
}


TEST(ImapReceiver, AppendOverTheLimitIsRefusedNotBad)
{
    // RFC 7889: an APPEND over APPENDLIMIT gets NO [TOOBIG], a sync literal before "+" and a
    // non-sync one after its bytes were skipped; other commands' literals stay BAD.
    ReceiverLimits limits;
    limits.max_literal_size = 10;
    for (const std::string input : {"a APPEND INBOX {11}\r\n", "a APPEND INBOX {11+}\r\n01234567890\r\n"}) {
        ImapReceiver receiver(limits);
        receiver.feed(input);
        auto event = receiver.next();
        ASSERT_TRUE(event && std::holds_alternative<ParseError>(*event)) << input;
        EXPECT_TRUE(std::get<ParseError>(*event).refused);
        EXPECT_FALSE(receiver.next());
        receiver.feed("b NOOP\r\n");
        event = receiver.next();
        ASSERT_TRUE(event && std::holds_alternative<CommandReady>(*event)) << input;
    }
    ImapReceiver receiver(limits);
    receiver.feed("a LOGIN {70000}\r\n");
    auto event = receiver.next();
    ASSERT_TRUE(event && std::holds_alternative<ParseError>(*event));
    EXPECT_FALSE(std::get<ParseError>(*event).refused);
}

TEST(ImapReceiver, FirstAppendLiteralCarriesTheArgumentsBeforeIt)
{
    // So that the server can refuse the message (quota) before asking for it.
    ImapReceiver receiver;
    receiver.feed("a APPEND Sent (\\Seen) {5}\r\n");
    auto event = receiver.next();
    ASSERT_TRUE(event && std::holds_alternative<LiteralContinuation>(*event));
    const auto& first = std::get<LiteralContinuation>(*event);
    EXPECT_EQ(first.size, 5u);
    ASSERT_EQ(first.leading_args.size(), 2u);
    EXPECT_EQ(first.leading_args[0].value, "Sent");
    EXPECT_EQ(first.leading_args[1].kind, Arg::Kind::List);
    // A later literal of the same MULTIAPPEND, and other commands' literals: none.
    receiver.feed("hello {3}\r\n");
    event = receiver.next();
    ASSERT_TRUE(event && std::holds_alternative<LiteralContinuation>(*event));
    EXPECT_TRUE(std::get<LiteralContinuation>(*event).leading_args.empty());
    receiver.feed("abc\r\nb LOGIN {1}\r\n");
    ASSERT_TRUE(std::holds_alternative<CommandReady>(*receiver.next()));
    event = receiver.next();
    ASSERT_TRUE(event && std::holds_alternative<LiteralContinuation>(*event));
    EXPECT_TRUE(std::get<LiteralContinuation>(*event).leading_args.empty());
    // Refused: the command is forgotten and the next line is a command.
    receiver.reject_literal();
    receiver.feed("c NOOP\r\n");
    event = receiver.next();
    ASSERT_TRUE(event && std::holds_alternative<CommandReady>(*event));
    EXPECT_EQ(std::get<CommandReady>(*event).command.tag, "c");
}
}  // namespace
}  // namespace roost::imap::proto
