#include "managesieve/worker/managesieve_session.hpp"

#include "core/log.hpp"
#include "core/strings.hpp"
#include "managesieve/common/capability.hpp"
#include "managesieve/proto/managesieve_receiver.hpp"
#include "managesieve/proto/response.hpp"
#include "sieve/sieve.hpp"
#include "sieve_host/script_dirs.hpp"
#include "worker/client_connection.hpp"

namespace roost::managesieve {
namespace {

using proto::response;
using proto::sieve_string;
using proto::Word;

// The response code RFC 5804 gives each failure.
std::string code_of(ScriptError e)
{
    switch (e) {
    case ScriptError::NonExistent: return "NONEXISTENT";
    case ScriptError::Active: return "ACTIVE";
    case ScriptError::AlreadyExists: return "ALREADYEXISTS";
    case ScriptError::QuotaMaxScripts: return "QUOTA/MAXSCRIPTS";
    case ScriptError::QuotaMaxSize: return "QUOTA/MAXSIZE";
    case ScriptError::QuotaStorage: return "QUOTA";
    case ScriptError::Io: return "TRYLATER";
    default: return "";
    }
}

class Session {
public:
    Session(int fd, std::string pending, ScriptStore& store, const SessionSettings& settings)
        : client_(fd),
          receiver_(proto::ReceiverLimits{settings.server.max_line}),
          store_(store),
          settings_(settings),
          includes_(store.dir(), settings.global_dir)
    {
        receiver_.feed(pending);
    }

    ~Session()
    {
        std::string line;
        const std::string& f = settings_.server.logout_format;
        for (std::size_t i = 0; i < f.size(); ++i) {
            if (f[i] == '%' && i + 1 < f.size() && (f[i + 1] == 'i' || f[i + 1] == 'o')) {
                line += std::to_string(f[++i] == 'i' ? client_.bytes_in() : client_.bytes_out());
            } else {
                line += f[i];
            }
        }
        log::info("Disconnected: ", line);
    }

    void run()
    {
        client_.send(response("OK", "", "Logged in."));
        int bad = 0;
        while (bad < 10) {
            auto event = receiver_.next();
            if (!event) {
                auto r = client_.read_some(settings_.idle_timeout);
                if (r.status == worker::ClientConnection::ReadStatus::TimedOut) {
                    client_.send(response("BYE", "", "Disconnected for inactivity."));
                }
                if (r.status != worker::ClientConnection::ReadStatus::Data) {
                    return;
                }
                receiver_.feed(r.bytes);
                continue;
            }
            if (const auto* err = std::get_if<proto::ParseError>(&*event)) {
                ++bad;
                client_.send(response("NO", "", err->text));
                continue;
            }
            if (!handle(std::get<proto::Line>(*event), bad)) {
                return;
            }
        }
        client_.send(response("BYE", "", "Too many invalid commands."));
    }

private:
    // One string argument per expected position; false (and a NO sent) otherwise.
    bool strings(const proto::Line& line, std::size_t count)
    {
        bool ok = line.words.size() == count + 1;
        for (std::size_t i = 1; ok && i <= count; ++i) {
            ok = line.words[i].is_string();
        }
        if (!ok) {
            client_.send(response("NO", "", "Wrong arguments for " + to_upper(line.words[0].value) + "."));
        }
        return ok;
    }

    void fail(const Error& e) { client_.send(response("NO", code_of(script_error_of(e)), e.message)); }

    // Compiles a script: empty on success (warnings go to `warnings`), else the errors.
    std::string compile_errors(const std::string& text, std::string& warnings)
    {
        const sieve::CompileResult c = sieve::compile(text, settings_.sieve, &includes_);
        std::string errors;
        std::size_t error_count = 0;
        for (const sieve::Diagnostic& d : c.diagnostics.list()) {
            if (!d.warning && settings_.server.max_compile_errors != 0 && ++error_count > settings_.server.max_compile_errors) {
                continue;
            }
            std::string& out = d.warning ? warnings : errors;
            out += (out.empty() ? "" : "\r\n") + std::to_string(d.pos.line) + ":" + std::to_string(d.pos.column) +
                   ": " + (d.script.empty() ? "" : "in " + d.script + ": ") + d.message;
        }
        if (!c.ok() && errors.empty()) {
            errors = "the script does not compile";
        }
        return errors;
    }

    void put_or_check(const std::string* name, const std::string& text)
    {
        std::string warnings;
        if (const std::string errors = compile_errors(text, warnings); !errors.empty()) {
            client_.send(response("NO", "", errors));
            return;
        }
        if (name != nullptr) {
            if (auto saved = store_.put(*name, text); !saved) {
                fail(saved.error());
                return;
            }
            log::info("putscript: ", *name, " (", text.size(), " bytes)");
        }
        client_.send(warnings.empty() ? response("OK", "", name ? "PUTSCRIPT completed." : "Script is valid.")
                                      : response("OK", "WARNINGS", warnings));
    }

