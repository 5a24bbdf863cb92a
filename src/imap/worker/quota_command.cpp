// GETQUOTAROOT, GETQUOTA, SETQUOTA (RFC 9208, as Dovecot's imap_quota plugin answers them): one
// quota root over all the user's mail, named as in the quota setting ("User quota").
#include <variant>

#include "imap/proto/response_data.hpp"
#include "imap/worker/quota_resources.hpp"
#include "imap/worker/session.hpp"

namespace roost::imap {
namespace {

Reply unknown_command(const char* name)
{
    return Reply::bad(std::string("Unknown command ") + name);
}

}  // namespace

std::optional<Reply> Session::quota_data(proto::QuotaData& data)
{
    data.root = settings_.quota_root;
    auto usage = storage::quota_usage(storage_, *settings_.quota);
    if (!usage) {
        return failure(usage.error(), "");
    }
    data.resources = quota_resources(*settings_.quota, *usage);
    return std::nullopt;
}

bool Session::has_quota_root() const
{
    return settings_.quota && !quota_resources(*settings_.quota, {}).empty();
}

Reply Session::cmd_getquotaroot(proto::ParsedCommand& cmd)
{
    if (!settings_.capabilities.quota) {
        return unknown_command("GETQUOTAROOT");
    }
    if (!has_quota_root()) {
        return Reply::ok("No quota.");
    }
    // Every mailbox, existing or not and whatever the rules ignore, is under the one root;
    // the name goes back as the client sent it (Dovecot 2.3 does both).
    proto::QuotaData quota;
    if (auto failed = quota_data(quota)) {
        return *failed;
    }
    const auto& args = std::get<proto::MailboxArgs>(cmd.args);
    proto::QuotaRootData{args.mailbox, utf8_, {settings_.quota_root}}.append_to(out());
    quota.append_to(out());
    return Reply::ok("Getquotaroot completed.");
}

Reply Session::cmd_getquota(proto::ParsedCommand& cmd)
{
    if (!settings_.capabilities.quota) {
        return unknown_command("GETQUOTA");
    }
    const auto& args = std::get<proto::GetQuotaArgs>(cmd.args);
    if (!has_quota_root() || args.root != settings_.quota_root) {
        return Reply::no("Quota root doesn't exist.");
    }
    proto::QuotaData quota;
    if (auto failed = quota_data(quota)) {
        return *failed;
    }
    quota.append_to(out());
    return Reply::ok("Getquota completed.");
}

Reply Session::cmd_setquota(proto::ParsedCommand&)
{
    if (!settings_.capabilities.quota) {
        return unknown_command("SETQUOTA");
    }
    // Limits come from the config and userdb; Dovecot lets only a quota admin set them.
    return Reply::no("Quota can be changed only by admin.");
}

}  // namespace roost::imap
