// Checks of what setting values mean.
#include "config/value_checks.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>

#include "config/value_parse.hpp"
#include "core/strings.hpp"

namespace roost::config {
namespace {

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view word)
{
    return std::find(list.begin(), list.end(), word) != list.end();
}

// "maildir:~/Maildir:LAYOUT=fs" -> "maildir"; a location without a driver is autodetected.
std::string check_location(std::string_view value)
{
    if (value.empty()) {
        return {};
    }
    const std::size_t colon = value.find(':');
    if (colon == std::string_view::npos) {
        return {};  // a bare path: the format is detected from what is there
    }
    const std::string driver = to_lower(value.substr(0, colon));
    if (driver == "maildir" || driver == "mbox") {
        return {};
    }
    static constexpr std::array<std::string_view, 7> kOther{"mdbox", "sdbox", "dbox", "imapc", "pop3c",
                                                           "cydir", "obox"};
    if (contains(kOther, driver)) {
        return "The " + driver + " storage format is not supported by Roost (use maildir or mbox)";
    }
    if (driver.find('/') != std::string::npos || driver.find('~') != std::string::npos) {
        return {};  // a path that happens to contain ':'
    }
    return "Unknown mail storage format: " + driver + " (use maildir or mbox)";
}

std::string check_mail_plugins(std::string_view value)
{
    static constexpr std::array<std::string_view, 3> kSupported{"quota", "imap_quota", "sieve"};
    for (const std::string& p : parse_words(value)) {
        if (!contains(kSupported, p)) {
            return "Mail plugin " + p + " is not supported by Roost (it has: quota imap_quota sieve)";
        }
    }
    return {};
}

std::string check_mechanisms(std::string_view value)
{
    static constexpr std::array<std::string_view, 8> kSupported{
        "plain", "login", "cram-md5", "scram-sha-1", "scram-sha-256", "external", "anonymous", "apop"};
    for (const std::string& m : parse_words(value)) {
        if (!contains(kSupported, to_lower(m))) {
            return "Authentication mechanism " + m +
                   " is not supported by Roost (it has: plain login cram-md5 scram-sha-1 "
                   "scram-sha-256 external anonymous apop)";
        }
    }
    return {};
}

std::string check_protocols(std::string_view value)
{
    static constexpr std::array<std::string_view, 6> kSupported{"imap", "pop3", "lmtp", "sieve",
                                                               "submission", "none"};
    for (const std::string& p : parse_words(value)) {
        if (!contains(kSupported, p)) {
            return "Unknown protocol: " + p + " (use imap pop3 lmtp sieve submission, or none)";
        }
    }
    return {};
}

std::string check_driver(std::string_view section_type, std::string_view value)
{
    static constexpr std::array<std::string_view, 5> kPassdbs{"passwd-file", "pam", "passwd", "shadow",
                                                              "static"};
    static constexpr std::array<std::string_view, 4> kUserdbs{"passwd-file", "passwd", "static",
                                                              "prefetch"};
    const bool passdb = section_type == "passdb";
    if (value.empty()) {
        return std::string(section_type) + " needs a driver";
    }
    if (passdb ? contains(kPassdbs, value) : contains(kUserdbs, value)) {
        return {};
    }
    return std::string(section_type) + " driver " + std::string(value) +
           " is not supported by Roost (it has: " +
           (passdb ? "passwd-file pam passwd shadow static" : "passwd-file passwd static prefetch") +
           ")";
}

std::string check_special_use(std::string_view value)
{
    static constexpr std::array<std::string_view, 8> kFlags{"\\All", "\\Archive", "\\Drafts", "\\Flagged",
                                                           "\\Important", "\\Junk", "\\Sent", "\\Trash"};
    for (std::string_view flag : split_words(value)) {
        const bool known = std::any_of(kFlags.begin(), kFlags.end(),
                                       [&](std::string_view f) { return iequals(f, flag); });
        if (!known) {
            return "Unknown SPECIAL-USE flag: " + std::string(flag) +
                   " (use \\All \\Archive \\Drafts \\Flagged \\Important \\Junk \\Sent \\Trash)";
        }
    }
    return {};
}

// Addresses and networks as "1.2.3.4", "10.0.0.0/8", "::1", "fe80::/10".
std::string check_networks(std::string_view value)
{
    for (const std::string& net : parse_words(value)) {
        const std::size_t slash = net.find('/');
        const std::string addr = net.substr(0, slash);
        unsigned char buf[16];
        const bool v4 = ::inet_pton(AF_INET, addr.c_str(), buf) == 1;
        const bool v6 = !v4 && ::inet_pton(AF_INET6, addr.c_str(), buf) == 1;
        if (!v4 && !v6) {
            return "Invalid network: " + net + " (use an address or address/prefix)";
        }
        if (slash != std::string::npos) {
            const auto bits = parse_uint(std::string_view(net).substr(slash + 1));
            if (!bits || *bits > (v4 ? 32U : 128U)) {
                return "Invalid network prefix length: " + net;
            }
        }
    }
    return {};
}

std::string check_verbose_passwords(std::string_view value)
{
    const std::string_view base = value.substr(0, value.find(':'));
    if (base != "no" && base != "yes" && base != "plain" && base != "sha1") {
        return "Invalid value: " + std::string(value) + " (use no, plain, sha1, plain:N or sha1:N)";
    }
    if (base.size() < value.size() && !parse_uint(value.substr(base.size() + 1))) {
        return "Invalid truncation length in " + std::string(value);
    }
    return {};
}

}  // namespace

std::string check_meaning(std::string_view section_type, std::string_view key, std::string_view value)
{
    if (section_type.empty()) {
        if (key == "mail_location") {
            return check_location(value);
        }
        if (key == "mail_plugins") {
            return check_mail_plugins(value);
        }
        if (key == "auth_mechanisms") {
            return check_mechanisms(value);
        }
        if (key == "protocols") {
            return check_protocols(value);
        }
        if (key == "login_trusted_networks") {
            return check_networks(value);
        }
        if (key == "auth_verbose_passwords") {
            return check_verbose_passwords(value);
        }
        return {};
    }
    if ((section_type == "passdb" || section_type == "userdb") && key == "driver") {
        return check_driver(section_type, value);
    }
    if (section_type == "namespace" && key == "location") {
        return check_location(value);
    }
    if (section_type == "namespace" && key == "type" && value != "private") {
        return "Shared and public namespaces need ACLs, which Roost does not support yet";
    }
    if (section_type == "mailbox" && key == "special_use") {
        return check_special_use(value);
    }
    if (section_type == "passdb" && key == "mechanisms") {
        return check_mechanisms(value);
    }
    return {};
}

ServiceKind service_kind(std::string_view name)
{
    static constexpr std::array<std::string_view, 10> kRoost{
        "imap", "imap-login", "pop3", "pop3-login", "managesieve", "managesieve-login",
        "submission", "submission-login", "lmtp", "auth"};
    static constexpr std::array<std::string_view, 24> kDovecot{
        "auth-worker", "anvil", "config", "dict", "dict-async", "dns-client", "doveadm",
        "health-check", "imap-hibernate", "imap-urlauth", "imap-urlauth-login",
        "imap-urlauth-worker", "indexer", "indexer-worker", "ipc", "log", "old-stats",
        "replicator", "aggregator", "stats", "director", "quota-status", "tcpwrap", "lmtp-proxy"};
    if (contains(kRoost, name)) {
        return ServiceKind::Roost;
    }
    return contains(kDovecot, name) ? ServiceKind::DovecotOnly : ServiceKind::Unknown;
}

}  // namespace roost::config
