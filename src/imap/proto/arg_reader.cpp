// The typed parsers' token cursor and shared grammar elements.
#include "imap/proto/arg_reader.hpp"

#include <array>

#include "core/strings.hpp"
#include "imap/proto/mailbox_name.hpp"
#include "imap/proto/proto_error.hpp"

namespace roost::imap::proto {
namespace {

constexpr std::array<std::string_view, 5> kSystemFlags = {"\\Answered", "\\Flagged", "\\Deleted",
                                                          "\\Seen", "\\Draft"};

// flag-keyword = atom: ATOM-CHARs, which leave out '%', '*', ']' and '\'.
bool is_keyword(std::string_view s)
{
    if (s.empty()) {
        return false;
    }
    for (const char c : s) {
        if (!is_atom_char(c) || c == '%' || c == '*' || c == ']' || c == '\\') {
            return false;
        }
    }
    return true;
}

}  // namespace

std::optional<std::uint64_t> parse_number(std::string_view text, std::uint64_t max)
{
    if (text.empty() || text.size() > 20) {
        return std::nullopt;
    }
    std::uint64_t n = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        const auto d = static_cast<std::uint64_t>(c - '0');
        if (n > (max - d) / 10) {
            return std::nullopt;
        }
        n = n * 10 + d;
    }
    return n;
}

bool ArgReader::peek_atom(std::string_view word) const
{
    const Arg* a = peek();
    return a != nullptr && (a->kind == Arg::Kind::Atom || a->kind == Arg::Kind::Nil) &&
           iequals(a->value, word);
}

Error ArgReader::error(std::string_view text) const
{
    return bad_syntax("Error in IMAP command " + command_ + ": " + std::string(text));
}

Error ArgReader::missing(std::string_view what) const
{
    return error("Missing " + std::string(what));
}

Result<std::string> ArgReader::atom(std::string_view what)
{
    const Arg* a = take();
    if (a == nullptr) {
        return missing(what);
    }
    if ((a->kind != Arg::Kind::Atom && a->kind != Arg::Kind::Nil) || a->has_section) {
        return error("Invalid " + std::string(what));
    }
    return a->value;
}

Result<std::string> ArgReader::astring(std::string_view what)
{
    const Arg* a = take();
    if (a == nullptr) {
        return missing(what);
    }
    if (!a->is_astring()) {
        return error("Invalid " + std::string(what) + " (a list where a string belongs)");
    }
    return a->value;
}

Result<std::optional<std::string>> ArgReader::nstring(std::string_view what)
{
    const Arg* a = take();
    if (a == nullptr) {
        return missing(what);
    }
    if (a->kind == Arg::Kind::Nil) {
        return std::optional<std::string>();
    }
    if (!a->is_string()) {
        return error("Invalid " + std::string(what) + " (string or NIL expected)");
    }
    return std::optional<std::string>(a->value);
}

Result<std::string> ArgReader::string(std::string_view what)
{
    const Arg* a = take();
    if (a == nullptr) {
        return missing(what);
    }
    if (!a->is_string()) {
        return error("Invalid " + std::string(what) + " (string expected)");
    }
    return a->value;
}

Result<const std::vector<Arg>*> ArgReader::list(std::string_view what)
{
    const Arg* a = take();
    if (a == nullptr) {
        return missing(what);
    }
    if (a->kind != Arg::Kind::List) {
        return error("Invalid " + std::string(what) + " (list expected)");
    }
    return &a->items;
}

Result<std::uint32_t> ArgReader::number(std::string_view what)
{
    const Arg* a = take();
    if (a == nullptr) {
        return missing(what);
    }
    const auto n = a->kind == Arg::Kind::Atom ? parse_number(a->value, 0xffffffffull)
                                              : std::nullopt;
    if (!n) {
        return error("Invalid " + std::string(what) + " (number expected)");
    }
    return static_cast<std::uint32_t>(*n);
}

Result<std::uint32_t> ArgReader::nz_number(std::string_view what)
{
    auto n = number(what);
    if (n && *n == 0) {
        return error("Invalid " + std::string(what) + " (must not be 0)");
    }
    return n;
}

Result<std::uint64_t> ArgReader::number64(std::string_view what)
{
    const Arg* a = take();
    if (a == nullptr) {
        return missing(what);
    }
    const auto n = a->kind == Arg::Kind::Atom ? parse_number(a->value, 0x7fffffffffffffffull)
                                              : std::nullopt;
    if (!n) {
        return error("Invalid " + std::string(what) + " (number expected)");
    }
    return *n;
}

Result<std::uint64_t> ArgReader::mod_sequence(std::string_view what, bool allow_zero)
{
    auto n = number64(what);
    if (n && *n == 0 && !allow_zero) {
        return error("Invalid " + std::string(what) + " (must not be 0)");
    }
    return n;
}

Result<SequenceSet> ArgReader::sequence_set(bool allow_saved)
{
    const Arg* a = take();
    if (a == nullptr) {
        return missing("sequence set");
    }
    if (a->kind != Arg::Kind::Atom || a->has_section) {
        return error("Invalid sequence set");
    }
    auto set = SequenceSet::parse(a->value, allow_saved);
    if (!set) {
        return error(set.error().message);
    }
    return set;
}

Result<std::string> ArgReader::mailbox(const ParseContext& context)
{
    const Arg* a = take();
    if (a == nullptr) {
        return missing("mailbox name");
    }
    if (!a->is_astring()) {
        return error("Invalid mailbox name (a list where a name belongs)");
    }
    return decode_mailbox_name(a->value, context.utf8);
}

Result<void> ArgReader::end()
{
    if (!at_end()) {
        return error("Unexpected argument " + describe(args_[i_]).substr(0, 60));
    }
    return {};
}

Result<std::string> parse_store_flag(const Arg& arg, const ArgReader& reader)
{
    if (arg.kind != Arg::Kind::Atom || arg.has_section) {
        return reader.error("Invalid flag " + describe(arg).substr(0, 60));
    }
    if (!arg.value.empty() && arg.value[0] == '\\') {
        for (const std::string_view flag : kSystemFlags) {
            if (iequals(arg.value, flag)) {
                return std::string(flag);
            }
        }
        return reader.error("Invalid system flag " + arg.value.substr(0, 60));
    }
    if (!is_keyword(arg.value)) {
        return reader.error("Invalid keyword " + arg.value.substr(0, 60));
    }
    return arg.value;
}

Result<std::vector<std::string>> parse_flag_list(const Arg& arg, const ArgReader& reader)
{
    if (arg.kind != Arg::Kind::List) {
        return reader.error("Invalid flag list (list expected)");
    }
    std::vector<std::string> flags;
    for (const Arg& item : arg.items) {
        auto flag = parse_store_flag(item, reader);
        if (!flag) {
            return flag.error();
        }
        flags.push_back(std::move(*flag));
    }
    return flags;
}

}  // namespace roost::imap::proto
