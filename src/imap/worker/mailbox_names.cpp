// LIST pattern matching.
#include "imap/worker/mailbox_names.hpp"

#include <vector>

#include "core/strings.hpp"

namespace roost::imap {

std::string canonical_pattern(std::string_view pattern, char separator)
{
    std::string out(pattern);
    const std::size_t first_end = out.find(separator);
    if (iequals(std::string_view(out).substr(0, first_end), "INBOX")) {
        out.replace(0, 5, "INBOX");
    }
    return out;
}

bool list_pattern_matches(std::string_view pattern, std::string_view name, char separator)
{
    // Dynamic programming over (pattern position, name position), one row per pattern
    // position from the end: no backtracking, so hostile patterns stay linear in size.
    const std::size_t n = name.size();
    std::vector<char> next(n + 1, 0);  // row i + 1
    std::vector<char> row(n + 1, 0);   // row i
    next[n] = 1;                       // empty pattern matches the empty rest only
    for (std::size_t i = pattern.size(); i-- > 0;) {
        const char p = pattern[i];
        for (std::size_t j = n + 1; j-- > 0;) {
            bool m = false;
            if (p == '*') {
                m = next[j] != 0 || (j < n && row[j + 1] != 0);
            } else if (p == '%') {
                m = next[j] != 0 || (j < n && name[j] != separator && row[j + 1] != 0);
            } else {
                m = j < n && name[j] == p && next[j + 1] != 0;
            }
            row[j] = m ? 1 : 0;
        }
        next.swap(row);
    }
    return next[0] != 0;
}

}  // namespace roost::imap
