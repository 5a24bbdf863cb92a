// Quota: how much mail a user may keep, from Dovecot's quota_rule values ("*:storage=1G",
// "*:messages=10000", "Trash:storage=+100M", "Trash:ignore"), with quota_grace and
// quota_max_mail_size, and the usage counted over the user's mailboxes (the "count" backend:
// the storage itself is the truth, nothing else to keep in step).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "storage/storage.hpp"

namespace roost::storage {

struct QuotaUsage {
    std::uint64_t bytes = 0;
    std::uint64_t messages = 0;
};

class Quota {
public:
    // Parses the rules (quota_rule, quota_rule2 ... in order; empty strings are skipped),
    // quota_grace ("10%" or a size) and quota_max_mail_size (0 = none). Errors name the rule.
    static Result<Quota> parse(const std::vector<std::string>& rules, std::string_view grace = "10%",
                               std::uint64_t max_mail_size = 0);

    // True when some rule sets a limit.
    bool enabled() const { return base_bytes_ || base_messages_ || max_mail_size_; }
    // quota_max_mail_size: the largest message that may be saved (0: no limit).
    std::uint64_t max_mail_size() const { return max_mail_size_; }
    // Whether a mailbox's messages count (Trash:ignore).
    bool counts(std::string_view mailbox) const;

    struct Limit {
        std::optional<std::uint64_t> bytes;
        std::optional<std::uint64_t> messages;
    };
    // The limit while saving into `mailbox`: the "*" rule adjusted by the mailbox's own rule.
    Limit limit_for(std::string_view mailbox) const;

    enum class Verdict { Ok, TooLarge, OverQuota };
    // Whether a message of `size` bytes may be saved into `mailbox` at `usage`: refused when the
    // user is already at a limit, or would pass it by more than the grace.
    Verdict check(const QuotaUsage& usage, std::string_view mailbox, std::uint64_t size) const;

private:
    struct Rule {
        std::string mailbox;
        bool ignore = false;
        // Each limit: absolute, or relative to the "*" rule (+/-), or a percentage of it.
        struct Value {
            std::int64_t amount = 0;
            enum class Kind { Absolute, Relative, Percent } kind = Kind::Absolute;
        };
        std::optional<Value> bytes;
        std::optional<Value> messages;
    };
    const Rule* rule_for(std::string_view mailbox) const;

    std::vector<Rule> rules_;
    std::optional<std::uint64_t> base_bytes_;
    std::optional<std::uint64_t> base_messages_;
    double grace_percent_ = 10;
    std::optional<std::uint64_t> grace_bytes_;
    std::uint64_t max_mail_size_ = 0;
};

// The usage over every mailbox the quota counts (sizes of the stored files).
Result<QuotaUsage> quota_usage(Storage& storage, const Quota& quota);

}  // namespace roost::storage
