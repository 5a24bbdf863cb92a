// TrackingStore: the per-user memory of Sieve's duplicate test and vacation responses (what
// Pigeonhole keeps in ~/.dovecot.lda-dupes): keys with an expiry time, in a small text file
// that concurrent deliveries update under a lock and replace atomically.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace roost::lda {

class TrackingStore {
public:
    explicit TrackingStore(std::string path) : path_(std::move(path)) {}

    // True when `key` was recorded and its period has not run out at `now`.
    bool active(std::string_view key, std::int64_t now);
    // Remembers `key` until `expires`. With `restart` false a key that is still active keeps
    // its expiry (the period runs from the first delivery).
    void record(std::string_view key, std::int64_t expires, bool restart);
    // Writes what was recorded, merged with what other deliveries wrote meanwhile; expired
    // entries are dropped. Nothing to do when nothing was recorded.
    Result<void> commit(std::int64_t now);

    const std::string& path() const { return path_; }

private:
    using Entries = std::map<std::string, std::int64_t>;  // hashed key -> expiry
    static Entries parse(std::string_view text);
    void load();

    std::string path_;
    Entries entries_;
    Entries pending_;
    std::map<std::string, bool> pending_restart_;
    bool loaded_ = false;
};

}  // namespace roost::lda
