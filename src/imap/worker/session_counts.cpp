// Session counters and the logout line.
#include "imap/worker/session_counts.hpp"

#include "config/variables.hpp"

namespace roost::imap {

void SessionCounts::fetched(bool header, std::uint32_t uid, std::uint64_t bytes)
{
    std::uint32_t& last = header ? last_hdr_uid_ : last_body_uid_;
    if (last != uid) {
        last = uid;
        ++(header ? fetch_hdr_count : fetch_body_count);
    }
    (header ? fetch_hdr_bytes : fetch_body_bytes) += bytes;
}

bool is_header_section(const mail::imap::SectionSpec& section)
{
    using Kind = mail::imap::SectionSpec::Kind;
    return section.kind == Kind::Header || section.kind == Kind::HeaderFields ||
           section.kind == Kind::HeaderFieldsNot || section.kind == Kind::Mime;
}

std::string logout_line(const std::string& format, const SessionCounts& c)
{
    config::Variables vars;
    vars.set("input", std::to_string(c.bytes_in), 'i');
    vars.set("output", std::to_string(c.bytes_out), 'o');
    vars.set("deleted", std::to_string(c.deleted));
    vars.set("expunged", std::to_string(c.expunged));
    vars.set("trashed", std::to_string(c.trashed));
    vars.set("fetch_hdr_count", std::to_string(c.fetch_hdr_count));
    vars.set("fetch_hdr_bytes", std::to_string(c.fetch_hdr_bytes));
    vars.set("fetch_body_count", std::to_string(c.fetch_body_count));
    vars.set("fetch_body_bytes", std::to_string(c.fetch_body_bytes));
    auto line = config::expand_variables(format, vars);
    return line ? *line : format;
}

}  // namespace roost::imap