    bool handle(const proto::Line& line, int& bad)
    {
        const Word& first = line.words.front();
        const std::string name = first.kind == Word::Kind::Atom ? to_upper(first.value) : "";
        const auto arg = [&](std::size_t i) -> const std::string& { return line.words[i].value; };
        if (name == "CAPABILITY") {
            CapabilityInput in;
            in.sieve = &settings_.sieve;
            in.server = &settings_.server;
            client_.send(capability_lines(in) + response("OK", "", "Capability completed."));
        } else if (name == "NOOP") {
            client_.send(response("OK", line.words.size() > 1 ? "TAG " + sieve_string(arg(1)) : "", "NOOP completed."));
        } else if (name == "LOGOUT") {
            client_.send(response("OK", "", "Logout completed."));
            return false;
        } else if (name == "LISTSCRIPTS") {
            auto list = store_.list();
            if (!list) {
                fail(list.error());
                return true;
            }
            std::string out;
            for (const ScriptEntry& e : *list) {
                out += sieve_string(e.name) + (e.active ? " ACTIVE" : "") + "\r\n";
            }
            client_.send(out + response("OK", "", "Listscripts completed."));
        } else if (name == "GETSCRIPT") {
            if (strings(line, 1)) {
                auto text = store_.get(arg(1));
                if (!text) {
                    fail(text.error());
                } else {
                    client_.send("{" + std::to_string(text->size()) + "}\r\n" + *text + "\r\n" +
                                 response("OK", "", "Getscript completed."));
                }
            }
        } else if (name == "PUTSCRIPT") {
            if (strings(line, 2)) {
                if (!ScriptStore::valid_name(arg(1))) {
                    client_.send(response("NO", "", "Invalid script name."));
                } else {
                    put_or_check(&arg(1), arg(2));
                }
            }
        } else if (name == "CHECKSCRIPT") {
            if (strings(line, 1)) {
                put_or_check(nullptr, arg(1));
            }
        } else if (name == "HAVESPACE") {
            if (line.words.size() != 3 || !line.words[1].is_string() || line.words[2].kind != Word::Kind::Number) {
                client_.send(response("NO", "", "HAVESPACE needs a script name and a size."));
            } else if (auto space = store_.check_space(arg(1), std::stoull(arg(2).substr(0, 18))); !space) {
                fail(space.error());
            } else {
                client_.send(response("OK", "", "Putscript would succeed."));
            }
        } else if (name == "SETACTIVE") {
            if (strings(line, 1)) {
                setactive(arg(1));
            }
        } else if (name == "DELETESCRIPT") {
            if (strings(line, 1)) {
                auto removed = store_.remove(arg(1));
                removed ? client_.send(response("OK", "", "Deletescript completed.")) : fail(removed.error());
            }
        } else if (name == "RENAMESCRIPT") {
            if (strings(line, 2)) {
                auto renamed = store_.rename(arg(1), arg(2));
                renamed ? client_.send(response("OK", "", "Renamescript completed.")) : fail(renamed.error());
            }
        } else if (name == "AUTHENTICATE" || name == "STARTTLS") {
            client_.send(response("NO", "", "Already authenticated."));
        } else {
            ++bad;
            client_.send(response("NO", "", name.empty() ? "Expected a command name." : "Unknown command."));
        }
        return true;
    }

    void setactive(const std::string& name)
    {
        if (!name.empty()) {
            // A script that no longer compiles (new engine limits, edited by hand) is not activated.
            auto text = store_.get(name);
            if (!text) {
                fail(text.error());
                return;
            }
            std::string warnings;
            if (const std::string errors = compile_errors(*text, warnings); !errors.empty()) {
                client_.send(response("NO", "", errors));
                return;
            }
        }
        if (auto set = store_.set_active(name); !set) {
            fail(set.error());
            return;
        }
        log::info("setactive: ", name.empty() ? std::string("(none)") : name);
        client_.send(response("OK", "", "Setactive completed."));
    }

    worker::ClientConnection client_;
    proto::Receiver receiver_;
    ScriptStore& store_;
    const SessionSettings& settings_;
    sieve_host::ScriptDirs includes_;
};

}  // namespace

void run_managesieve_session(int fd, std::string pending, ScriptStore& store, const SessionSettings& settings)
{
    Session(fd, std::move(pending), store, settings).run();
}

}  // namespace roost::managesieve
