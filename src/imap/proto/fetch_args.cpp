// Parser of FETCH.
#include "imap/proto/fetch_args.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "core/strings.hpp"
#include "imap/proto/arg_reader.hpp"
#include "imap/proto/proto_error.hpp"

namespace roost::imap::proto {
namespace {

using Kind = FetchAtt::Kind;

constexpr std::array<std::pair<std::string_view, Kind>, 15> kSimpleItems = {{
    {"FLAGS", Kind::Flags},
    {"INTERNALDATE", Kind::InternalDate},
    {"UID", Kind::Uid},
    {"MODSEQ", Kind::ModSeq},
    {"ENVELOPE", Kind::Envelope},
    {"BODY", Kind::Body},
    {"BODYSTRUCTURE", Kind::BodyStructure},
    {"RFC822", Kind::Rfc822},
    {"RFC822.HEADER", Kind::Rfc822Header},
    {"RFC822.TEXT", Kind::Rfc822Text},
    {"RFC822.SIZE", Kind::Rfc822Size},
    {"PREVIEW", Kind::Preview},
    {"SAVEDATE", Kind::SaveDate},
    {"EMAILID", Kind::EmailId},
    {"THREADID", Kind::ThreadId},
}};

Error bad_item(std::string_view text)
{
    return bad_syntax("Error in IMAP command FETCH: " + std::string(text));
}

FetchAtt simple(Kind kind)
{
    FetchAtt att;
    att.kind = kind;
    return att;
}

// "NAME[section]<partial>" as one atom (the receiver keeps brackets inside the atom).
Result<FetchAtt> parse_sectioned(const std::string& word)
{
    const std::size_t open = word.find('[');
    const std::size_t close = word.rfind(']');
    if (close == std::string::npos || close < open) {
        return bad_item("Missing ']' in " + word.substr(0, 60));
    }
    const std::string name = to_upper(word.substr(0, open));
    FetchAtt att;
    if (name == "BODY" || name == "BODY.PEEK") {
        att.kind = Kind::BodySection;
        att.peek = name == "BODY.PEEK";
    } else if (name == "BINARY" || name == "BINARY.PEEK") {
        att.kind = Kind::Binary;
        att.peek = name == "BINARY.PEEK";
    } else if (name == "BINARY.SIZE") {
        att.kind = Kind::BinarySize;
    } else {
        return bad_item("Unknown item " + word.substr(0, 60));
    }
    auto section = mail::imap::parse_section(std::string_view(word).substr(open + 1,
                                                                           close - open - 1));
    if (!section) {
        return bad_item("Invalid section in " + word.substr(0, 60));
    }
    att.section = std::move(*section);
    if (att.kind != Kind::BodySection &&
        att.section.kind != mail::imap::SectionSpec::Kind::Full) {
        return bad_item("BINARY takes only part numbers: " + word.substr(0, 60));
    }
    const std::string_view tail = std::string_view(word).substr(close + 1);
    if (!tail.empty()) {
        auto partial = mail::imap::parse_partial(tail);
        if (!partial || att.kind == Kind::BinarySize) {
            return bad_item("Invalid partial in " + word.substr(0, 60));
        }
        att.partial = *partial;
    }
    return att;
}

// Appends the items of ALL / FAST / FULL.
bool expand_macro(std::string_view word, std::vector<FetchAtt>& out)
{
    if (iequals(word, "ALL") || iequals(word, "FAST") || iequals(word, "FULL")) {
        out.push_back(simple(Kind::Flags));
        out.push_back(simple(Kind::InternalDate));
        out.push_back(simple(Kind::Rfc822Size));
        if (!iequals(word, "FAST")) {
            out.push_back(simple(Kind::Envelope));
        }
        if (iequals(word, "FULL")) {
            out.push_back(simple(Kind::Body));
        }
        return true;
    }
    return false;
}

bool is_preview_modifiers(const Arg* next)
{
    if (next == nullptr || next->kind != Arg::Kind::List || next->items.empty()) {
        return false;
    }
    for (const Arg& a : next->items) {
        if (a.kind != Arg::Kind::Atom || !iequals(a.value, "LAZY")) {
            return false;
        }
    }
    return true;
}

Result<void> parse_modifiers(const std::vector<Arg>& items, FetchArgs& out,
                             std::string_view command_name)
{
    ArgReader r(items, command_name);
    if (items.empty()) {
        return r.error("Empty FETCH modifier list");
    }
    while (!r.at_end()) {
        if (r.peek_atom("CHANGEDSINCE")) {
            r.take();
            auto modseq = r.mod_sequence("CHANGEDSINCE mod-sequence", false);
            if (!modseq) {
                return modseq.error();
            }
            out.changed_since = *modseq;
        } else if (r.peek_atom("VANISHED")) {
            r.take();
            out.vanished = true;
        } else {
            return r.error("Unknown FETCH modifier " + describe(*r.peek()).substr(0, 40));
        }
    }
    if (out.vanished && (!out.uid || !out.changed_since)) {
        return r.error("VANISHED needs UID FETCH and CHANGEDSINCE");
    }
    return {};
}

}  // namespace

Result<FetchAtt> parse_fetch_att(const Arg& arg, const Arg* next, bool& used_next)
{
    used_next = false;
    if (arg.kind != Arg::Kind::Atom) {
        return bad_item("Invalid item " + describe(arg).substr(0, 60));
    }
    if (arg.has_section) {
        return parse_sectioned(arg.value);
    }
    for (const auto& [name, kind] : kSimpleItems) {
        if (iequals(arg.value, name)) {
            FetchAtt att = simple(kind);
            if (kind == Kind::Preview && is_preview_modifiers(next)) {
                att.lazy = true;
                used_next = true;
            }
            return att;
        }
    }
    return bad_item("Unknown item " + arg.value.substr(0, 60));
}

Result<FetchArgs> parse_fetch(const Command& command)
{
    ArgReader r(command.args, command.name);
    FetchArgs out;
    out.uid = command.name.starts_with("UID ");
    auto set = r.sequence_set();
    if (!set) {
        return set.error();
    }
    out.set = std::move(*set);
    const Arg* items = r.take();
    if (items == nullptr) {
        return r.missing("fetch items");
    }
    if (items->kind == Arg::Kind::List) {
        if (items->items.empty()) {
            return r.error("Empty fetch item list");
        }
        for (std::size_t i = 0; i < items->items.size(); ++i) {
            const Arg* next = i + 1 < items->items.size() ? &items->items[i + 1] : nullptr;
            bool used_next = false;
            auto att = parse_fetch_att(items->items[i], next, used_next);
            if (!att) {
                return att.error();
            }
            // An item named twice is answered once, as Dovecot does ("(FLAGS FLAGS)").
            if (std::find(out.items.begin(), out.items.end(), *att) == out.items.end()) {
                out.items.push_back(std::move(*att));
            }
            i += used_next ? 1 : 0;
        }
    } else if (!(items->kind == Arg::Kind::Atom && !items->has_section &&
                 expand_macro(items->value, out.items))) {
        bool used_next = false;
        auto att = parse_fetch_att(*items, r.peek(), used_next);
        if (!att) {
            return att.error();
        }
        out.items.push_back(std::move(*att));
        if (used_next) {
            r.take();
        }
    }
    if (!r.at_end()) {
        auto modifiers = r.list("FETCH modifiers");
        if (!modifiers) {
            return modifiers.error();
        }
        auto parsed = parse_modifiers(**modifiers, out, command.name);
        if (!parsed) {
            return parsed.error();
        }
    }
    auto end = r.end();
    if (!end) {
        return end.error();
    }
    return out;
}

std::optional<mail::imap::FetchItem> FetchAtt::content_item() const
{
    using Item = mail::imap::FetchItem;
    using Section = mail::imap::SectionSpec;
    Item item;
    switch (kind) {
        case Kind::Envelope:
            item.kind = Item::Kind::Envelope;
            return item;
        case Kind::Body:
            item.kind = Item::Kind::Body;
            return item;
        case Kind::BodyStructure:
            item.kind = Item::Kind::BodyStructure;
            return item;
        case Kind::Rfc822Size:
            item.kind = Item::Kind::Rfc822Size;
            return item;
        case Kind::Preview:
            item.kind = Item::Kind::Preview;
            return item;
        case Kind::Rfc822:
        case Kind::Rfc822Header:
        case Kind::Rfc822Text:
            item.kind = Item::Kind::BodySection;
            item.section.kind = kind == Kind::Rfc822         ? Section::Kind::Full
                                : kind == Kind::Rfc822Header ? Section::Kind::Header
                                                             : Section::Kind::Text;
            return item;
        case Kind::BodySection:
        case Kind::Binary:
        case Kind::BinarySize:
            item.kind = kind == Kind::BodySection ? Item::Kind::BodySection
                        : kind == Kind::Binary    ? Item::Kind::Binary
                                                  : Item::Kind::BinarySize;
            item.section = section;
            item.partial = partial;
            return item;
        default:
            return std::nullopt;
    }
}

std::string FetchAtt::response_name() const
{
    auto sectioned = [this](std::string name) {
        name += '[';
        name += section.to_string();
        name += ']';
        if (partial) {
            name += '<' + std::to_string(partial->offset) + '>';
        }
        return name;
    };
    switch (kind) {
        case Kind::BodySection:
            return sectioned("BODY");
        case Kind::Binary:
            return sectioned("BINARY");
        case Kind::BinarySize:
            return sectioned("BINARY.SIZE");
        default:
            break;
    }
    for (const auto& [name, k] : kSimpleItems) {
        if (k == kind) {
            return std::string(name);
        }
    }
    return "";
}

bool FetchAtt::sets_seen() const
{
    switch (kind) {
        case Kind::Rfc822:
        case Kind::Rfc822Text:
            return true;
        case Kind::BodySection:
        case Kind::Binary:
            return !peek;
        default:
            return false;
    }
}

bool FetchAtt::operator==(const FetchAtt& other) const
{
    auto same_partial = [](const std::optional<mail::imap::Partial>& a,
                           const std::optional<mail::imap::Partial>& b) {
        return a.has_value() == b.has_value() &&
               (!a || (a->offset == b->offset && a->count == b->count));
    };
    return kind == other.kind && section.part == other.section.part &&
           section.kind == other.section.kind && section.fields == other.section.fields &&
           same_partial(partial, other.partial) && peek == other.peek && lazy == other.lazy;
}

}  // namespace roost::imap::proto
