// libFuzzer target: client bytes through the ImapReceiver, fed whole and in small pieces (the
// events must be the same), and every complete command through the typed parsers in both
// mailbox-name modes. Checks the promises the server relies on: tags and names are well-formed,
// errors serialise to one line, sequence sets and mailbox names survive a round trip.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "imap/proto/imap_command.hpp"
#include "imap/proto/imap_receiver.hpp"
#include "imap/proto/mailbox_name.hpp"
#include "imap/proto/response.hpp"
#include "imap/proto/response_data.hpp"

namespace {

using namespace roost::imap::proto;

void check(bool ok)
{
    if (!ok) {
        std::abort();
    }
}

void check_set(const SequenceSet& set)
{
    const std::string text = set.to_string();
    if (set.empty()) {
        return;
    }
    auto again = SequenceSet::parse(text);
    check(again.ok() && *again == set);
    if (!set.is_saved()) {
        const auto resolved = set.resolve(1000);
        for (std::size_t i = 1; i < resolved.size(); ++i) {
            check(resolved[i - 1].last + 1ull < resolved[i].first);
        }
        std::uint64_t n = 0;
        for (const std::uint32_t v : set.numbers(50)) {
            check(v >= 1 && v <= 50 && set.contains(v, 50));
            ++n;
        }
        check(n == set.count(50, 50));
    }
}

void check_mailbox(const std::string& name, bool utf8)
{
    auto back = decode_mailbox_name(encode_mailbox_name(name, utf8), utf8);
    check(back.ok() && *back == name);
    std::string out;
    append_mailbox(out, name, utf8);
    check(!out.empty());
}

void check_search(const SearchKey& key)
{
    if (key.kind == SearchKey::Kind::SequenceSet || key.kind == SearchKey::Kind::Uid) {
        check_set(key.set);
    }
    for (const SearchKey& child : key.children) {
        check_search(child);
    }
}

void check_parsed(const ParsedCommand& parsed, bool utf8)
{
    const CommandArgs& args = parsed.args;
    if (const auto* f = std::get_if<FetchArgs>(&args)) {
        check(!f->items.empty());
        check_set(f->set);
        for (const FetchAtt& att : f->items) {
            check(!att.response_name().empty());
            (void)att.content_item();
        }
    } else if (const auto* s = std::get_if<SearchArgs>(&args)) {
        check(!s->key.children.empty());
        check_search(s->key);
        (void)uses_saved_result(s->key);
    } else if (const auto* st = std::get_if<StoreArgs>(&args)) {
        check_set(st->set);
    } else if (const auto* c = std::get_if<CopyArgs>(&args)) {
        check_set(c->set);
        check_mailbox(c->mailbox, utf8);
    } else if (const auto* sel = std::get_if<SelectArgs>(&args)) {
        check_mailbox(sel->mailbox, utf8);
    } else if (const auto* m = std::get_if<MailboxArgs>(&args)) {
        check_mailbox(m->mailbox, utf8);
    } else if (const auto* a = std::get_if<AppendArgs>(&args)) {
        check(!a->messages.empty());
        check_mailbox(a->mailbox, utf8);
    } else if (const auto* l = std::get_if<ListArgs>(&args)) {
        check(!l->patterns.empty());
        ListData data;
        data.name = l->patterns.front();
        data.utf8 = utf8;
        std::string out;
        data.append_to(out);
    }
}

std::string render(const ReceiverEvent& event)
{
    if (const auto* c = std::get_if<CommandReady>(&event)) {
        return "C" + describe(c->command);
    }
    if (const auto* k = std::get_if<LiteralContinuation>(&event)) {
        return "K" + k->tag + k->name + std::to_string(k->size);
    }
    if (const auto* e = std::get_if<ParseError>(&event)) {
        return "E" + e->tag + e->text + (e->fatal ? "!" : "");
    }
    return "L" + std::get<LineReady>(event).line;
}

std::vector<std::string> receive(std::string_view input, std::size_t chunk,
                                 const ReceiverLimits& limits, bool parse)
{
    ImapReceiver receiver(limits);
    std::vector<std::string> events;
    for (std::size_t i = 0; i < input.size(); i += chunk) {
        receiver.feed(input.substr(i, chunk));
        while (auto event = receiver.next()) {
            events.push_back(render(*event));
            if (const auto* k = std::get_if<LiteralContinuation>(&*event)) {
                // Sometimes the server refuses the literal (APPENDLIMIT, TRYCREATE).
                if (k->size % 5 == 1) {
                    receiver.reject_literal();
                }
                continue;
            }
            if (const auto* e = std::get_if<ParseError>(&*event)) {
                const std::string line = response_for(*e).to_string();
                check(line.find("\r\n") == line.size() - 2);
                continue;
            }
            auto* ready = std::get_if<CommandReady>(&*event);
            if (ready == nullptr) {
                continue;
            }
            const Command& command = ready->command;
            check(!command.tag.empty() && !command.name.empty());
            for (const char c : command.tag) {
                check(is_tag_char(c));
            }
            if (command.name == "IDLE" ||
                (command.name == "AUTHENTICATE" && command.args.size() == 1)) {
                receiver.expect_line();
            }
            if (!parse) {
                continue;
            }
            for (const bool utf8 : {false, true}) {
                auto parsed = parse_command(command, ParseContext{utf8});
                if (parsed) {
                    check(parsed->tag == command.tag);
                    check_parsed(*parsed, utf8);
                } else {
                    const std::string line = response_for(command.tag, parsed.error()).to_string();
                    check(line.find("\r\n") == line.size() - 2);
                }
            }
        }
        check(receiver.buffered() <= input.size());
    }
    return events;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    // Limits vary with the input's size so every corpus file stays plain IMAP text.
    ReceiverLimits limits;
    limits.max_line_length = size % 5 == 0 ? 64 : 8192;
    limits.max_literal_size = 1000;
    limits.max_nesting = 8;
    limits.literal_minus = size % 2 == 0;
    limits.utf8_quoted = size % 3 == 0;
    const auto whole = receive(input, input.empty() ? 1 : input.size(), limits, true);
    const auto pieces = receive(input, 1 + size % 7, limits, false);
    check(whole == pieces);
    return 0;
}
