// roostadm: Roost's administration tool, like doveadm: `roostadm VERB [options]`. This file is
// the verb table, the top-level usage and --help; each verb lives in its own cmd_*.cpp.
#include <cstring>
#include <iostream>
#include <span>
#include <string>
#include <string_view>

#include "core/strings.hpp"
#include "roost_build_config.hpp"
#include "tools/roostadm/verb.hpp"

using namespace roost::tools::roostadm;

namespace {

// The only verb table.
constexpr Verb kVerbs[] = {
    {"pw", "generate or check password hashes", pw_run, pw_help},
    {"auth", "test a login or look a user up through the auth service", auth_run, auth_help},
    {"mailbox", "list, create, delete, rename a user's mailboxes; their status", mailbox_run, mailbox_help},
    {"save", "save a message from standard input into a mailbox", save_run, save_help},
    {"search", "find messages with a search query", search_run, search_help},
    {"fetch", "print fields of the messages a search query finds", fetch_run, fetch_help},
    {"expunge", "remove the messages a search query finds", expunge_run, expunge_help},
    {"flags", "add, remove or replace flags of messages a search query finds", flags_run, flags_help},
    {"quota", "a user's quota usage and limits", quota_run, quota_help},
    {"import", "copy mailboxes of another Maildir or mbox tree into a user's mail", import_run, import_help},
    {"convert", "copy a user's mail into a new Maildir or mbox location, keeping UIDs", convert_run, convert_help},
    {"index", "rebuild a user's mailbox indexes and message caches from the mail files", index_run, index_help},
};

void usage(std::ostream& out)
{
    out << "usage: roostadm [--help | --version] VERB [OPTIONS]\n\nverbs:\n";
    for (const Verb& v : kVerbs) {
        out << "  " << v.name << std::string(10 - std::min<std::size_t>(9, v.name.size()), ' ')
            << v.summary << '\n';
    }
    out << "\n'roostadm help VERB' or 'roostadm VERB --help' shows a verb's options.\n";
}

const Verb* find_verb(std::string_view name)
{
    for (const Verb& v : kVerbs) {
        if (v.name == name) {
            return &v;
        }
    }
    return nullptr;
}

int unknown_verb(std::string_view name)
{
    std::cerr << "roostadm: unknown verb '" << name << "'";
    const Verb* best = nullptr;
    std::size_t best_distance = 3;  // suggest only close misspellings
    for (const Verb& v : kVerbs) {
        const std::size_t d = roost::edit_distance(name, v.name);
        if (d < best_distance) {
            best = &v;
            best_distance = d;
        }
    }
    if (best != nullptr) {
        std::cerr << " (did you mean '" << best->name << "'?)";
    }
    std::cerr << "\n";
    usage(std::cerr);
    return kExitUsage;
}

}  // namespace

int main(int argc, char** argv)
{
    const std::span<char*> args(argv, static_cast<std::size_t>(argc));
    if (args.size() < 2) {
        usage(std::cerr);
        return kExitUsage;
    }
    const std::string_view first = args[1];
    if (first == "--help" || first == "-h") {
        usage(std::cout);
        return kExitOk;
    }
    if (first == "--version") {
        std::cout << "roostadm " << ROOST_VERSION << '\n';
        return kExitOk;
    }
    if (first == "help") {
        if (args.size() < 3) {
            usage(std::cout);
            return kExitOk;
        }
        const Verb* verb = find_verb(args[2]);
        if (verb == nullptr) {
            return unknown_verb(args[2]);
        }
        verb->help(std::cout);
        return kExitOk;
    }
    const Verb* verb = find_verb(first);
    if (verb == nullptr) {
        return unknown_verb(first);
    }
    return verb->run(args.subspan(2));
}
