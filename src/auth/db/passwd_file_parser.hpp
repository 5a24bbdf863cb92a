// The passwd-file format Dovecot reads: user:password:uid:gid:gecos:home:shell:extra_fields,
// parsed from text into entries. Pure: the driver reads the file and watches it for changes.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "auth/db/fields.hpp"

namespace roost::auth {

struct PasswdFileEntry {
    std::string user;
    std::string password;  // as written: "{SHA512-CRYPT}$6$...", a bare hash, or empty
    std::string uid;       // empty when not given
    std::string gid;
    std::string home;
    Fields extra;          // extra_fields, userdb_ prefixes still on
    int line = 0;
};

struct PasswdFileParse {
    std::map<std::string, PasswdFileEntry, std::less<>> entries;
    std::vector<std::string> warnings;  // "line 12: ..." for lines that were skipped
};

// Parses the whole file. Blank lines and '#' comments are skipped; a later duplicate user is
// ignored with a warning (the first one wins, as in Dovecot).
PasswdFileParse parse_passwd_file(std::string_view text);

}  // namespace roost::auth
