// roost-storage-tool: drives the storage library from the command line for tests and manual
// checks against Dovecot (tests/storage). Output is JSON, except `cat` which prints the message.
//   roost-storage-tool -l LOCATION [-H HOME] [-u USER] [--no-fsync] COMMAND ARGS...
// Commands: list | create NAME | delete NAME | rename OLD NEW | subscribe NAME |
//   unsubscribe NAME | subscriptions | status NAME | fetch NAME [--examine] |
//   append NAME [--flags "\Seen kw"] [--date SECS] [FILE] | store NAME UIDS add|remove|replace
//   [FLAG...] | expunge NAME UIDS | copy SRC DST UIDS | move SRC DST UIDS | cat NAME UID
// UIDS is "all" or a list like 1,3,5:9.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/strings.hpp"
#include "storage/storage.hpp"
#include "storage/storage_error.hpp"

namespace {

using nlohmann::json;
using roost::storage::Flags;
using roost::storage::Mailbox;
using roost::storage::Storage;

struct Usage {
    std::string message;
};

int fail(const roost::Error& e)
{
    std::cerr << "roost-storage-tool: " << e.message << " (" << e.code.message() << ")\n";
    return roost::storage::storage_code_of(e) == roost::storage::StorageError::NotFound ? 2 : 1;
}

template <class T>
T must(roost::Result<T> r)
{
    if (!r) {
        throw r.error();
    }
    return std::move(r.value());
}

void must(const roost::Result<void>& r)
{
    if (!r) {
        throw r.error();
    }
}

std::vector<std::uint32_t> parse_uids(const std::string& text, const Mailbox& box)
{
    std::vector<std::uint32_t> uids;
    if (text == "all") {
        for (std::uint32_t seq = 1; seq <= box.count(); ++seq) {
            uids.push_back(box.message(seq).uid);
        }
        return uids;
    }
    for (const std::string_view part : roost::split(text, ',')) {
        const auto colon = part.find(':');
        try {
            const auto lo =
                static_cast<std::uint32_t>(std::stoul(std::string(part.substr(0, colon))));
            const auto hi =
                colon == std::string_view::npos
                    ? lo
                    : static_cast<std::uint32_t>(std::stoul(std::string(part.substr(colon + 1))));
            for (std::uint32_t u = lo; u <= hi && u != 0; ++u) {
                uids.push_back(u);
            }
        } catch (const std::exception&) {
            throw Usage{"bad UID set: " + text};
        }
    }
    return uids;
}

// "\Seen $Label1" -> system flags and keywords.
void parse_flag_words(const std::vector<std::string>& words, Flags& flags,
                      std::vector<std::string>& keywords)
{
    for (const std::string& w : words) {
        for (const std::string_view word : roost::split_words(w)) {
            if (!word.empty() && word[0] == '\\') {
                const auto f = roost::storage::parse_system_flag(word);
                if (!f) {
                    throw Usage{"unknown system flag " + std::string(word)};
                }
                flags |= *f;
            } else {
                keywords.emplace_back(word);
            }
        }
    }
}

json flag_list(const Mailbox& box, const roost::storage::MessageInfo& m)
{
    json out = json::array();
    const std::string system = roost::storage::flags_to_string(m.flags);
    for (const std::string_view f : roost::split_words(system)) {
        out.push_back(std::string(f));
    }
    for (const std::string& k : box.keyword_names(m.keywords)) {
        out.push_back(k);
    }
    return out;
}

std::unique_ptr<Mailbox> open_box(Storage& storage, const std::string& name, bool read_only)
{
    roost::storage::OpenOptions options;
    options.read_only = read_only;
    return must(storage.open_mailbox(name, options));
}

std::string read_input(const std::string& file)
{
    std::ostringstream ss;
    if (file.empty() || file == "-") {
        ss << std::cin.rdbuf();
    } else {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            throw Usage{"cannot read " + file};
        }
        ss << in.rdbuf();
    }
    return ss.str();
}

