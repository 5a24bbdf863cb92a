// roost-sieve-test: runs a Sieve script against a message and prints the actions it would
// perform, as Pigeonhole's sieve-test does (a dry run: nothing is stored or sent).
//   roost-sieve-test [options] SCRIPT MESSAGE
// Options: -f SENDER, -a ORIG_RECIPIENT, -r RECIPIENT, -m DEFAULT_MAILBOX, -t TRACE_FILE
// ('-' for stdout), -T level=actions|commands|tests|matching, -D (debug), -x EXTENSIONS,
// -o KEY=VALUE (sieve_* settings), and for reproducible runs --time UNIX[+-hhmm],
// --mailbox NAME (exists), --env NAME=VALUE, --global-dir DIR. With -e the actions are
// carried out against the mailboxes of -l LOCATION (e.g. maildir:~/Maildir) through the
// LDA's action code; mail that would be sent (redirect, vacation, reject) is printed instead.
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "core/strings.hpp"
#include "lda/action_executor.hpp"
#include "lda/mail_sender.hpp"
#include "lda/tracking_store.hpp"
#include "sieve/address_util.hpp"
#include "sieve/ext_date.hpp"
#include "sieve/message.hpp"
#include "sieve/settings_parse.hpp"
#include "sieve/sieve.hpp"
#include "sieve/tools/tool_environment.hpp"

namespace {

using namespace roost::sieve;

// What -e does not send: the mail a real delivery would hand to sendmail, printed.
class PrintingSender : public roost::lda::MailSender {
public:
    roost::Result<void> send(std::string_view from, const std::vector<std::string>& to, std::string_view message) override
    {
        std::cout << "Would send from <" << from << "> to " << roost::join(to, ", ") << " (" << message.size()
                  << " bytes); not sent in a test run\n";
        return {};
    }
};

// -e: carries the actions out against the mailboxes of `location`.
int execute_actions(const std::string& location, const RunResult& result, const std::string& message,
                    const Envelope& envelope)
{
    roost::storage::StorageSettings ss;
    ss.mail_location = location;
    const char* home = std::getenv("HOME");
    const char* user = std::getenv("USER");
    ss.variables = {user ? user : "", home ? home : ""};
    auto store = roost::storage::open_storage(ss);
    if (!store) {
        std::cerr << "roost-sieve-test: " << store.error().message << "\n";
        return 75;
    }
    PrintingSender sender;
    roost::lda::TrackingStore tracking(std::string(home ? home : ".") + "/.roost.lda-dupes");
    roost::lda::DeliverySettings settings;
    settings.names = {"", '.'};  // script names as with Maildir++ and no namespace prefix
    roost::lda::ActionExecutor executor(**store, sender, tracking, settings,
                                        {user ? user : "", envelope.from, envelope.orig_to, envelope.to},
                                        std::time(nullptr), 0);
    roost::lda::SieveDecision decision;
    decision.actions = result.actions;
    decision.duplicate_marks = result.duplicate_marks;
    decision.edited_message = result.edited_message;
    auto done = executor.execute(decision, message);
    if (!done) {
        std::cerr << "roost-sieve-test: " << done.error().message << "\n";
        return 75;
    }
    std::cout << "Executed:\n";
    for (const std::string& line : done->log) {
        std::cout << " * " << line << "\n";
    }
    return 0;
}

void usage()
{
    std::cerr
        << "usage: roost-sieve-test [-f SENDER] [-a ORIG_RECIPIENT] [-r RECIPIENT] [-m MAILBOX]\n"
           "         [-t TRACE_FILE] [-T level=LEVEL] [-D] [-x EXTENSIONS] [-o KEY=VALUE]...\n"
           "         [--time UNIX[+hhmm]] [--mailbox NAME]... [--env NAME=VALUE]...\n"
           "         [--global-dir DIR] [-e -l MAIL_LOCATION] SCRIPT MESSAGE\n";
}

// The first address of the first present field, as Pigeonhole's sieve-test guesses the
// envelope when it is not given.
std::string guess_address(const Message& msg, std::initializer_list<std::string_view> fields,
                          const char* fallback)
{
    for (std::string_view f : fields) {
        for (const std::string_view v : msg.values(f)) {
            const auto list = header_addresses(v);
            if (!list.empty() && !list.front().domain.empty()) {
                return list.front().spec();
            }
        }
    }
    return fallback;
}

std::string flags_text(const std::vector<std::string>& flags)
{
    return flags.empty() ? std::string() : " flags: " + roost::join(flags, " ");
}

void print_message(const std::string& message)
{
    std::cout << "    --- message ---\n";
    std::size_t i = 0;
    while (i < message.size()) {
        std::size_t e = message.find('\n', i);
        if (e == std::string::npos) {
            e = message.size();
        }
        std::string line = message.substr(i, e - i);
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        std::cout << "    " << line << "\n";
        i = e + 1;
    }
    std::cout << "    --- end ---\n";
}

void print_action(const Action& a)
{
    if (const auto* s = std::get_if<StoreAction>(&a.data)) {
        std::cout << " * " << (s->keep ? "keep" : "fileinto") << " \"" << s->mailbox << "\""
                  << (s->copy ? " copy" : "") << (s->create ? " create" : "")
                  << flags_text(s->flags) << "\n";
    } else if (const auto* r = std::get_if<RedirectAction>(&a.data)) {
        std::cout << " * redirect <" << r->address << ">" << (r->copy ? " copy" : "") << "\n";
    } else if (const auto* j = std::get_if<RejectAction>(&a.data)) {
        std::cout << " * " << (j->extended ? "ereject" : "reject") << " \"" << j->reason << "\"\n";
    } else if (std::holds_alternative<DiscardAction>(a.data)) {
        std::cout << " * discard\n";
    } else if (const auto* v = std::get_if<VacationAction>(&a.data)) {
        std::cout << " * vacation to <" << v->to << "> period " << v->period << "\n";
        print_message(v->message);
    } else if (const auto* n = std::get_if<NotifyAction>(&a.data)) {
        std::cout << " * notify \"" << n->method << "\" importance " << n->importance
                  << " recipients " << roost::join(n->recipients, ",") << "\n";
        print_message(n->message);
    }
}

}  // namespace

