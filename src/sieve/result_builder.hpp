// ResultBuilder: collects the actions of one run and enforces RFC 5228 section 4's rules:
// duplicates collapse (fileinto/keep to the same mailbox, redirect to the same address),
// conflicting actions are errors, the implicit keep is cancelled by the actions that dispose
// of the message, and the action limits hold.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "sieve/actions.hpp"
#include "sieve/settings.hpp"

namespace roost::sieve {

class ResultBuilder {
public:
    ResultBuilder(const Limits& limits, std::string default_mailbox)
        : limits_(limits), default_mailbox_(std::move(default_mailbox))
    {
    }

    // Adds an action. nullopt on success; else the run-time error to raise.
    std::optional<std::string> add(Action action);

    bool implicit_keep() const { return implicit_keep_; }
    // Whether an explicit action already stores the message into `mailbox`.
    bool stores_into(std::string_view mailbox) const;
    const std::vector<Action>& actions() const { return actions_; }
    std::vector<Action> take() { return std::move(actions_); }

private:
    std::optional<std::string> conflict(const Action& action) const;

    const Limits& limits_;
    std::string default_mailbox_;
    std::vector<Action> actions_;
    std::size_t redirects_ = 0;
    bool implicit_keep_ = true;
};

// Mailbox names compare equal when they name the same mailbox: "INBOX" in any case is INBOX.
bool same_mailbox(std::string_view a, std::string_view b);
// Addresses compare equal ignoring the domain's case and any angle brackets.
bool same_address(std::string_view a, std::string_view b);

}  // namespace roost::sieve
