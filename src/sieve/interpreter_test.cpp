// Interpreter tests: RFC 5228's action semantics (implicit keep, cancelling, stop, duplicate
// and conflicting actions), run-time errors and resource limits.
#include "sieve/sieve_test_support.hpp"

namespace roost::sieve::testing {
namespace {

const std::string kMsg =
    make_message({"From: a@example.org", "To: me@example.com", "Subject: hello"});

TEST(SieveInterpreter, EmptyScriptKeeps)
{
    Harness h;
    EXPECT_EQ(h.run("", kMsg).actions(), Actions{"keep:INBOX"});
    EXPECT_TRUE(h.run("", kMsg).result.implicit_keep());
}

TEST(SieveInterpreter, ImplicitKeepCancelled)
{
    Harness h;
    EXPECT_EQ(h.run("require \"fileinto\"; fileinto \"a\";", kMsg).actions(),
              Actions{"fileinto:a"});
    EXPECT_EQ(h.run("redirect \"x@example.net\";", kMsg).actions(),
              Actions{"redirect:x@example.net"});
    EXPECT_EQ(h.run("discard;", kMsg).actions(), Actions{"discard"});
    EXPECT_EQ(h.run("require \"reject\"; reject \"no\";", kMsg).actions(), Actions{"reject:no"});
    EXPECT_EQ(h.run("keep;", kMsg).actions(), Actions{"keep:INBOX"});
    EXPECT_FALSE(h.run("keep;", kMsg).result.implicit_keep());
}

TEST(SieveInterpreter, CopyKeepsTheImplicitKeep)
{
    Harness h;
    EXPECT_EQ(h.run("require [\"fileinto\", \"copy\"]; fileinto :copy \"a\";", kMsg).actions(),
              (Actions{"fileinto:a:copy", "keep:INBOX"}));
    EXPECT_EQ(h.run("require \"copy\"; redirect :copy \"x@example.net\";", kMsg).actions(),
              (Actions{"redirect:x@example.net:copy", "keep:INBOX"}));
}

TEST(SieveInterpreter, StopEndsTheScript)
{
    Harness h;
    EXPECT_EQ(h.run("require \"fileinto\"; stop; fileinto \"a\";", kMsg).actions(),
              Actions{"keep:INBOX"});
    EXPECT_EQ(h.run("require \"fileinto\"; fileinto \"a\"; stop; fileinto \"b\";", kMsg).actions(),
              Actions{"fileinto:a"});
}

TEST(SieveInterpreter, DuplicatesCollapse)
{
    Harness h;
    EXPECT_EQ(h.run("require \"fileinto\"; fileinto \"a\"; fileinto \"a\"; fileinto \"b\";", kMsg)
                  .actions(),
              (Actions{"fileinto:a", "fileinto:b"}));
    EXPECT_EQ(h.run("require \"fileinto\"; keep; fileinto \"inbox\"; keep;", kMsg).actions(),
              Actions{"keep:INBOX"});
    EXPECT_EQ(h.run("redirect \"x@Example.NET\"; redirect \"<x@example.net>\";", kMsg).actions(),
              Actions{"redirect:x@example.net"});
    EXPECT_EQ(h.run("redirect \"x@example.net\"; redirect \"X@example.net\";", kMsg).actions(),
              (Actions{"redirect:x@example.net", "redirect:X@example.net"}));
    EXPECT_EQ(h.run("discard; discard;", kMsg).actions(), Actions{"discard"});
}

TEST(SieveInterpreter, ConflictsAreRunTimeErrors)
{
    Harness h;
    for (const char* s : {"require [\"reject\",\"fileinto\"]; fileinto \"a\"; reject \"no\";",
                          "require \"reject\"; reject \"no\"; keep;",
                          "require \"reject\"; redirect \"a@b.c\"; reject \"no\";",
                          "require \"reject\"; reject \"a\"; reject \"b\";",
                          "require [\"reject\",\"vacation\"]; vacation \"x\"; reject \"no\";",
                          "require \"vacation\"; vacation \"a\"; vacation \"b\";"}) {
        const auto o = h.run(s, make_message({"From: a@example.org", "To: me@example.com"}));
        ASSERT_TRUE(o.compiled) << o.diagnostics;
        EXPECT_TRUE(o.result.failed) << s;
        EXPECT_EQ(o.actions(), Actions{"keep:INBOX"}) << s;
    }
    EXPECT_EQ(h.run("require \"reject\"; reject \"no\"; discard;", kMsg).actions(),
              (Actions{"reject:no", "discard"}));
}

TEST(SieveInterpreter, RunTimeErrorKeepsToInboxAndReportsPosition)
{
    Harness h;
    const auto o =
        h.run("require [\"fileinto\", \"ihave\"];\nfileinto \"a\";\n  error \"bad\";", kMsg);
    EXPECT_TRUE(o.result.failed);
    EXPECT_EQ(o.result.error, "3:3: error command: bad");
    EXPECT_EQ(o.actions(), Actions{"keep:INBOX"});
}

TEST(SieveInterpreter, RunTimeErrorIgnoresDefaultMailbox)
{
    Harness h;
    h.settings.default_mailbox = "Other";
    EXPECT_EQ(h.run("", kMsg).actions(), Actions{"keep:Other"});
    EXPECT_EQ(h.run("require \"ihave\"; error \"x\";", kMsg).actions(), Actions{"keep:INBOX"});
}

TEST(SieveInterpreter, ActionLimit)
{
    Harness h;
    h.settings.limits.max_actions = 3;
    const auto o = h.run(
        "require \"fileinto\"; fileinto \"a\"; fileinto \"b\"; fileinto \"c\"; fileinto \"d\";",
        kMsg);
    EXPECT_TRUE(o.result.failed);
    EXPECT_NE(o.result.error.find("too many actions"), std::string::npos);
}

TEST(SieveInterpreter, RedirectLimit)
{
    Harness h;
    h.settings.limits.max_redirects = 2;
    const auto o = h.run("redirect \"a@b.c\"; redirect \"b@b.c\"; redirect \"c@b.c\";", kMsg);
    EXPECT_TRUE(o.result.failed);
    EXPECT_NE(o.result.error.find("too many redirects"), std::string::npos);
}

TEST(SieveInterpreter, CpuBudget)
{
    Harness h;
    h.settings.limits.max_steps = 50;
    std::string s;
    for (int i = 0; i < 100; ++i) {
        s += "if header :contains \"subject\" \"x\" { }\n";
    }
    const auto o = h.run(s, kMsg);
    EXPECT_TRUE(o.result.failed);
    EXPECT_NE(o.result.error.find("CPU budget"), std::string::npos);
    EXPECT_EQ(o.actions(), Actions{"keep:INBOX"});
}

TEST(SieveInterpreter, InvalidRunTimeValues)
{
    Harness h;
    auto o = h.run("require \"variables\"; set \"a\" \"not an address\"; redirect \"${a}\";", kMsg);
    EXPECT_TRUE(o.result.failed);
    o = h.run("require [\"variables\", \"fileinto\"]; fileinto \"${nothing}\";", kMsg);
    EXPECT_TRUE(o.result.failed);
}

TEST(SieveInterpreter, ShortCircuitTests)
{
    Harness h;
    // The second test would fail at run time; anyof never gets there.
    const auto o =
        h.run("require \"ihave\";\nif anyof(true, header :is \"x\" \"y\") { discard; }", kMsg);
    EXPECT_EQ(o.actions(), Actions{"discard"});
}

TEST(SieveInterpreter, SizeTest)
{
    Harness h;
    const std::string m = kMsg;
    const std::string size = std::to_string(m.size());
    EXPECT_EQ(h.run("if size :over " + size + " { discard; }", m).actions(), Actions{"keep:INBOX"});
    EXPECT_EQ(h.run("if size :under " + size + " { discard; }", m).actions(),
              Actions{"keep:INBOX"});
    EXPECT_EQ(h.run("if size :over " + std::to_string(m.size() - 1) + " { discard; }", m).actions(),
              Actions{"discard"});
}

TEST(SieveInterpreter, HeaderValuesAreDecodedAndUnfolded)
{
    Harness h;
    const std::string m = make_message({"Subject: =?utf-8?q?caf=C3=A9?= and\r\n more", "X-Empty:"});
    EXPECT_EQ(h.run("if header :is \"subject\" \"café and more\" { discard; }", m).actions(),
              Actions{"discard"});
    EXPECT_EQ(h.run("if header :is \"x-empty\" \"\" { discard; }", m).actions(),
              Actions{"discard"});
    EXPECT_EQ(h.run("if header :contains \"x-missing\" \"\" { discard; }", m).actions(),
              Actions{"keep:INBOX"});
}

TEST(SieveInterpreter, AddressParts)
{
    Harness h;
    const std::string m =
        make_message({"From: \"Tim\" <Tim@Example.COM>", "To: undisclosed:;", "Cc: a@b.c, d@e.f"});
    EXPECT_EQ(h.run("if address :localpart :is \"from\" \"tim\" { discard; }", m).actions(),
              Actions{"discard"});
    EXPECT_EQ(h.run("if address :domain :is \"from\" \"example.com\" { discard; }", m).actions(),
              Actions{"discard"});
    EXPECT_EQ(h.run("if address :is \"from\" \"tim@example.com\" { discard; }", m).actions(),
              Actions{"discard"});
    EXPECT_EQ(h.run("if address :is \"cc\" \"d@e.f\" { discard; }", m).actions(),
              Actions{"discard"});
    EXPECT_EQ(h.run("if address :contains \"to\" \"\" { discard; }", m).actions(),
              Actions{"keep:INBOX"});
}

TEST(SieveInterpreter, EnvelopeTest)
{
    Harness h;
    h.envelope.from = "";
    EXPECT_EQ(
        h.run("require \"envelope\"; if envelope :is \"from\" \"\" { discard; }", kMsg).actions(),
        Actions{"discard"});
    h.envelope.from = "Bob@Example.ORG";
    h.envelope.orig_to = "me+lists@example.com";
    EXPECT_EQ(
        h.run("require \"envelope\"; if envelope :domain :is \"from\" \"example.org\" { discard; }",
              kMsg)
            .actions(),
        Actions{"discard"});
    EXPECT_EQ(
        h.run("require \"envelope\"; if envelope :localpart :is \"to\" \"me+lists\" { discard; }",
              kMsg)
            .actions(),
        Actions{"discard"});
    EXPECT_EQ(h.errors("require \"envelope\"; if envelope :is \"x-part\" \"\" { }"),
              "script:1:37: error: envelope part 'x-part' is not supported (use \"from\", \"to\" "
              "or \"auth\")\n");
}

TEST(SieveInterpreter, TraceShowsWhatRan)
{
    Harness h;
    const CompileResult c = h.compile_only("if header :is \"subject\" \"hello\" { discard; }");
    ASSERT_TRUE(c.ok());
    std::vector<std::string> lines;
    RunOptions opts;
    opts.trace = [&](std::string_view l) { lines.emplace_back(l); };
    opts.trace_level = TraceLevel::Matching;
    run(*c.program, kMsg, h.envelope, h.env, h.settings, opts);
    ASSERT_GE(lines.size(), 3u);
    EXPECT_EQ(lines[0], "1:1: if");
    EXPECT_NE(lines[1].find("matches key \"hello\""), std::string::npos);
}

}  // namespace
}  // namespace roost::sieve::testing

