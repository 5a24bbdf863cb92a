// ConfigLexer: turns the text of one Dovecot-syntax config file into logical lines (assignments,
// section starts and ends, includes). Pure: it never opens files; includes are only reported.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace roost::config {

struct ConfigLine {
    enum class Kind {
        Assign,        // key = value
        AssignFile,    // key = <path   (value holds the path)
        SectionBegin,  // type [name] {
        SectionEnd,    // }
        Include,       // !include path
        IncludeTry,    // !include_try path
        Error,         // value holds the message
    };
    Kind kind = Kind::Error;
    int line = 0;  // first physical line of the logical line
    std::string key;
    std::string value;
    bool quoted = false;     // the value (or section name) was quoted in the file
    std::string warning;     // a non-fatal remark about this line, e.g. an ambiguous '#'
};

// Splits text into logical lines: strips comments and blank lines, joins lines ending in '\'
// with one space, removes quotes (with backslash escapes) around values and section names.
std::vector<ConfigLine> lex_config(std::string_view text);

}  // namespace roost::config
