// Flags: the IMAP system flags of a message as a small bit set, and how a STORE changes them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace roost::storage {

enum class Flag : std::uint8_t {
    Seen = 1,
    Answered = 2,
    Flagged = 4,
    Deleted = 8,
    Draft = 16,
    Recent = 32,  // session state, never stored by a STORE and never written to disk
};

class Flags {
public:
    constexpr Flags() = default;
    constexpr Flags(Flag f) : bits_(static_cast<std::uint8_t>(f)) {}  // NOLINT: a flag is a set
    static constexpr Flags from_bits(std::uint8_t bits) { return Flags(bits & kAllBits); }

    constexpr std::uint8_t bits() const { return bits_; }
    constexpr bool has(Flag f) const { return (bits_ & static_cast<std::uint8_t>(f)) != 0; }
    constexpr bool empty() const { return bits_ == 0; }

    constexpr Flags operator|(Flags o) const { return Flags(bits_ | o.bits_); }
    constexpr Flags operator&(Flags o) const { return Flags(bits_ & o.bits_); }
    constexpr Flags without(Flags o) const { return Flags(bits_ & ~o.bits_); }
    constexpr Flags& operator|=(Flags o)
    {
        bits_ |= o.bits_;
        return *this;
    }
    constexpr bool operator==(const Flags&) const = default;

    // Only the flags a STORE or APPEND may set (everything but \Recent).
    constexpr Flags storable() const { return without(Flag::Recent); }

private:
    static constexpr std::uint8_t kAllBits = 63;
    constexpr explicit Flags(int bits) : bits_(static_cast<std::uint8_t>(bits)) {}
    std::uint8_t bits_ = 0;
};

constexpr Flags operator|(Flag a, Flag b)
{
    return Flags(a) | Flags(b);
}

// "\Seen \Answered ..." in the IMAP order (Seen Answered Flagged Deleted Draft Recent).
std::string flags_to_string(Flags flags);
// One IMAP system flag name ("\\seen", case-insensitive); nullopt for keywords and unknowns.
std::optional<Flag> parse_system_flag(std::string_view name);

enum class StoreMode {
    Add,      // +FLAGS
    Remove,   // -FLAGS
    Replace,  // FLAGS
};

// The flags after applying a STORE: Replace keeps \Recent (it is not storable).
Flags apply_store(Flags current, StoreMode mode, Flags change);
// The same for a keyword bit set.
std::uint64_t apply_store(std::uint64_t current, StoreMode mode, std::uint64_t change);

}  // namespace roost::storage
