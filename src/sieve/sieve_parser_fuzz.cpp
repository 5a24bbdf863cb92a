// libFuzzer target: compiles arbitrary bytes as a Sieve script (lexer, parser, validator) and
// runs what compiles against a fixed MIME message, with every extension enabled.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sieve/settings_parse.hpp"
#include "sieve/sieve.hpp"

namespace {

using namespace roost::sieve;

const std::string kMessage =
    "Return-Path: <sender@example.org>\r\n"
    "Received: from mx.example.org by mail.example.com; Tue, 14 Nov 2023 22:13:20 +0000\r\n"
    "From: \"Sender\" <sender+tag@example.org>\r\n"
    "To: me@example.com, other@example.net\r\n"
    "Cc: list@lists.example.org\r\n"
    "Subject: =?utf-8?q?caf=C3=A9?= [list] hello\r\n"
    "Date: Tue, 14 Nov 2023 23:13:20 +0100\r\n"
    "Message-ID: <fuzz@example.org>\r\n"
    "X-Spam-Score: 4.5\r\n"
    "List-Id: <list.example.org>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"b\"\r\n"
    "\r\n"
    "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nplain text body\r\n"
    "--b\r\nContent-Type: text/html\r\n\r\n<p>html <b>body</b></p>\r\n"
    "--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: inner@example.org\r\nSubject: "
    "inner\r\n\r\ninner\r\n"
    "--b--\r\n";

class FuzzEnvironment : public Environment {
public:
    bool mailbox_exists(std::string_view m) override { return m == "INBOX" || m == "Archive"; }
    bool duplicate_seen(std::string_view key, std::int64_t) override { return key.size() % 2 == 0; }
    roost::Result<std::optional<std::string>> load_script(ScriptLocation,
                                                          std::string_view name) override
    {
        if (name == "flags") {
            return std::optional<std::string>(
                "require [\"imap4flags\", \"include\", \"variables\"]; global \"g\"; "
                "addflag \"x\"; set \"g\" \"${g}1\"; return;");
        }
        if (name == "self") {
            return std::optional<std::string>("require \"include\"; include \"self\";");
        }
        return std::optional<std::string>();
    }
    Now now() override { return Now{1700000000, 60}; }
};

Settings make_settings()
{
    Settings s;
    s.limits.max_steps = 20000;
    s.limits.max_script_size = 64 * 1024;
    (void)apply_setting(s, "sieve_spamtest_status_header", "X-Spam-Score");
    (void)apply_setting(s, "sieve_spamtest_max_value", "10");
    (void)apply_setting(s, "sieve_virustest_status_header", "X-Virus: ([a-z]+)");
    (void)apply_setting(s, "sieve_virustest_status_type", "text");
    (void)apply_setting(s, "sieve_virustest_text_value1", "clean");
    return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const Settings settings = make_settings();
    static FuzzEnvironment env;
    const std::string_view script(reinterpret_cast<const char*>(data), size);
    const CompileResult compiled = compile(script, settings, &env);
    (void)compiled.diagnostics.format("fuzz");
    if (compiled.ok()) {
        const Envelope envelope{"sender@example.org", "me+box@example.com", "me@example.com", ""};
        const RunResult r = run(*compiled.program, kMessage, envelope, env, settings);
        for (const Action& a : r.actions) {
            (void)describe(a);
        }
    }
    return 0;
}
