// SequenceSet: an IMAP sequence set (RFC 9051 "sequence-set") of message sequence numbers or
// UIDs, with '*' for the largest number in use and "$" for the saved SEARCH result (RFC 5182).
// Parsed from a command, asked what it contains once the mailbox size is known, and written
// back compactly for COPYUID, APPENDUID, VANISHED and ESEARCH.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace roost::imap::proto {

class SequenceSet {
public:
    // An end of a range: a number, or kStar for '*'.
    static constexpr std::uint32_t kStar = 0;

    struct Range {
        std::uint32_t first = 1;
        std::uint32_t last = 1;  // may be below first ("5:2" is 2:5); kStar for '*'
        bool operator==(const Range&) const = default;
    };

    SequenceSet() = default;

    // Parses "1:3,5,7:*" or "$". Errors (ImapProtoError::Syntax): empty text, 0, numbers over
    // 2^32-1, stray commas or colons, "$" when allow_saved is false or mixed with numbers.
    static Result<SequenceSet> parse(std::string_view text, bool allow_saved = true);

    // The set of the given numbers, ascending, runs joined into ranges ("1:3,7").
    static SequenceSet from_numbers(std::vector<std::uint32_t> numbers);
    // The numbers in the given order, consecutive ascending runs joined: for COPYUID, whose
    // two sets correspond element by element.
    static SequenceSet from_ordered(const std::vector<std::uint32_t>& numbers);
    static SequenceSet saved_result();

    // Adds a range (either order; kStar allowed), joining it to the last range when adjacent.
    void add(std::uint32_t first, std::uint32_t last);
    void add(std::uint32_t n) { add(n, n); }

    bool is_saved() const { return saved_; }
    bool empty() const { return !saved_ && ranges_.empty(); }
    const std::vector<Range>& ranges() const { return ranges_; }
    bool has_star() const;

    // The ranges with '*' read as `star` (the largest sequence number or UID in use), each
    // low to high, sorted and merged. With star 0 (an empty mailbox) '*' is 0 and ranges that
    // reach only 0 vanish. Not for "$" (the caller substitutes the saved result first).
    std::vector<Range> resolve(std::uint32_t star) const;

    bool contains(std::uint32_t n, std::uint32_t star) const;

    // Number of values in resolve(star) clipped to 1..limit.
    std::uint64_t count(std::uint32_t star, std::uint32_t limit) const;

    // The numbers 1..max that the set contains, ascending and each once ('*' is max).
    class Numbers;
    Numbers numbers(std::uint32_t max) const;

    // The text form: "$" or the ranges as stored, a single number for n:n, '*' for kStar.
    std::string to_string() const;

    bool operator==(const SequenceSet&) const = default;

private:
    std::vector<Range> ranges_;
    bool saved_ = false;
};

// A forward range over the numbers of a set clipped to 1..max; use in a range-for.
class SequenceSet::Numbers {
public:
    class Iterator {
    public:
        Iterator(const std::vector<Range>* ranges, std::size_t index, std::uint32_t value)
            : ranges_(ranges), index_(index), value_(value) {}
        std::uint32_t operator*() const { return value_; }
        Iterator& operator++();
        bool operator==(const Iterator& other) const
        {
            return index_ == other.index_ && value_ == other.value_;
        }

    private:
        const std::vector<Range>* ranges_;
        std::size_t index_;
        std::uint32_t value_;
    };

    explicit Numbers(std::vector<Range> ranges) : ranges_(std::move(ranges)) {}
    Iterator begin() const;
    Iterator end() const { return Iterator(&ranges_, ranges_.size(), 0); }

private:
    std::vector<Range> ranges_;  // resolved and clipped: ascending, disjoint, first <= last
};

}  // namespace roost::imap::proto
