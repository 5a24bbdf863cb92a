// Rng: a small deterministic random generator (splitmix64) whose output is the same on every
// platform and standard library, unlike the std:: distributions.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace roost::mail::corpus {

class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next()
    {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // Uniform in [0, n); 0 when n is 0.
    std::uint32_t below(std::uint32_t n)
    {
        return n == 0 ? 0 : static_cast<std::uint32_t>(next() % n);
    }
    // Uniform in [lo, hi].
    std::uint32_t between(std::uint32_t lo, std::uint32_t hi) { return lo + below(hi - lo + 1); }
    bool chance(std::uint32_t percent) { return below(100) < percent; }

    template <class T>
    const T& pick(const std::vector<T>& items)
    {
        return items[below(static_cast<std::uint32_t>(items.size()))];
    }

private:
    std::uint64_t state_;
};

}  // namespace roost::mail::corpus
