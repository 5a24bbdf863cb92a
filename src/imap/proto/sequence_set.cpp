// Sequence set parsing, resolution and serialisation.
#include "imap/proto/sequence_set.hpp"

#include <algorithm>

#include "imap/proto/proto_error.hpp"

namespace roost::imap::proto {
namespace {

// One seq-number: "*" or a number 1..2^32-1.
bool parse_number(std::string_view s, std::uint32_t& out)
{
    if (s == "*") {
        out = SequenceSet::kStar;
        return true;
    }
    if (s.empty() || s.size() > 10) {
        return false;
    }
    std::uint64_t n = 0;
    for (const char c : s) {
        if (c < '0' || c > '9') {
            return false;
        }
        n = n * 10 + static_cast<unsigned>(c - '0');
    }
    if (n == 0 || n > 0xffffffffull) {
        return false;
    }
    out = static_cast<std::uint32_t>(n);
    return true;
}

std::uint32_t resolved(std::uint32_t v, std::uint32_t star)
{
    return v == SequenceSet::kStar ? star : v;
}

}  // namespace

Result<SequenceSet> SequenceSet::parse(std::string_view text, bool allow_saved)
{
    SequenceSet set;
    if (text == "$") {
        if (!allow_saved) {
            return bad_syntax("Saved search result ($) not allowed here");
        }
        set.saved_ = true;
        return set;
    }
    if (text.empty()) {
        return bad_syntax("Empty sequence set");
    }
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string_view item = text.substr(start, comma - start);
        const std::size_t colon = item.find(':');
        Range range;
        bool ok = false;
        if (colon == std::string_view::npos) {
            ok = parse_number(item, range.first);
            range.last = range.first;
        } else {
            ok = parse_number(item.substr(0, colon), range.first) &&
                 parse_number(item.substr(colon + 1), range.last);
        }
        if (!ok) {
            return bad_syntax("Invalid sequence set: " + std::string(text.substr(0, 100)));
        }
        set.ranges_.push_back(range);
        start = comma + 1;
    }
    return set;
}

SequenceSet SequenceSet::from_numbers(std::vector<std::uint32_t> numbers)
{
    std::sort(numbers.begin(), numbers.end());
    numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
    return from_ordered(numbers);
}

SequenceSet SequenceSet::from_ordered(const std::vector<std::uint32_t>& numbers)
{
    SequenceSet set;
    for (const std::uint32_t n : numbers) {
        if (n != 0) {
            set.add(n);
        }
    }
    return set;
}

SequenceSet SequenceSet::saved_result()
{
    SequenceSet set;
    set.saved_ = true;
    return set;
}

void SequenceSet::add(std::uint32_t first, std::uint32_t last)
{
    if (first != kStar && last != kStar && first > last) {
        std::swap(first, last);
    }
    if (!ranges_.empty() && first != kStar && last != kStar) {
        Range& back = ranges_.back();
        if (back.last != kStar && back.first <= back.last && back.last != 0xffffffffu &&
            back.last + 1 == first) {
            back.last = last;
            return;
        }
    }
    ranges_.push_back({first, last});
}

bool SequenceSet::has_star() const
{
    return std::any_of(ranges_.begin(), ranges_.end(),
                       [](const Range& r) { return r.first == kStar || r.last == kStar; });
}

std::vector<SequenceSet::Range> SequenceSet::resolve(std::uint32_t star) const
{
    std::vector<Range> out;
    out.reserve(ranges_.size());
    for (const Range& r : ranges_) {
        std::uint32_t a = resolved(r.first, star);
        std::uint32_t b = resolved(r.last, star);
        if (a > b) {
            std::swap(a, b);
        }
        if (b == 0) {
            continue;
        }
        out.push_back({std::max<std::uint32_t>(a, 1), b});
    }
    std::sort(out.begin(), out.end(),
              [](const Range& x, const Range& y) { return x.first < y.first; });
    std::vector<Range> merged;
    for (const Range& r : out) {
        if (!merged.empty() &&
            static_cast<std::uint64_t>(merged.back().last) + 1 >= r.first) {
            merged.back().last = std::max(merged.back().last, r.last);
        } else {
            merged.push_back(r);
        }
    }
    return merged;
}

bool SequenceSet::contains(std::uint32_t n, std::uint32_t star) const
{
    if (n == 0) {
        return false;
    }
    for (const Range& r : ranges_) {
        std::uint32_t a = resolved(r.first, star);
        std::uint32_t b = resolved(r.last, star);
        if (a > b) {
            std::swap(a, b);
        }
        if (n >= a && n <= b) {
            return true;
        }
    }
    return false;
}

std::uint64_t SequenceSet::count(std::uint32_t star, std::uint32_t limit) const
{
    std::uint64_t total = 0;
    for (const Range& r : resolve(star)) {
        if (r.first > limit) {
            break;
        }
        total += std::min(r.last, limit) - r.first + 1ull;
    }
    return total;
}

SequenceSet::Numbers SequenceSet::numbers(std::uint32_t max) const
{
    std::vector<Range> ranges;
    for (const Range& r : resolve(max)) {
        if (r.first > max) {
            break;
        }
        ranges.push_back({r.first, std::min(r.last, max)});
    }
    return Numbers(std::move(ranges));
}

SequenceSet::Numbers::Iterator SequenceSet::Numbers::begin() const
{
    if (ranges_.empty()) {
        return end();
    }
    return Iterator(&ranges_, 0, ranges_.front().first);
}

SequenceSet::Numbers::Iterator& SequenceSet::Numbers::Iterator::operator++()
{
    const Range& r = (*ranges_)[index_];
    if (value_ < r.last) {
        ++value_;
        return *this;
    }
    ++index_;
    value_ = index_ < ranges_->size() ? (*ranges_)[index_].first : 0;
    return *this;
}

std::string SequenceSet::to_string() const
{
    if (saved_) {
        return "$";
    }
    std::string out;
    auto number = [&out](std::uint32_t v) {
        if (v == kStar) {
            out += '*';
        } else {
            out += std::to_string(v);
        }
    };
    for (const Range& r : ranges_) {
        if (!out.empty()) {
            out += ',';
        }
        number(r.first);
        if (r.last != r.first) {
            out += ':';
            number(r.last);
        }
    }
    return out;
}

}  // namespace roost::imap::proto
