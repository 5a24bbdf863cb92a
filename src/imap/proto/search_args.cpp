// Parser of SEARCH.
#include "imap/proto/search_args.hpp"

#include <array>
#include <utility>

#include "core/strings.hpp"
#include "imap/proto/arg_reader.hpp"

namespace roost::imap::proto {
namespace {

using Kind = SearchKey::Kind;

struct KeyName {
    std::string_view name;
    Kind kind;
    enum class Takes { Nothing, String, TwoStrings, Keyword, Date, Number, Seconds, Atom } takes;
};
using Takes = KeyName::Takes;

constexpr std::array<KeyName, 42> kKeys = {{
    {"ALL", Kind::All, Takes::Nothing},
    {"ANSWERED", Kind::Answered, Takes::Nothing},
    {"DELETED", Kind::Deleted, Takes::Nothing},
    {"DRAFT", Kind::Draft, Takes::Nothing},
    {"FLAGGED", Kind::Flagged, Takes::Nothing},
    {"SEEN", Kind::Seen, Takes::Nothing},
    {"RECENT", Kind::Recent, Takes::Nothing},
    {"NEW", Kind::New, Takes::Nothing},
    {"OLD", Kind::Old, Takes::Nothing},
    {"UNANSWERED", Kind::Unanswered, Takes::Nothing},
    {"UNDELETED", Kind::Undeleted, Takes::Nothing},
    {"UNDRAFT", Kind::Undraft, Takes::Nothing},
    {"UNFLAGGED", Kind::Unflagged, Takes::Nothing},
    {"UNSEEN", Kind::Unseen, Takes::Nothing},
    {"SAVEDATESUPPORTED", Kind::SaveDateSupported, Takes::Nothing},
    {"KEYWORD", Kind::Keyword, Takes::Keyword},
    {"UNKEYWORD", Kind::Unkeyword, Takes::Keyword},
    {"BCC", Kind::Bcc, Takes::String},
    {"BODY", Kind::Body, Takes::String},
    {"CC", Kind::Cc, Takes::String},
    {"FROM", Kind::From, Takes::String},
    {"SUBJECT", Kind::Subject, Takes::String},
    {"TEXT", Kind::Text, Takes::String},
    {"TO", Kind::To, Takes::String},
    {"HEADER", Kind::Header, Takes::TwoStrings},
    {"BEFORE", Kind::Before, Takes::Date},
    {"ON", Kind::On, Takes::Date},
    {"SINCE", Kind::Since, Takes::Date},
    {"SENTBEFORE", Kind::SentBefore, Takes::Date},
    {"SENTON", Kind::SentOn, Takes::Date},
    {"SENTSINCE", Kind::SentSince, Takes::Date},
    {"SAVEDBEFORE", Kind::SavedBefore, Takes::Date},
    {"SAVEDON", Kind::SavedOn, Takes::Date},
    {"SAVEDSINCE", Kind::SavedSince, Takes::Date},
    {"LARGER", Kind::Larger, Takes::Number},
    {"SMALLER", Kind::Smaller, Takes::Number},
    {"OLDER", Kind::Older, Takes::Seconds},
    {"YOUNGER", Kind::Younger, Takes::Seconds},
    {"EMAILID", Kind::EmailId, Takes::Atom},
    {"THREADID", Kind::ThreadId, Takes::Atom},
    {"UID", Kind::Uid, Takes::Nothing},      // handled before the table lookup
    {"MODSEQ", Kind::ModSeq, Takes::Nothing},  // likewise
}};

class KeyParser {
public:
    explicit KeyParser(ArgReader& r) : r_(r) {}

    Result<SearchKey> key(std::size_t depth);

private:
    Result<SearchKey> modseq();
    Result<void> argument(const KeyName& name, SearchKey& key);

