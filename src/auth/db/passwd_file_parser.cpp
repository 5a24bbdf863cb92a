// The passwd-file format.
#include "auth/db/passwd_file_parser.hpp"

#include "core/strings.hpp"

namespace roost::auth {

PasswdFileParse parse_passwd_file(std::string_view text)
{
    PasswdFileParse out;
    int line_no = 0;
    for (std::string_view raw : split(text, '\n')) {
        ++line_no;
        if (!raw.empty() && raw.back() == '\r') {
            raw.remove_suffix(1);
        }
        const std::string_view line = trim_left(raw);
        if (line.empty() || line.front() == '#') {
            continue;
        }
        // The first seven fields are fixed; everything after the seventh ':' is extra fields.
        std::vector<std::string_view> fields;
        std::size_t start = 0;
        while (fields.size() < 7) {
            const std::size_t colon = line.find(':', start);
            if (colon == std::string_view::npos) {
                break;
            }
            fields.push_back(line.substr(start, colon - start));
            start = colon + 1;
        }
        fields.push_back(line.substr(start));
        PasswdFileEntry e;
        e.line = line_no;
        e.user = std::string(fields[0]);
        if (e.user.empty()) {
            out.warnings.push_back("line " + std::to_string(line_no) + ": empty user name");
            continue;
        }
        if (fields.size() > 1) {
            e.password = std::string(fields[1]);
        }
        if (fields.size() > 2) {
            e.uid = std::string(fields[2]);
        }
        if (fields.size() > 3) {
            e.gid = std::string(fields[3]);
        }
        if (fields.size() > 5) {
            e.home = std::string(fields[5]);
        }
        if (fields.size() > 7) {
            e.extra = parse_field_list(fields[7]);
        }
        if (out.entries.count(e.user) > 0) {
            out.warnings.push_back("line " + std::to_string(line_no) + ": duplicate user " + e.user + " ignored");
            continue;
        }
        out.entries.emplace(e.user, std::move(e));
    }
    return out;
}

}  // namespace roost::auth
