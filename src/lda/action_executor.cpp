#include "lda/action_executor.hpp"

#include <algorithm>
#include <optional>

#include "core/strings.hpp"
#include "lda/rejection.hpp"
#include "storage/storage_error.hpp"

namespace roost::lda {
namespace {

const std::string& message_of(const std::shared_ptr<const std::string>& edited, const std::string& original)
{
    return edited ? *edited : original;
}

}  // namespace

Result<void> ActionExecutor::append_to(const std::string& name, const std::vector<std::string>& flags,
                                       const std::string& message)
{
    storage::OpenOptions options;
    options.save_only = true;
    auto box = storage_.open_mailbox(name, options);
    if (!box) {
        return box.error();
    }
    storage::AppendRequest req;
    req.data = message;
    for (const std::string& f : flags) {
        if (auto sys = storage::parse_system_flag(f)) {
            req.flags |= *sys;
        } else if (!f.empty() && f[0] != '\\') {
            req.keywords.push_back(f);
        }
    }
    auto uid = (*box)->append(req);
    if (!uid) {
        return uid.error();
    }
    return {};
}

Result<void> ActionExecutor::check_quota(const std::string& name, std::uint64_t size)
{
    if (settings_.quota == nullptr || !settings_.quota->enabled()) {
        return {};
    }
    if (!usage_) {
        auto counted = storage::quota_usage(storage_, *settings_.quota);
        if (!counted) {
            return counted.error();
        }
        usage_ = *counted;
    }
    if (settings_.quota->check(*usage_, name, size) != storage::Quota::Verdict::Ok) {
        return storage::storage_error(storage::StorageError::NoQuota, settings_.quota_exceeded_message);
    }
    return {};
}

Result<std::string> ActionExecutor::store(const std::string& mailbox, bool create,
                                          const std::vector<std::string>& flags, const std::string& message,
                                          DeliveryOutcome& out)
{
    const std::string wanted = mailbox.empty() ? "INBOX" : mailbox;
    const std::optional<std::string> resolved = settings_.names.to_storage(wanted);
    if (!resolved) {
        // As dovecot-lda: a name outside the namespace (or with a '/' that is no separator)
        // names no mailbox, so the message goes to INBOX.
        out.log.push_back("save to " + wanted + " failed (no such mailbox name: the inbox namespace has prefix \"" +
                          settings_.names.prefix + "\" and separator " + settings_.names.separator +
                          "), saving to INBOX");
        return store("INBOX", false, flags, message, out);
    }
    const std::string& name = *resolved;
    if (std::find(out.stored_in.begin(), out.stored_in.end(), name) != out.stored_in.end()) {
        return name;  // a second keep or fileinto of the same mailbox stores one copy
    }
    Result<void> saved = check_quota(name, message.size());
    if (saved) {
        saved = append_to(name, flags, message);
    }
    if (!saved && name != "INBOX" && storage::storage_code_of(saved.error()) == storage::StorageError::NotFound &&
        (create || settings_.mailbox_autocreate)) {
        if (auto made = storage_.create_mailbox(name);
            made || storage::storage_code_of(made.error()) == storage::StorageError::Exists) {
            if (settings_.mailbox_autosubscribe) {
                (void)storage_.set_subscribed(name, true);
            }
            saved = append_to(name, flags, message);
        }
    }
    if (saved) {
        if (usage_ && settings_.quota->counts(name)) {
            usage_->bytes += message.size();
            usage_->messages += 1;
        }
        out.stored_in.push_back(name);
        out.log.push_back("saved mail to " + name);
        return name;
    }
    if (name == "INBOX" || storage::storage_code_of(saved.error()) == storage::StorageError::NoQuota) {
        return saved.error();
    }
    // As dovecot-lda: a mailbox that cannot take the message sends it to INBOX instead.
    out.log.push_back("save to " + name + " failed (" + saved.error().message + "), saving to INBOX");
    return store("INBOX", false, flags, message, out);
}

std::string ActionExecutor::redirect_from() const
{
    const std::string& how = settings_.redirect_envelope_from;
    if (how == "recipient") {
        return envelope_.final_recipient;
    }
    if (how == "orig_recipient") {
        return envelope_.original_recipient;
    }
    if (how == "user_email") {
        return envelope_.user.find('@') != std::string::npos ? envelope_.user : envelope_.final_recipient;
    }
    if (how == "postmaster") {
        return settings_.postmaster_address;
    }
    if (how.size() >= 2 && how.front() == '<' && how.back() == '>') {
        return how.substr(1, how.size() - 2);
    }
    return envelope_.sender;
}

Result<DeliveryOutcome> ActionExecutor::deliver_plain(const std::string& mailbox, const std::string& message)
{
    DeliveryOutcome out;
    auto stored = store(mailbox, false, {}, message, out);
    if (!stored) {
        return stored.error();
    }
    return out;
}

Result<std::string> ActionExecutor::send_rejection(const std::string& reason, const std::string& message)
{
    if (envelope_.sender.empty()) {
        return std::string("rejected; no rejection sent to the null sender");
    }
    const RejectionInput in{message,
                            settings_.postmaster_address,
                            envelope_.sender,
                            envelope_.final_recipient,
                            reason,
                            settings_.rejection_subject,
                            settings_.rejection_reason,
                            settings_.hostname,
                            now_,
                            zone_minutes_};
    if (auto sent = sender_.send("", {envelope_.sender}, build_rejection(in)); !sent) {
        return sent.error();
    }
    return "rejected, rejection sent to <" + envelope_.sender + ">";
}

Result<DeliveryOutcome> ActionExecutor::execute(const SieveDecision& decision, const std::string& message)
{
    DeliveryOutcome out;
    // Pigeonhole's order: the fileinto stores first, then the mail sent, then the keeps. Once
    // something is done (a copy stored, a mail sent), a failed send can no longer be retried
    // by the MTA without repeating it, so it falls back to keeping in INBOX; before that, a
    // temporary failure leaves nothing behind and the whole delivery is retried (exit 75).
    bool committed = false;
    for (const sieve::Action& action : decision.actions) {
        const auto* s = std::get_if<sieve::StoreAction>(&action.data);
        if (s != nullptr && !s->keep && !s->implicit) {
            auto stored = store(s->mailbox, s->create, s->flags, message_of(s->message, message), out);
            if (!stored) {
                return stored.error();
            }
            committed = true;
        }
    }
    bool failed = false;  // a send that had to be done was not: keep the message in INBOX
    // The failure of a redirect (or of a rejection): temporary and nothing done yet ends the
    // delivery with an error; otherwise the remaining sends are skipped, as Pigeonhole does.
    const auto send_failed = [&](const std::string& what, const Error& e) -> std::optional<Error> {
        const bool temporary = !is_permanent_send_error(e);
        if (temporary && !committed) {
            return Error{e.code, what + " failed temporarily: " + e.message + "; the delivery is deferred"};
        }
        out.log.push_back(what + " failed" + (temporary ? " temporarily" : "") + ": " + e.message);
        failed = true;
        return std::nullopt;
    };
    for (const sieve::Action& action : decision.actions) {
        if (failed) {
            break;
        }
        if (const auto* r = std::get_if<sieve::RedirectAction>(&action.data)) {
            if (auto sent = sender_.send(redirect_from(), {r->address}, message_of(r->message, message)); sent) {
                out.log.push_back("forwarded to <" + r->address + ">");
                committed = true;
            } else if (auto deferred = send_failed("redirect to <" + r->address + ">", sent.error())) {
                return *deferred;
            }
        } else if (const auto* j = std::get_if<sieve::RejectAction>(&action.data)) {
            // A rejection that cannot be sent is never deferred: the message is kept instead.
            if (auto sent = send_rejection(j->reason, message); sent) {
                out.log.push_back(*sent);
                committed = true;
            } else {
                out.log.push_back("sending the rejection failed: " + sent.error().message);
                failed = true;
            }
        } else if (std::holds_alternative<sieve::DiscardAction>(action.data)) {
            out.log.push_back("discarded");
        } else if (const auto* v = std::get_if<sieve::VacationAction>(&action.data)) {
            // Vacation responses and notifications are best effort: a failure is only logged.
            if (auto sent = sender_.send("", {v->to}, v->message); sent) {
                tracking_.record("vacation:" + v->tracking_key, now_ + v->period, true);
                out.log.push_back("sent vacation response to <" + v->to + ">");
                committed = true;
            } else {
                out.log.push_back("sending the vacation response failed: " + sent.error().message);
            }
        } else if (const auto* n = std::get_if<sieve::NotifyAction>(&action.data)) {
            if (auto sent = sender_.send("", n->recipients, n->message); sent) {
                out.log.push_back("sent notification to " + join(n->recipients, ", "));
                committed = true;
            } else {
                out.log.push_back("sending the notification failed: " + sent.error().message);
            }
        }
    }
    for (const sieve::Action& action : decision.actions) {
        const auto* s = std::get_if<sieve::StoreAction>(&action.data);
        if (s != nullptr && (s->keep || s->implicit)) {
            auto stored = store(s->mailbox, s->create, s->flags, message_of(s->message, message), out);
            if (!stored) {
                return stored.error();
            }
        }
    }
    if (failed) {
        auto stored = store("INBOX", false, {}, message_of(decision.edited_message, message), out);
        if (!stored) {
            return stored.error();
        }
    }
    for (const sieve::DuplicateMark& m : decision.duplicate_marks) {
        tracking_.record("duplicate:" + m.key, now_ + m.period, m.last);
    }
    if (auto saved = tracking_.commit(now_); !saved) {
        out.log.push_back("could not record duplicate/vacation tracking: " + saved.error().message);
    }
    return out;
}

}  // namespace roost::lda