    ArgReader& r_;
};

Result<SearchKey> KeyParser::key(std::size_t depth)
{
    if (depth > kMaxSearchDepth) {
        return r_.error("Search keys nested too deeply");
    }
    const Arg* a = r_.take();
    if (a == nullptr) {
        return r_.missing("search key");
    }
    SearchKey key;
    if (a->kind == Arg::Kind::List) {
        if (a->items.empty()) {
            return r_.error("Empty search key list");
        }
        key.kind = Kind::And;
        ArgReader inner(a->items, "SEARCH");
        KeyParser nested(inner);
        while (!inner.at_end()) {
            auto child = nested.key(depth + 1);
            if (!child) {
                return child.error();
            }
            key.children.push_back(std::move(*child));
        }
        return key;
    }
    if (a->kind != Arg::Kind::Atom || a->has_section) {
        return r_.error("Invalid search key " + describe(*a).substr(0, 40));
    }
    const std::string& word = a->value;
    const char first = word.empty() ? '\0' : word[0];
    if ((first >= '0' && first <= '9') || first == '*' || first == '$') {
        auto set = SequenceSet::parse(word);
        if (!set) {
            return r_.error(set.error().message);
        }
        key.kind = Kind::SequenceSet;
        key.set = std::move(*set);
        return key;
    }
    if (iequals(word, "NOT") || iequals(word, "FUZZY")) {
        key.kind = iequals(word, "NOT") ? Kind::Not : Kind::Fuzzy;
        auto child = this->key(depth + 1);
        if (!child) {
            return child.error();
        }
        key.children.push_back(std::move(*child));
        return key;
    }
    if (iequals(word, "OR")) {
        key.kind = Kind::Or;
        for (int i = 0; i < 2; ++i) {
            auto child = this->key(depth + 1);
            if (!child) {
                return child.error();
            }
            key.children.push_back(std::move(*child));
        }
        return key;
    }
    if (iequals(word, "UID")) {
        auto set = r_.sequence_set();
        if (!set) {
            return set.error();
        }
        key.kind = Kind::Uid;
        key.set = std::move(*set);
        return key;
    }
    if (iequals(word, "MODSEQ")) {
        return modseq();
    }
    for (const KeyName& name : kKeys) {
        if (iequals(word, name.name)) {
            key.kind = name.kind;
            auto arg = argument(name, key);
            if (!arg) {
                return arg.error();
            }
            return key;
        }
    }
    return r_.error("Unknown search key " + word.substr(0, 40));
}

Result<void> KeyParser::argument(const KeyName& name, SearchKey& key)
{
    const std::string what = std::string(name.name) + " argument";
    switch (name.takes) {
        case Takes::Nothing:
            return {};
        case Takes::String:
        case Takes::TwoStrings: {
            if (name.takes == Takes::TwoStrings) {
                auto field = r_.astring("HEADER field name");
                if (!field) {
                    return field.error();
                }
                key.field = std::move(*field);
            }
            auto value = r_.astring(what);
            if (!value) {
                return value.error();
            }
            key.value = std::move(*value);
            return {};
        }
        case Takes::Keyword:
        case Takes::Atom: {
            auto value = r_.atom(what);
            if (!value) {
                return value.error();
            }
            key.value = std::move(*value);
            return {};
        }
        case Takes::Date: {
            auto text = r_.astring(what);
            if (!text) {
                return text.error();
            }
            auto date = mail::parse_imap_date(*text);
            if (!date) {
                return r_.error("Invalid date " + text->substr(0, 40));
            }
            key.date = *date;
            return {};
        }
        case Takes::Number:
        case Takes::Seconds: {
            if (name.takes == Takes::Number) {
                auto n = r_.number64(what);
                if (!n) {
                    return n.error();
                }
                key.number = *n;
            } else {
                auto n = r_.nz_number(what);
                if (!n) {
                    return n.error();
                }
                key.number = *n;
            }
            return {};
        }
    }
    return {};
}

// MODSEQ ["/flags/<flag>" ("all" / "priv" / "shared")] mod-sequence-valzer
Result<SearchKey> KeyParser::modseq()
{
    SearchKey key;
    key.kind = Kind::ModSeq;
    const Arg* next = r_.peek();
    if (next != nullptr && next->is_string()) {
        key.field = r_.take()->value;
        auto type = r_.atom("MODSEQ entry type");
        if (!type) {
            return type.error();
        }
        if (iequals(*type, "all")) {
            key.entry_type = SearchKey::EntryType::All;
        } else if (iequals(*type, "priv")) {
            key.entry_type = SearchKey::EntryType::Private;
        } else if (iequals(*type, "shared")) {
            key.entry_type = SearchKey::EntryType::Shared;
        } else {
            return r_.error("Invalid MODSEQ entry type " + type->substr(0, 20));
        }
    }
    auto n = r_.mod_sequence("MODSEQ value", true);
    if (!n) {
        return n.error();
    }
    key.number = *n;
    return key;
}

Result<void> parse_return(const std::vector<Arg>& items, SearchArgs& out, const ArgReader& r)
{
    out.esearch = true;
    for (const Arg& item : items) {
        if (item.kind != Arg::Kind::Atom) {
            return r.error("Invalid RETURN option");
        }
        const std::string name = to_upper(item.value);
        if (name == "MIN") {
            out.return_min = true;
        } else if (name == "MAX") {
            out.return_max = true;
        } else if (name == "ALL") {
            out.return_all = true;
        } else if (name == "COUNT") {
            out.return_count = true;
        } else if (name == "SAVE") {
            out.return_save = true;
        } else {
            return r.error("Unknown RETURN option " + item.value.substr(0, 40));
        }
    }
    if (items.empty()) {
        out.return_all = true;  // RFC 4731: RETURN () means RETURN (ALL)
    }
    return {};
}

bool uses_saved(const SearchKey& key)
{
    if ((key.kind == Kind::SequenceSet || key.kind == Kind::Uid) && key.set.is_saved()) {
        return true;
    }
    for (const SearchKey& child : key.children) {
        if (uses_saved(child)) {
            return true;
        }
    }
    return false;
}

}  // namespace

Result<SearchArgs> parse_search(const Command& command)
{
    ArgReader r(command.args, command.name);
    SearchArgs out;
    out.uid = command.name.starts_with("UID ");
    if (r.peek_atom("RETURN")) {
        r.take();
        auto options = r.list("RETURN options");
        if (!options) {
            return options.error();
        }
        auto ret = parse_return(**options, out, r);
        if (!ret) {
            return ret.error();
        }
    }
    if (r.peek_atom("CHARSET")) {
        r.take();
        auto charset = r.astring("charset");
        if (!charset) {
            return charset.error();
        }
        out.charset = std::move(*charset);
    }
    out.key.kind = Kind::And;
    KeyParser parser(r);
    do {
        auto key = parser.key(0);
        if (!key) {
            return key.error();
        }
        out.key.children.push_back(std::move(*key));
    } while (!r.at_end());
    return out;
}

bool uses_saved_result(const SearchKey& key)
{
    return uses_saved(key);
}

}  // namespace roost::imap::proto
