// Matching primitives shared by IMAP SEARCH and Sieve: comparators (RFC 4790: i;octet,
// i;ascii-casemap, i;unicode-casemap), match types (:is, :contains, :matches with * and ?),
// address parts, and date comparisons.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "mail/date_time.hpp"
#include "mail/message_part.hpp"

namespace roost::mail {

enum class Comparator { Octet, AsciiCasemap, UnicodeCasemap };
enum class MatchType { Is, Contains, Matches };

// Compares value against key: Is = equality, Contains = substring, Matches = glob where '*'
// matches any run and '?' one character (a UTF-8 code point under i;unicode-casemap), and '\'
// quotes the next character (RFC 5228 section 2.7.1).
bool match_string(std::string_view value, std::string_view key, MatchType type,
                  Comparator comparator);

enum class AddressPart { All, LocalPart, Domain };

// The part of a mailbox address a Sieve address test looks at (RFC 5228 section 5.1); nullopt
// for group markers. A missing domain gives "" for Domain and the bare local part for All.
std::optional<std::string> address_part(const Address& address, AddressPart part);

// The calendar date of a header date in its own zone: what IMAP SENTBEFORE / SENTON /
// SENTSINCE compare ("disregarding time and timezone", RFC 3501 section 6.4.4).
Date date_of(const DateTime& dt);

// The calendar date of a moment in a given zone (minutes east of UTC), e.g. INTERNALDATE
// compared in the server's zone.
Date date_in_zone(std::int64_t unix_time, int zone_minutes);

}  // namespace roost::mail