int run(Storage& storage, const std::vector<std::string>& args)
{
    const std::string& cmd = args.at(0);
    auto arg = [&](std::size_t i) -> const std::string& {
        if (i >= args.size()) {
            throw Usage{"missing argument for " + cmd};
        }
        return args[i];
    };
    json out;
    if (cmd == "list") {
        out = json::array();
        for (const auto& e : must(storage.list_mailboxes())) {
            out.push_back(
                {{"name", e.name}, {"selectable", e.selectable}, {"children", e.has_children}});
        }
    } else if (cmd == "create") {
        must(storage.create_mailbox(arg(1)));
        out = {{"created", arg(1)}};
    } else if (cmd == "delete") {
        must(storage.delete_mailbox(arg(1)));
        out = {{"deleted", arg(1)}};
    } else if (cmd == "rename") {
        must(storage.rename_mailbox(arg(1), arg(2)));
        out = {{"renamed", arg(1)}, {"to", arg(2)}};
    } else if (cmd == "subscribe" || cmd == "unsubscribe") {
        must(storage.set_subscribed(arg(1), cmd == "subscribe"));
        out = {{cmd + "d", arg(1)}};
    } else if (cmd == "subscriptions") {
        out = must(storage.subscriptions());
    } else if (cmd == "status") {
        const auto st = must(storage.mailbox_status(arg(1), true));
        out = {{"messages", st.messages},
               {"recent", st.recent},
               {"unseen", st.unseen},
               {"uidnext", st.uidnext},
               {"uidvalidity", st.uidvalidity},
               {"highestmodseq", st.highest_modseq},
               {"size", st.vsize}};
    } else if (cmd == "fetch") {
        const bool examine = args.size() > 2 && args[2] == "--examine";
        auto box = open_box(storage, arg(1), examine);
        out = {{"uidvalidity", box->uidvalidity()},
               {"uidnext", box->uidnext()},
               {"highestmodseq", box->highest_modseq()},
               {"messages", json::array()}};
        for (std::uint32_t seq = 1; seq <= box->count(); ++seq) {
            const auto& m = box->message(seq);
            out["messages"].push_back({{"uid", m.uid},
                                       {"flags", flag_list(*box, m)},
                                       {"size", m.size},
                                       {"vsize", must(box->virtual_size(seq))},
                                       {"internaldate", m.internal_date},
                                       {"modseq", m.modseq}});
        }
    } else if (cmd == "append") {
        roost::storage::AppendRequest req;
        std::string file;
        std::vector<std::string> flag_words;
        for (std::size_t i = 2; i < args.size(); ++i) {
            if (args[i] == "--flags") {
                flag_words.push_back(arg(++i));
            } else if (args[i] == "--date") {
                req.internal_date = std::stoll(arg(++i));
            } else {
                file = args[i];
            }
        }
        const std::string data = read_input(file);
        req.data = data;
        parse_flag_words(flag_words, req.flags, req.keywords);
        roost::storage::OpenOptions options;
        options.save_only = true;
        auto box = must(storage.open_mailbox(arg(1), options));
        out = {{"uid", must(box->append(req))}};
    } else if (cmd == "store") {
        auto box = open_box(storage, arg(1), false);
        const auto uids = parse_uids(arg(2), *box);
        const std::string& mode_word = arg(3);
        roost::storage::StoreMode mode = roost::storage::StoreMode::Add;
        if (mode_word == "remove") {
            mode = roost::storage::StoreMode::Remove;
        } else if (mode_word == "replace") {
            mode = roost::storage::StoreMode::Replace;
        } else if (mode_word != "add") {
            throw Usage{"store mode must be add, remove or replace"};
        }
        Flags flags;
        std::vector<std::string> keywords;
        parse_flag_words(std::vector<std::string>(args.begin() + 4, args.end()), flags, keywords);
        out = {{"changed", must(box->store(uids, mode, flags, keywords))}};
    } else if (cmd == "expunge") {
        auto box = open_box(storage, arg(1), false);
        const auto result = must(box->expunge(parse_uids(arg(2), *box)));
        out = {{"expunged", result.expunged_uids}};
    } else if (cmd == "copy" || cmd == "move") {
        auto src = open_box(storage, arg(1), false);
        auto dst = open_box(storage, arg(2), false);
        const auto uids = parse_uids(arg(3), *src);
        const auto mapping = must(cmd == "copy" ? src->copy(uids, *dst) : src->move(uids, *dst));
        out = json::array();
        for (const auto& m : mapping) {
            out.push_back({m.source_uid, m.dest_uid});
        }
    } else if (cmd == "cat") {
        auto box = open_box(storage, arg(1), true);
        const std::string data =
            must(box->read_message(static_cast<std::uint32_t>(std::stoul(arg(2)))));
        std::fwrite(data.data(), 1, data.size(), stdout);
        return 0;
    } else {
        throw Usage{"unknown command " + cmd};
    }
    std::cout << out.dump() << "\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv)
{
    roost::storage::StorageSettings settings;
    std::vector<std::string> args;
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string a = argv[i];
            auto next = [&]() -> std::string {
                if (i + 1 >= argc) {
                    throw Usage{a + " needs a value"};
                }
                return argv[++i];
            };
            if (a == "-l" || a == "--location") {
                settings.mail_location = next();
            } else if (a == "-H" || a == "--home") {
                settings.variables.home = next();
            } else if (a == "-u" || a == "--user") {
                settings.variables.user = next();
            } else if (a == "--no-fsync") {
                settings.fsync = false;
            } else {
                args.push_back(a);
            }
        }
        if (settings.mail_location.empty() || args.empty()) {
            throw Usage{"usage: roost-storage-tool -l LOCATION [-H HOME] [-u USER] COMMAND ..."};
        }
        auto storage = open_storage(settings);
        if (!storage) {
            return fail(storage.error());
        }
        return run(**storage, args);
    } catch (const Usage& u) {
        std::cerr << "roost-storage-tool: " << u.message << "\n";
        return 64;
    } catch (const roost::Error& e) {
        return fail(e);
    } catch (const std::exception& e) {
        std::cerr << "roost-storage-tool: " << e.what() << "\n";
        return 64;
    }
}