namespace roost::sieve::testing {
namespace {

TEST(SieveInterpreter, OddMessages)
{
    Harness h;
    const char* s =
        "require [\"editheader\", \"body\", \"mime\", \"foreverypart\"];\n"
        "addheader \"X-New\" \"1\";\nif exists \"\" { discard; }\n"
        "if body :contains \"\" { }\nforeverypart { if exists :mime \"x\" { } }";
    auto o = h.run(s, "");
    ASSERT_TRUE(o.compiled) << o.diagnostics;
    EXPECT_EQ(o.actions(), Actions{"keep:INBOX"});
    EXPECT_EQ(*o.result.edited_message, "X-New: 1\r\n\r\n");
    // A header line without a colon is no field, but editing keeps it.
    o = h.run(s, "broken line\nSubject: x\n\nbody\n");
    EXPECT_EQ(o.actions(), Actions{"keep:INBOX"});
    EXPECT_EQ(*o.result.edited_message, "X-New: 1\nbroken line\nSubject: x\n\nbody\n");
}

}  // namespace
}  // namespace roost::sieve::testing

namespace roost::sieve::testing {
namespace {

// A host whose CPU clock advances 5 ms at every look.
class SlowEnvironment : public FakeEnvironment {
public:
    std::int64_t clock_ms = 1000;
    std::int64_t cpu_time_ms() override { return clock_ms += 5; }
};

TEST(SieveInterpreter, CpuTimeThroughTheInjectedClock)
{
    Settings settings;
    settings.limits.max_cpu_ms = 20;
    SlowEnvironment env;
    std::string s;
    for (int i = 0; i < 3000; ++i) {
        s += "if true { }\n";
    }
    const CompileResult c = compile(s, settings, &env);
    ASSERT_TRUE(c.ok());
    const RunResult r = run(*c.program, make_message({"From: a@b.c"}), Envelope{}, env, settings);
    EXPECT_TRUE(r.failed);
    EXPECT_NE(r.error.find("CPU time"), std::string::npos) << r.error;
    EXPECT_EQ(r.actions.size(), 1u);
}

TEST(SieveInterpreter, IncludeDepthLimit)
{
    Harness h;
    h.settings.limits.max_include_depth = 3;
    for (int i = 0; i < 5; ++i) {
        h.env.personal_scripts["s" + std::to_string(i)] =
            "require \"include\"; include \"s" + std::to_string(i + 1) + "\";";
    }
    h.env.personal_scripts["s5"] = "keep;";
    EXPECT_NE(
        h.errors("require \"include\"; include \"s0\";").find("includes nested deeper than 3"),
        std::string::npos);
}

TEST(SieveInterpreter, LoopDepthLimit)
{
    Harness h;
    h.settings.limits.max_loop_depth = 1;
    const std::string m =
        "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: multipart/mixed; "
        "boundary=c\r\n\r\n--c\r\n\r\nx\r\n--c--\r\n--b--\r\n";
    const auto o = h.run("require \"foreverypart\";\nforeverypart { foreverypart { } }", m);
    EXPECT_TRUE(o.result.failed);
    EXPECT_NE(o.result.error.find("foreverypart loops nested deeper than 1"), std::string::npos);
}

}  // namespace
}  // namespace roost::sieve::testing
