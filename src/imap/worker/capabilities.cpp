// The post-login capability list.
#include "imap/worker/capabilities.hpp"

namespace roost::imap {

std::vector<std::string> post_login_capabilities(const CapabilityOptions& options)
{
    // IMAP4rev2 (RFC 9051) folds in NAMESPACE, UNSELECT, UIDPLUS, ESEARCH, SEARCHRES, ENABLE,
    // IDLE, LIST-EXTENDED, LIST-STATUS, MOVE, BINARY, STATUS=SIZE and the CHILDREN attributes;
    // they are listed one by one too for IMAP4rev1 clients.
    std::vector<std::string> out{"IMAP4rev1",    "IMAP4rev2",   "ID",         "ENABLE",      "IDLE",
                                 options.literal_minus ? "LITERAL-" : "LITERAL+",          "NAMESPACE",
                                 "UNSELECT",     "UIDPLUS",     "CHILDREN",   "LIST-EXTENDED", "LIST-STATUS",
                                 "ESEARCH",      "SEARCHRES",   "WITHIN",     "CONDSTORE",   "BINARY",
                                 "MOVE",         "STATUS=SIZE", "UTF8=ACCEPT", "MULTIAPPEND", "QRESYNC"};
    // Folders have the attributes of the config's mailbox blocks and those clients give at
    // CREATE (RFC 6154: CREATE-SPECIAL-USE needs SPECIAL-USE).
    out.emplace_back("SPECIAL-USE");
    out.emplace_back("CREATE-SPECIAL-USE");
    // RFC 5255: SEARCH compares text under i;unicode-casemap (mail/unicode_casemap.hpp), as
    // Dovecot announces it.
    out.emplace_back("I18NLEVEL=1");
    if (options.append_limit != 0) {
        out.push_back("APPENDLIMIT=" + std::to_string(options.append_limit));
    }
    if (options.quota) {
        out.emplace_back("QUOTA");  // Dovecot 2.3 announces no QUOTA=RES-* names
    }
    return out;
}

bool can_enable(const std::string& upper_name)
{
    return upper_name == "CONDSTORE" || upper_name == "QRESYNC" || upper_name == "IMAP4REV2" ||
           upper_name == "UTF8=ACCEPT";
}

}  // namespace roost::imap
