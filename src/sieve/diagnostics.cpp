// Collecting and formatting compile diagnostics.
#include "sieve/diagnostics.hpp"

#include <algorithm>

namespace roost::sieve {

void Diagnostics::error(Position pos, std::string message)
{
    if (full()) {
        return;
    }
    ++errors_;
    list_.push_back(Diagnostic{pos, std::move(message), false, script_});
}

void Diagnostics::warning(Position pos, std::string message)
{
    if (list_.size() >= max_errors_ * 2) {
        return;
    }
    list_.push_back(Diagnostic{pos, std::move(message), true, script_});
}

std::string Diagnostics::format(std::string_view main_name) const
{
    // Lexer, parser and validator find problems in separate passes: report them in script
    // order, each script's together.
    std::vector<const Diagnostic*> sorted;
    for (const Diagnostic& d : list_) {
        sorted.push_back(&d);
    }
    std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic* a, const Diagnostic* b) {
        if (a->script != b->script) {
            return a->script < b->script;  // the main script ("") first
        }
        return a->pos.line != b->pos.line ? a->pos.line < b->pos.line
                                          : a->pos.column < b->pos.column;
    });
    std::string out;
    for (const Diagnostic* dp : sorted) {
        const Diagnostic& d = *dp;
        out += d.script.empty() ? std::string(main_name) : d.script;
        out += ':';
        out += std::to_string(d.pos.line);
        out += ':';
        out += std::to_string(d.pos.column);
        out += d.warning ? ": warning: " : ": error: ";
        out += d.message;
        out += '\n';
    }
    return out;
}

}  // namespace roost::sieve