int main(int argc, char** argv)
{
    Settings settings;
    tools::ToolEnvironment env;
    Envelope envelope;
    bool have_from = false;
    bool have_to = false;
    bool debug = false;
    bool execute = false;
    std::string location;
    std::string trace_file;
    TraceLevel trace_level = TraceLevel::Actions;
    std::vector<std::string> positional;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                usage();
                std::exit(64);
            }
            return argv[++i];
        };
        if (arg == "-f") {
            envelope.from = value();
            have_from = true;
        } else if (arg == "-a") {
            envelope.orig_to = value();
            have_to = true;
        } else if (arg == "-r") {
            envelope.to = value();
            have_to = true;
        } else if (arg == "-m") {
            settings.default_mailbox = value();
        } else if (arg == "-t") {
            trace_file = value();
        } else if (arg.rfind("-T", 0) == 0) {
            std::string t = arg.size() > 2 ? arg.substr(2) : value();
            if (t.rfind("level=", 0) == 0) {
                t = t.substr(6);
            }
            if (t == "actions") {
                trace_level = TraceLevel::Actions;
            } else if (t == "commands") {
                trace_level = TraceLevel::Commands;
            } else if (t == "tests") {
                trace_level = TraceLevel::Tests;
            } else if (t == "matching") {
                trace_level = TraceLevel::Matching;
            }
        } else if (arg == "-D") {
            debug = true;
        } else if (arg == "-x" || arg == "-o") {
            const std::string v = value();
            const std::size_t eq = v.find('=');
            const std::string key = arg == "-x" ? "sieve_extensions" : v.substr(0, eq);
            const std::string val =
                arg == "-x" ? v : (eq == std::string::npos ? "" : v.substr(eq + 1));
            auto r = apply_setting(settings, key, val);
            if (!r) {
                std::cerr << "roost-sieve-test: " << r.error().message << "\n";
                return 64;
            }
            if (!*r) {
                if (key == "sieve_global_dir" || key == "sieve_global") {
                    env.global_dir = val;
                } else if (key == "sieve_dir") {
                    env.personal_dir = val;
                } else {
                    std::cerr << "roost-sieve-test: unknown setting " << key << "\n";
                    return 64;
                }
            }
        } else if (arg == "--time") {
            const std::string v = value();
            const std::size_t z = v.find_first_of("+-", 1);
            Now now;
            now.unix_time = std::stoll(v.substr(0, z));
            if (z != std::string::npos) {
                now.zone_minutes = parse_zone(v.substr(z)).value_or(0);
            }
            env.fixed_now = now;
        } else if (arg == "--mailbox") {
            env.mailboxes.insert(value());
        } else if (arg == "--env") {
            const std::string v = value();
            const std::size_t eq = v.find('=');
            env.items.emplace_back(v.substr(0, eq),
                                   eq == std::string::npos ? "" : v.substr(eq + 1));
        } else if (arg == "--global-dir") {
            env.global_dir = value();
        } else if (arg == "-e") {
            execute = true;
        } else if (arg == "-l") {
            location = value();
        } else if (arg == "-c" || arg == "-s" || arg == "-u" || arg == "-d") {
            std::cerr << "roost-sieve-test: option " << arg << " is not supported\n";
            return 64;
        } else if (arg == "-C") {
            // Pigeonhole's "force compile": Roost always compiles.
        } else if (arg == "-h" || arg == "--help") {
            usage();
            return 0;
        } else if (arg.size() > 1 && arg[0] == '-') {
            usage();
            return 64;
        } else {
            positional.push_back(arg);
        }
    }
    if (positional.size() != 2 || (execute && location.empty())) {
        if (execute && location.empty()) {
            std::cerr << "roost-sieve-test: -e needs -l MAIL_LOCATION (e.g. maildir:~/Maildir)\n";
        }
        usage();
        return 64;
    }
    const std::string& script_path = positional[0];
    const auto script = tools::read_file(script_path);
    if (!script) {
        std::cerr << "roost-sieve-test: cannot read script " << script_path << "\n";
        return 66;
    }
    const auto message = tools::read_file(positional[1]);
    if (!message) {
        std::cerr << "roost-sieve-test: cannot read message " << positional[1] << "\n";
        return 66;
    }
    if (env.personal_dir.empty()) {
        env.personal_dir = tools::dir_of(script_path);
    }
    const CompileResult compiled = compile(*script, settings, &env);
    std::cerr << compiled.diagnostics.format(script_path);
    if (!compiled.ok()) {
        std::cerr << "roost-sieve-test: " << script_path << ": the script does not compile\n";
        return 1;
    }
    {
        const Message probe(*message);
        if (!have_from) {
            envelope.from =
                guess_address(probe, {"return-path", "sender", "from"}, "sender@example.com");
        }
        if (!have_to) {
            envelope.orig_to = guess_address(probe, {"envelope-to", "to"}, "recipient@example.com");
        }
    }
    if (envelope.to.empty()) {
        envelope.to = envelope.orig_to;
    }
    if (envelope.orig_to.empty()) {
        envelope.orig_to = envelope.to;
    }
    if (const auto at = envelope.to.rfind('@'); at != std::string::npos) {
        env.items.emplace_back("domain", envelope.to.substr(at + 1));
    }
    // A test run looks at a message already in the store, after delivery (RFC 5183
    // section 4), as Pigeonhole's sieve-test says too; --env overrides these.
    env.items.emplace_back("location", "MS");
    env.items.emplace_back("phase", "post");

    RunOptions options;
    std::ofstream trace_out;
    if (!trace_file.empty()) {
        if (trace_file != "-") {
            trace_out.open(trace_file);
        }
        std::ostream* out = trace_file == "-" ? &std::cout : &trace_out;
        options.trace = [out](std::string_view line) { *out << "## " << line << "\n"; };
        options.trace_level = trace_level;
    }
    const RunResult result = run(*compiled.program, *message, envelope, env, settings, options);
    if (result.failed) {
        std::cerr << script_path << ": run-time error: " << result.error << "\n";
    }
    for (const std::string& w : result.warnings) {
        std::cerr << script_path << ":" << w << " (warning)\n";
    }
    std::cout << "Performed actions:\n";
    std::size_t explicit_count = 0;
    const Action* implicit = nullptr;
    for (const Action& a : result.actions) {
        const auto* s = std::get_if<StoreAction>(&a.data);
        if (s != nullptr && s->implicit) {
            implicit = &a;
            continue;
        }
        print_action(a);
        ++explicit_count;
    }
    if (explicit_count == 0) {
        std::cout << " (none)\n";
    }
    std::cout << "Implicit keep:\n";
    if (implicit != nullptr) {
        print_action(*implicit);
    } else {
        std::cout << " (none)\n";
    }
    if (!result.duplicate_marks.empty()) {
        std::cout << "Duplicate tracking:\n";
        for (const DuplicateMark& m : result.duplicate_marks) {
            std::cout << " * track duplicate"
                      << (m.handle.empty() ? "" : " with handle: " + m.handle) << " for "
                      << m.period << "s" << (m.last ? " (last)" : "") << "\n";
        }
    }
    if (debug) {
        std::cerr << "debug: " << result.steps << " steps\n";
        for (const DuplicateMark& m : result.duplicate_marks) {
            std::cerr << "debug: duplicate id to record: " << m.key << " for " << m.period << "s\n";
        }
        if (result.edited_message) {
            std::cerr << "debug: the message after editheader:\n" << *result.edited_message;
        }
    }
    if (execute) {
        const int executed = execute_actions(location, result, *message, envelope);
        if (executed != 0) {
            return executed;
        }
    }
    return result.failed ? 1 : 0;
}
