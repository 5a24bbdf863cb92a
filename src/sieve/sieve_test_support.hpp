// Test support for the Sieve unit tests: a fake host, one-call compile+run, and actions as
// short strings ("fileinto:Foo", "keep:INBOX", "redirect:a@b.c") so expectations stay short.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "sieve/sieve.hpp"

namespace roost::sieve::testing {

class FakeEnvironment : public Environment {
public:
    std::set<std::string> mailboxes{"INBOX"};
    std::set<std::string> duplicates;  // keys the host has seen
    std::set<std::string> responded;   // vacation keys already answered
    std::map<std::string, std::string> personal_scripts;
    std::map<std::string, std::string> global_scripts;
    std::map<std::string, std::string> items;
    Now clock{1700000000, 0};  // 2023-11-14T22:13:20Z
    std::vector<std::string> duplicate_queries;

    bool mailbox_exists(std::string_view m) override { return mailboxes.count(std::string(m)) > 0; }
    bool duplicate_seen(std::string_view key, std::int64_t) override
    {
        duplicate_queries.emplace_back(key);
        return duplicates.count(std::string(key)) > 0;
    }
    bool vacation_responded(std::string_view key) override
    {
        return responded.count(std::string(key)) > 0;
    }
    Result<std::optional<std::string>> load_script(ScriptLocation loc,
                                                   std::string_view name) override
    {
        const auto& m = loc == ScriptLocation::Global ? global_scripts : personal_scripts;
        const auto it = m.find(std::string(name));
        if (it == m.end()) {
            return std::optional<std::string>();
        }
        return std::optional<std::string>(it->second);
    }
    std::optional<std::string> environment_item(std::string_view name) override
    {
        const auto it = items.find(std::string(name));
        return it == items.end() ? std::nullopt : std::optional<std::string>(it->second);
    }
    Now now() override { return clock; }
};

// A message of header lines and a body, CRLF line ends.
inline std::string make_message(const std::vector<std::string>& header,
                                const std::string& body = "body\r\n")
{
    std::string m;
    for (const std::string& h : header) {
        m += h + "\r\n";
    }
    return m + "\r\n" + body;
}

// RFC 5228 section 1.2's first example message.
inline std::string rfc_message_a()
{
    return make_message(
        {"Date: Tue, 1 Apr 1997 09:06:31 -0800 (PST)", "From: coyote@desert.example.org",
         "To: roadrunner@acme.example.com", "Subject: I have a present for you"},
        "Look, I'm sorry about the whole anvil thing, and I really\r\n"
        "didn't mean to try and drop it on you from the top of the\r\n"
        "cliff.  I want to try to make it up to you.\r\n");
}

// RFC 5228 section 1.2's second example message.
inline std::string rfc_message_b()
{
    return make_message(
        {"From: youcouldberich!@reply-by-postal-mail.invalid", "Sender: b1ff@de.res.example.com",
         "To: rube@landmark.net.example.org", "Date: Mon, 31 Mar 1997 18:26:10 -0800",
         "Subject: $$$ YOU, TOO, CAN BE A MILLIONAIRE! $$$"},
        "YOU MAY HAVE ALREADY WON TEN MILLION DOLLARS, BUT I DOUBT\r\n"
        "IT!  SO JUST CALL 1-900-555-1212 TO LEARN MORE!\r\n");
}

inline std::string short_action(const Action& a)
{
    if (const auto* s = std::get_if<StoreAction>(&a.data)) {
        std::string out = (s->keep ? "keep:" : "fileinto:") + s->mailbox;
        if (s->copy) {
            out += ":copy";
        }
        if (s->create) {
            out += ":create";
        }
        if (!s->flags.empty()) {
            out += "[";
            for (std::size_t i = 0; i < s->flags.size(); ++i) {
                out += (i ? " " : "") + s->flags[i];
            }
            out += "]";
        }
        return out;
    }
    if (const auto* r = std::get_if<RedirectAction>(&a.data)) {
        return "redirect:" + r->address + (r->copy ? ":copy" : "");
    }
    if (const auto* j = std::get_if<RejectAction>(&a.data)) {
        return (j->extended ? "ereject:" : "reject:") + j->reason;
    }
    if (std::holds_alternative<DiscardAction>(a.data)) {
        return "discard";
    }
    if (const auto* v = std::get_if<VacationAction>(&a.data)) {
        return "vacation:" + v->to;
    }
    if (const auto* n = std::get_if<NotifyAction>(&a.data)) {
        return "notify:" + n->method;
    }
    return "?";
}

struct Outcome {
    bool compiled = false;
    std::string diagnostics;  // formatted, "script:line:col: error: ..."
    RunResult result;

    std::vector<std::string> actions() const
    {
        std::vector<std::string> out;
        for (const Action& a : result.actions) {
            out.push_back(short_action(a));
        }
        return out;
    }
    template <class T>
    const T* first() const
    {
        for (const Action& a : result.actions) {
            if (const auto* p = std::get_if<T>(&a.data)) {
                return p;
            }
        }
        return nullptr;
    }
};

struct Harness {
    Settings settings;
    FakeEnvironment env;
    Envelope envelope{"sender@example.org", "me@example.com", "me@example.com", ""};

    CompileResult compile_only(const std::string& script)
    {
        return compile(script, settings, &env);
    }

    // Compiles and runs; a compile failure leaves compiled false and the diagnostics set.
    Outcome run(const std::string& script, const std::string& message)
    {
        Outcome o;
        const CompileResult c = compile(script, settings, &env);
        o.diagnostics = c.diagnostics.format("script");
        if (!c.ok()) {
            return o;
        }
        o.compiled = true;
        o.result = roost::sieve::run(*c.program, message, envelope, env, settings);
        return o;
    }

    // The diagnostics of a script that must not compile.
    std::string errors(const std::string& script)
    {
        const CompileResult c = compile(script, settings, &env);
        EXPECT_FALSE(c.ok()) << "script compiled unexpectedly:\n" << script;
        return c.diagnostics.format("script");
    }
};

using Actions = std::vector<std::string>;

}  // namespace roost::sieve::testing
