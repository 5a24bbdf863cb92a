// Status responses (OK / NO / BAD / PREAUTH / BYE, tagged or untagged), their response codes
// and continuation requests, as structs that serialise themselves, plus the string writers
// every response uses (atom, quoted string or literal, chosen by the bytes).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "imap/proto/imap_receiver.hpp"
#include "imap/proto/sequence_set.hpp"

namespace roost::imap::proto {

// An astring: a bare atom when every byte allows it (and it is not "NIL"), otherwise as
// append_string below.
void append_astring(std::string& out, std::string_view s, bool utf8 = false);
// A quoted string, or a literal for CR, LF, NUL or 8-bit bytes; with utf8 (IMAP4rev2 or
// UTF8=ACCEPT enabled) valid UTF-8 stays quoted.
void append_string(std::string& out, std::string_view s, bool utf8 = false);
void append_nstring(std::string& out, const std::optional<std::string>& s, bool utf8 = false);
// A mailbox name (UTF-8 inside Roost) encoded for the client: modified UTF-7 unless utf8.
void append_mailbox(std::string& out, std::string_view name, bool utf8);
// "(a b c)".
void append_atom_list(std::string& out, const std::vector<std::string>& atoms);

struct ResponseCode {
    enum class Kind {
        Alert,
        AlreadyExists,
        AppendUid,  // number = UIDVALIDITY, set = the new UIDs
        AuthenticationFailed,
        AuthorizationFailed,
        BadCharset,  // atoms = supported charsets (may be empty)
        Cannot,
        Capability,  // atoms
        ClientBug,
        Closed,
        CompressionActive,
        ContactAdmin,
        CopyUid,  // number = UIDVALIDITY, set = source UIDs, set2 = destination UIDs
        Corruption,
        Expired,
        ExpungeIssued,
        HasChildren,
        HighestModSeq,  // number
        InUse,
        Limit,
        MailboxId,  // text = the id
        Modified,   // set
        NoModSeq,
        NonExistent,
        NoPerm,
        NotSaved,
        OverQuota,
        Parse,
        PermanentFlags,  // atoms
        PrivacyRequired,
        ReadOnly,
        ReadWrite,
        ServerBug,
        TooBig,
        TryCreate,
        UidNext,      // number
        UidNotSticky,
        UidValidity,  // number
        Unavailable,
        UnknownCte,
        Unseen,  // number
        UseAttr,
        Other,  // text = the whole code, written as it is
    };
    Kind kind = Kind::Alert;
    std::vector<std::string> atoms;
    std::uint64_t number = 0;
    SequenceSet set;
    SequenceSet set2;
    std::string text;

    static ResponseCode simple(Kind kind);
    static ResponseCode with_number(Kind kind, std::uint64_t number);
    static ResponseCode with_atoms(Kind kind, std::vector<std::string> atoms);
    static ResponseCode append_uid(std::uint32_t uidvalidity, SequenceSet uids);
    static ResponseCode copy_uid(std::uint32_t uidvalidity, SequenceSet from, SequenceSet to);
    static ResponseCode modified(SequenceSet set);
    static ResponseCode other(std::string text);

    // Appends "[CODE args]".
    void append_to(std::string& out) const;
};

enum class Status { Ok, No, Bad, PreAuth, Bye };

struct StatusResponse {
    std::string tag;  // empty: untagged ("*")
    Status status = Status::Ok;
    std::optional<ResponseCode> code;
    std::string text;  // CR, LF and NUL in it are written as spaces

    // Appends the whole line with CR LF.
    void append_to(std::string& out) const;
    std::string to_string() const;
};

// The answer to a receiver error: "<tag or *> BAD [TOOBIG] text" ("NO" when it was refused).
StatusResponse response_for(const ParseError& error);
// The answer to a typed parser's error: NO for an invalid mailbox name, otherwise BAD.
StatusResponse response_for(std::string_view tag, const Error& error);

// "+ text" (the "+ OK" before a literal) or, with base64 data, a SASL challenge.
struct ContinuationRequest {
    std::string text;

    static ContinuationRequest sasl_challenge(std::string_view bytes);
    void append_to(std::string& out) const;
    std::string to_string() const;
};

}  // namespace roost::imap::proto
