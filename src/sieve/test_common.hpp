// What the tests share: the COMPARATOR and MATCH-TYPE tags (RFC 5228 section 2.7), ADDRESS-PART
// (section 2.7.4, subaddress RFC 5233), :index/:last (RFC 5260 section 6), the :mime options
// (RFC 5703 section 4), header-name lists, and collecting header values from the message.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sieve/args.hpp"
#include "sieve/match.hpp"

namespace roost::sieve {

class Compiler;
class Runtime;

enum TagGroup {
    kGroupMatchType = 1,
    kGroupAddressPart,
    kGroupMimeOpt,
    kGroupZone,
    kGroupPeriod,
    kGroupLocation,
    kGroupIdSource,
    kGroupTransform,
    kGroupSize,
    kGroupCase,
    kGroupFirst,
    kGroupQuote,
};

void add_comparator_tags(std::vector<TagDef>& tags);
void add_match_type_tags(std::vector<TagDef>& tags);
void add_address_part_tags(std::vector<TagDef>& tags);
void add_index_tags(std::vector<TagDef>& tags);
// :mime, :anychild and the MIME-OPTS of the header test (mime_opts) for address/exists too.
void add_mime_tags(std::vector<TagDef>& tags, bool mime_opts);

// The comparator and match type chosen by the tags, checked against each other; nullopt
// (after reporting) when they do not fit.
std::optional<MatchSpec> read_match_spec(Compiler& c, const Args& args);
// The key list, with :regex keys checked and precompiled when constant.
std::optional<KeyList> read_keys(Compiler& c, const MatchSpec& spec, const AstArgument& arg);

enum class AddressPart { All, LocalPart, Domain, User, Detail };
AddressPart read_address_part(const Args& args);
// The part of an address; nullopt when the part does not exist (:detail without a
// separator). delimiters: the characters that separate user and detail.
std::optional<std::string> address_part_value(std::string_view local, std::string_view domain,
                                              AddressPart part, std::string_view delimiters);

struct IndexSpec {
    std::size_t index = 0;  // 1-based; 0: every occurrence
    bool last = false;
};
std::optional<IndexSpec> read_index(Compiler& c, const Args& args);
// The occurrences an index selects out of n.
bool index_selects(const IndexSpec& index, std::size_t position, std::size_t count);

// Header names: a string list whose constant members must be valid field names.
std::optional<StringList> read_header_names(Compiler& c, const AstArgument& arg);

struct MimeSpec {
    bool mime = false;
    bool anychild = false;
    enum class Opt { None, Type, Subtype, ContentType, Param } opt = Opt::None;
    StringList params;
};
std::optional<MimeSpec> read_mime(Compiler& c, const Args& args);

// The parts a header/address/exists test looks at: the message header (or the current
// foreverypart part with :mime), plus every part below it with :anychild.
std::vector<std::uint32_t> selected_parts(Runtime& rt, const MimeSpec& mime);

// The raw values of the named fields in part `part`, honouring :index.
std::vector<std::string> raw_field_values(Runtime& rt, std::uint32_t part,
                                          const std::vector<std::string>& names,
                                          const IndexSpec& index);

}  // namespace roost::sieve
