// Match types (RFC 5228 section 2.7.1, relational RFC 5231, regex draft-ietf-sieve-regex):
// how a test compares the values it extracts with its keys. The primitives live in the mcht_
// files; MatchSpec and KeyList are what a compiled test holds, match_values() runs them.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sieve/comparator.hpp"
#include "sieve/program.hpp"
#include "sieve/string_expr.hpp"

namespace roost::sieve {

enum class MatchKind { Is, Contains, Matches, Regex, Value, Count };
enum class Relation { Gt, Ge, Lt, Le, Eq, Ne };

std::optional<Relation> parse_relation(std::string_view text);
bool relation_holds(Relation relation, int compared);

struct MatchSpec {
    const Comparator* comparator = &ascii_casemap_comparator();
    MatchKind kind = MatchKind::Is;
    Relation relation = Relation::Eq;
};

// A compiled POSIX extended regular expression (regex.h), case-insensitive under
// i;ascii-casemap.
class Regex {
public:
    // Compiles the pattern; error() is set when it does not compile.
    Regex(std::string_view pattern, bool icase);
    ~Regex();
    Regex(const Regex&) = delete;
    Regex& operator=(const Regex&) = delete;

    bool ok() const { return ok_; }
    const std::string& error() const { return error_; }
    // Matches anywhere in value; on success fills groups (${0} the whole match) when asked.
    bool search(std::string_view value, std::vector<std::string>* groups) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    bool ok_ = false;
    std::string error_;
};

// Checks a regex key before compiling it: nullopt when acceptable, else why not.
std::optional<std::string> check_regex_key(std::string_view pattern, std::size_t max_size);

struct KeyList {
    StringList keys;
    std::vector<std::shared_ptr<const Regex>> regexes;  // :regex with constant keys only
};

// Primitives, over the comparator's view of the bytes.
bool match_is(const Comparator& cmp, std::string_view value, std::string_view key);
bool match_contains(const Comparator& cmp, std::string_view value, std::string_view key);
// Wildcard match ('*', '?', '\' escapes; RFC 5228 2.7.1). On success, captures holds what
// each wildcard matched, in order, each as short as possible from the left (RFC 5229 3.2).
bool match_wildcard(const Comparator& cmp, std::string_view value, std::string_view pattern,
                    std::vector<std::string>* captures);

// Matches values against keys with a spec: true when any value matches any key (:count
// compares the number of values instead). Sets match variables for :matches and :regex when
// the script uses variables. Spends the CPU budget; Error when it runs out or a regex fails.
Truth match_values(Runtime& rt, const MatchSpec& spec, const KeyList& keys,
                   const std::vector<std::string>& values);

}  // namespace roost::sieve
