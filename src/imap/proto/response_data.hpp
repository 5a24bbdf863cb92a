// Untagged data responses as structs that serialise themselves: CAPABILITY, ENABLED, EXISTS,
// RECENT, EXPUNGE, FLAGS, LIST / LSUB (with RFC 5258 extended data), STATUS, SEARCH, ESEARCH
// (RFC 4731), VANISHED (RFC 7162), NAMESPACE, ID, QUOTA, QUOTAROOT, METADATA, and a FETCH
// response builder. Mailbox names are given in UTF-8 and encoded for the client's mode.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "imap/proto/mailbox_args.hpp"
#include "imap/proto/sequence_set.hpp"

namespace roost::imap::proto {

struct CapabilityData {
    std::vector<std::string> capabilities;
    void append_to(std::string& out) const;
};

struct EnabledData {
    std::vector<std::string> capabilities;
    void append_to(std::string& out) const;
};

// "* n EXISTS", "* n RECENT", "* n EXPUNGE".
struct CountData {
    enum class Kind { Exists, Recent, Expunge };
    Kind kind = Kind::Exists;
    std::uint32_t number = 0;
    void append_to(std::string& out) const;
};

struct FlagsData {
    std::vector<std::string> flags;
    void append_to(std::string& out) const;
};

struct ListData {
    bool lsub = false;
    std::vector<std::string> attributes;  // "\HasNoChildren", "\Sent" ...
    std::optional<char> separator;        // nullopt: NIL (flat namespace)
    std::string name;                     // UTF-8
    bool utf8 = false;                    // the client reads UTF-8 names
    bool childinfo_subscribed = false;    // ("CHILDINFO" ("SUBSCRIBED")), RFC 5258
    std::optional<std::string> old_name;  // ("OLDNAME" ("...")), RFC 5465 / 9051
    void append_to(std::string& out) const;
};

struct StatusData {
    struct Item {
        StatusItem item = StatusItem::Messages;
        std::optional<std::uint64_t> value;  // nullopt writes NIL (APPENDLIMIT without limit)
        std::string id;                      // MAILBOXID's value
    };
    std::string mailbox;  // UTF-8
    bool utf8 = false;
    std::vector<Item> items;
    void append_to(std::string& out) const;
};

// The IMAP4rev1 SEARCH response; modseq is the CONDSTORE "(MODSEQ n)" suffix.
struct SearchData {
    std::vector<std::uint32_t> numbers;
    std::optional<std::uint64_t> modseq;
    void append_to(std::string& out) const;
};

struct EsearchData {
    std::string tag;  // the SEARCH command's tag; empty leaves out (TAG ...)
    bool uid = false;
    std::optional<std::uint32_t> min;
    std::optional<std::uint32_t> max;
    std::optional<std::uint32_t> count;
    std::optional<SequenceSet> all;  // empty sets are left out, as RFC 4731 requires
    std::optional<std::uint64_t> modseq;
    void append_to(std::string& out) const;
};

struct VanishedData {
    bool earlier = false;
    SequenceSet uids;
    void append_to(std::string& out) const;
};

struct NamespaceData {
    struct Namespace {
        std::string prefix;  // UTF-8
        std::optional<char> separator;
    };
    std::vector<Namespace> personal;
    std::vector<Namespace> other_users;
    std::vector<Namespace> shared;
    bool utf8 = false;
    void append_to(std::string& out) const;
};

struct IdData {
    // nullopt: "* ID NIL"
    std::optional<std::vector<std::pair<std::string, std::optional<std::string>>>> fields;
    void append_to(std::string& out) const;
};

struct QuotaData {
    struct Resource {
        std::string name;  // "STORAGE" (KiB), "MESSAGE" ...
        std::uint64_t usage = 0;
        std::uint64_t limit = 0;
    };
    std::string root;
    std::vector<Resource> resources;
    void append_to(std::string& out) const;
};

struct QuotaRootData {
    std::string mailbox;  // UTF-8
    bool utf8 = false;
    std::vector<std::string> roots;
    void append_to(std::string& out) const;
};

struct MetadataData {
    std::string mailbox;  // UTF-8; "" for the server
    bool utf8 = false;
    std::vector<std::pair<std::string, std::optional<std::string>>> entries;
    void append_to(std::string& out) const;
};

// "* n FETCH (ITEM value ITEM value)": items are added in order, values written by the
// helpers here or by mail::imap's writers into raw().
class FetchResponse {
public:
    explicit FetchResponse(std::uint32_t sequence);

    void add_number(std::string_view name, std::uint64_t value);
    void add_flags(const std::vector<std::string>& flags);
    void add_modseq(std::uint64_t modseq);  // "MODSEQ (n)"
    void add_internal_date(std::int64_t unix_time, int zone_minutes);
    void add_nstring(std::string_view name, const std::optional<std::string>& value);
    // A literal always (BODY[...], RFC822*), or literal8 "~{n}" for binary BINARY[...] data.
    void add_literal(std::string_view name, std::string_view data, bool literal8 = false);
    // The name and a space; the caller appends the value to raw() (ENVELOPE, BODYSTRUCTURE).
    std::string& add_raw(std::string_view name);
    std::string& raw() { return line_; }

    void append_to(std::string& out) const;
    std::string to_string() const;

private:
    void start_item(std::string_view name);
    std::string line_;  // "* n FETCH (" and the items so far
    bool first_ = true;
};

}  // namespace roost::imap::proto
