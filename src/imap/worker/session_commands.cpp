// CAPABILITY, NOOP / CHECK, LOGOUT, ID, ENABLE, NAMESPACE.
#include "core/strings.hpp"
#include "imap/proto/response_data.hpp"
#include "imap/worker/capabilities.hpp"
#include "imap/worker/session.hpp"

namespace roost::imap {

Reply Session::cmd_capability(proto::ParsedCommand&)
{
    proto::CapabilityData{post_login_capabilities(settings_.capabilities)}.append_to(out());
    return Reply::ok("Capability completed.");
}

Reply Session::cmd_noop(proto::ParsedCommand& cmd)
{
    // The dispatcher sends what changed in the mailbox afterwards.
    return Reply::ok(cmd.id == proto::CommandId::Check ? "Check completed." : "NOOP completed.");
}

Reply Session::cmd_logout(proto::ParsedCommand&)
{
    out() += "* BYE Logging out\r\n";
    logout_ = true;
    return Reply::ok("Logout completed.");
}

Reply Session::cmd_id(proto::ParsedCommand&)
{
    proto::IdData data;
    data.fields = std::vector<std::pair<std::string, std::optional<std::string>>>{{"name", settings_.id_name}};
    data.append_to(out());
    return Reply::ok("ID completed.");
}

Reply Session::cmd_enable(proto::ParsedCommand& cmd)
{
    const auto& args = std::get<proto::EnableArgs>(cmd.args);
    proto::EnabledData enabled;
    for (const std::string& name : args.capabilities) {
        const std::string upper = to_upper(name);
        if (!can_enable(upper)) {
            continue;  // RFC 5161: unknown names are ignored
        }
        if (upper == "CONDSTORE" && !condstore_) {
            condstore_ = true;
            enabled.capabilities.emplace_back("CONDSTORE");
            if (selected()) {
                proto::StatusResponse{{}, proto::Status::Ok,
                                      proto::ResponseCode::with_number(proto::ResponseCode::Kind::HighestModSeq,
                                                                       box_->highest_modseq()),
                                      "Highest"}
                    .append_to(out());
            }
        } else if (upper == "QRESYNC" && !qresync_) {
            // QRESYNC enables CONDSTORE too (RFC 7162 3.2.3); Dovecot names only QRESYNC and
            // sends no HIGHESTMODSEQ here.
            qresync_ = true;
            condstore_ = true;
            enabled.capabilities.emplace_back("QRESYNC");
            continue;
        } else if (upper == "IMAP4REV2" && !rev2_) {
            rev2_ = true;
            enabled.capabilities.emplace_back("IMAP4rev2");
        } else if (upper == "UTF8=ACCEPT" && !utf8_) {
            enabled.capabilities.emplace_back("UTF8=ACCEPT");
        } else {
            continue;
        }
        if (upper != "CONDSTORE") {
            // IMAP4rev2 and UTF8=ACCEPT both make names and quoted strings UTF-8 (RFC 9051 6.3.1).
            utf8_ = true;
            context_.utf8 = true;
            receiver_.set_utf8_quoted(true);
        }
    }
    enabled.append_to(out());
    return Reply::ok("Enabled.");
}

Reply Session::cmd_namespace(proto::ParsedCommand&)
{
    proto::NamespaceData data;
    for (const SessionNamespace& ns : namespaces_) {
        if (!ns.hidden) {
            data.personal.push_back({ns.names.prefix, ns.names.separator});
        }
    }
    data.utf8 = utf8_;
    data.append_to(out());
    return Reply::ok("Namespace completed.");
}

}  // namespace roost::imap
