// :matches (RFC 5228 section 2.7.1): '*' matches any run, '?' one character, '\' quotes the
// next character. Each wildcard's text is captured for ${1}... (RFC 5229 section 3.2).
#include "sieve/match.hpp"

namespace roost::sieve {
namespace {

// Length of the UTF-8 sequence starting with this byte (1 for anything invalid).
std::size_t char_length(std::string_view s, std::size_t i)
{
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = 1;
    if (b >= 0xF0 && b < 0xF8) {
        n = 4;
    } else if (b >= 0xE0) {
        n = b < 0xF0 ? 3 : 1;
    } else if (b >= 0xC2) {
        n = 2;
    }
    if (i + n > s.size()) {
        return 1;
    }
    for (std::size_t k = 1; k < n; ++k) {
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
            return 1;
        }
    }
    return n;
}

struct Piece {
    enum class Kind { Literal, One, Any };
    Kind kind;
    char c = 0;
};

std::vector<Piece> compile(std::string_view pattern)
{
    std::vector<Piece> out;
    out.reserve(pattern.size());
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '*') {
            // Consecutive stars still capture separately (the RFC's "**" example).
            out.push_back(Piece{Piece::Kind::Any});
        } else if (c == '?') {
            out.push_back(Piece{Piece::Kind::One});
        } else if (c == '\\' && i + 1 < pattern.size()) {
            out.push_back(Piece{Piece::Kind::Literal, pattern[++i]});
        } else {
            out.push_back(Piece{Piece::Kind::Literal, c});
        }
    }
    return out;
}

struct Span {
    std::size_t start = 0;
    std::size_t length = 0;
};

}  // namespace

bool match_wildcard(const Comparator& cmp, std::string_view value, std::string_view pattern,
                    std::vector<std::string>* captures)
{
    const std::vector<Piece> p = compile(pattern);
    std::vector<Span> spans;  // one per wildcard met so far
    std::size_t vi = 0;
    std::size_t pi = 0;
    // The last '*' seen: where to resume when a later piece fails.
    std::size_t star_pi = std::string_view::npos;
    std::size_t star_span = 0;
    while (vi < value.size() || pi < p.size()) {
        if (pi < p.size()) {
            const Piece& piece = p[pi];
            if (piece.kind == Piece::Kind::Any) {
                if (pi + 1 == p.size()) {
                    // A final '*' takes the rest: nothing after it could fail.
                    spans.push_back(Span{vi, value.size() - vi});
                    vi = value.size();
                    ++pi;
                    continue;
                }
                star_pi = pi;
                star_span = spans.size();
                spans.push_back(Span{vi, 0});
                ++pi;
                continue;
            }
            if (vi < value.size()) {
                if (piece.kind == Piece::Kind::One) {
                    const std::size_t n = char_length(value, vi);
                    spans.push_back(Span{vi, n});
                    vi += n;
                    ++pi;
                    continue;
                }
                if (cmp.fold(value[vi]) == cmp.fold(piece.c)) {
                    ++vi;
                    ++pi;
                    continue;
                }
            }
        }
        // Mismatch: let the last '*' take one more character and retry after it.
        if (star_pi == std::string_view::npos) {
            return false;
        }
        Span& star = spans[star_span];
        const std::size_t next = star.start + star.length;
        if (next >= value.size()) {
            return false;
        }
        star.length += char_length(value, next);
        spans.resize(star_span + 1);
        vi = star.start + star.length;
        pi = star_pi + 1;
    }
    if (captures != nullptr) {
        captures->clear();
        captures->push_back(std::string(value));
        for (const Span& s : spans) {
            captures->push_back(std::string(value.substr(s.start, s.length)));
        }
    }
    return true;
}

}  // namespace roost::sieve
