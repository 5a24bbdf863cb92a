// ArgReader: the cursor every typed command parser walks the token tree with. Each accessor
// checks one grammar element (atom, astring, number, sequence set, mailbox ...) and, when the
// token does not fit, returns a BAD text that names the command and what was expected.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "imap/proto/arg.hpp"
#include "imap/proto/sequence_set.hpp"

namespace roost::imap::proto {

// What the session has enabled that changes how arguments read.
struct ParseContext {
    bool utf8 = false;  // IMAP4rev2 or UTF8=ACCEPT: mailbox names are UTF-8, not modified UTF-7
};

class ArgReader {
public:
    // `command` names the command in error texts ("FETCH", "UID STORE").
    ArgReader(const std::vector<Arg>& args, std::string_view command)
        : args_(args), command_(command) {}

    bool at_end() const { return i_ >= args_.size(); }
    const Arg* peek() const { return at_end() ? nullptr : &args_[i_]; }
    // True when the next token is an atom equal to `word` in any case.
    bool peek_atom(std::string_view word) const;
    // The next token; nullptr at the end.
    const Arg* take() { return at_end() ? nullptr : &args_[i_++]; }
    std::size_t position() const { return i_; }

    Result<std::string> atom(std::string_view what);
    Result<std::string> astring(std::string_view what);
    Result<std::optional<std::string>> nstring(std::string_view what);
    // A quoted string or a literal only.
    Result<std::string> string(std::string_view what);
    Result<const std::vector<Arg>*> list(std::string_view what);
    Result<std::uint32_t> number(std::string_view what);
    Result<std::uint32_t> nz_number(std::string_view what);
    Result<std::uint64_t> number64(std::string_view what);
    // mod-sequence-value (RFC 7162): 1..2^63-1, or 0 too when allow_zero ("valzer").
    Result<std::uint64_t> mod_sequence(std::string_view what, bool allow_zero);
    Result<SequenceSet> sequence_set(bool allow_saved = true);
    // A mailbox name, decoded to UTF-8 (see decode_mailbox_name).
    Result<std::string> mailbox(const ParseContext& context);
    // Fails when tokens are left over.
    Result<void> end();

    // "Error in IMAP command CMD: <text>" as an ImapProtoError::Syntax error.
    Error error(std::string_view text) const;
    Error missing(std::string_view what) const;

private:
    const std::vector<Arg>& args_;
    std::size_t i_ = 0;
    std::string command_;
};

// Text of a number token: 1*DIGIT that fits `max`; nullopt otherwise.
std::optional<std::uint64_t> parse_number(std::string_view text, std::uint64_t max);

// A message flag as STORE and APPEND take it: a system flag spelt canonically ("\Seen") or a
// keyword atom. \Recent and \* are refused, as are unknown system flags.
Result<std::string> parse_store_flag(const Arg& arg, const ArgReader& reader);

// A parenthesised flag list "(\Seen $Junk)" of store flags.
Result<std::vector<std::string>> parse_flag_list(const Arg& arg, const ArgReader& reader);

}  // namespace roost::imap::proto
