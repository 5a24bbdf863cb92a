// ConfigReader: files, includes, sections and $key expansion.
#include "config/config_reader.hpp"

#include <algorithm>
#include <map>

#include "config/config_lexer.hpp"
#include "core/strings.hpp"

namespace roost::config {
namespace {

constexpr int kMaxIncludeDepth = 20;
// Diamond-shaped includes multiply without recursing; no real config follows this many.
constexpr std::size_t kMaxIncludesFollowed = 1000;

bool is_glob(const std::string& path) { return path.find_first_of("*?[") != std::string::npos; }

bool is_key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

class Reader {
public:
    Reader(FileSource& files, const ReaderPolicy& policy) : files_(files), policy_(policy)
    {
        stack_.push_back(&result_.root);
    }

    ReadResult run(const std::string& path)
    {
        if (!files_.exists(path)) {
            error(Location{path, 0}, "Can't open configuration file: No such file or directory");
            return std::move(result_);
        }
        read_file(path, 0);
        return std::move(result_);
    }

private:
    void error(const Location& where, std::string message)
    {
        result_.diagnostics.push_back({Diagnostic::Severity::Error, where, std::move(message)});
    }
    void warning(const Location& where, std::string message)
    {
        result_.diagnostics.push_back({Diagnostic::Severity::Warning, where, std::move(message)});
    }

    void read_file(const std::string& path, int depth)
    {
        auto text = files_.read(path);
        if (!text) {
            error(Location{path, 0}, "Can't read configuration file: " + text.error().message);
            return;
        }
        result_.files.push_back(path);
        open_files_.push_back(path);
        const std::size_t base_depth = stack_.size();
        for (const ConfigLine& line : lex_config(*text)) {
            const Location where{path, line.line};
            if (!line.warning.empty()) {
                warning(where, line.warning);
            }
            handle_line(line, where, depth, base_depth);
        }
        // Sections must close in the file that opened them.
        while (stack_.size() > base_depth) {
            const Section* open = stack_.back();
            error(Location{path, 0},
                  "Missing '}' (section started at " + open->where.str() + ")");
            stack_.pop_back();
            path_.pop_back();
        }
        open_files_.pop_back();
    }

    void handle_line(const ConfigLine& line, const Location& where, int depth,
                     std::size_t base_depth)
    {
        using Kind = ConfigLine::Kind;
        switch (line.kind) {
        case Kind::Error:
            error(where, line.value);
            return;
        case Kind::Include:
        case Kind::IncludeTry:
            include(line, where, depth);
            return;
        case Kind::SectionBegin:
            open_section(line, where);
            return;
        case Kind::SectionEnd:
            if (stack_.size() <= base_depth) {
                error(where, "Unexpected '}'");
            } else {
                stack_.pop_back();
                path_.pop_back();
            }
            return;
        case Kind::Assign:
        case Kind::AssignFile:
            assign(line, where);
            return;
        }
    }

    void include(const ConfigLine& line, const Location& where, int depth)
    {
        const bool optional = line.kind == ConfigLine::Kind::IncludeTry;
        if (depth >= kMaxIncludeDepth) {
            error(where, "Too deeply nested !include (loop?): " + line.value);
            return;
        }
        const std::string path = resolve_path(directory_of(where.file), line.value);
        if (++includes_seen_ > kMaxIncludesFollowed) {
            if (includes_seen_ == kMaxIncludesFollowed + 1) {
                error(where, "Too many !include lines followed (over " + std::to_string(kMaxIncludesFollowed) + ")");
            }
            return;
        }
        std::vector<std::string> matches;
        if (is_glob(path)) {
            matches = files_.glob(path);  // a glob matching nothing is fine, as in Dovecot
        } else if (files_.exists(path)) {
            matches.push_back(path);
        } else if (!optional) {
            error(where, "!include " + line.value + ": No such file or directory");
        }
        for (const std::string& m : matches) {
            if (std::find(open_files_.begin(), open_files_.end(), m) != open_files_.end()) {
                error(where, "Recursive include of " + m);
                continue;
            }
            read_file(m, depth + 1);
        }
    }

    void open_section(const ConfigLine& line, const Location& where)
    {
        Section* parent = stack_.back();
        if (policy_.merges(line.key, line.value)) {
            for (std::size_t i = 0; i < parent->children.size(); ++i) {
                Section& existing = parent->children[i];
                if (existing.type == line.key && existing.name == line.value) {
                    stack_.push_back(&existing);
                    path_.push_back(i);
                    return;
                }
            }
        }
        Section s;
        s.type = line.key;
        s.name = line.value;
        s.where = where;
        parent->children.push_back(std::move(s));
        stack_.push_back(&parent->children.back());
        path_.push_back(parent->children.size() - 1);
    }

    bool inside_filter() const
    {
        for (std::size_t i = 1; i < stack_.size(); ++i) {
            if (policy_.is_filter(stack_[i]->type)) {
                return true;
            }
        }
        return false;
    }

    // "$key" words of a value starting with '$' are replaced by the key's value so far.
    std::optional<std::string> expand(const std::string& target, const std::string& value,
                                      const Location& where)
    {
        std::string out;
        bool first = true;
        for (std::string_view word : split_words(value)) {
            if (!first) {
                out += ' ';
            }
            first = false;
            if (word.size() < 2 || word[0] != '$' ||
                !std::all_of(word.begin() + 1, word.end(), is_key_char)) {
                out += word;
                continue;
            }
            const std::string key(word.substr(1));
            auto current = lookup(key);
            if (!current) {
                error(where, "Unknown setting in $" + key);
                return std::nullopt;
            }
            expansions_.emplace(key, Expansion{where, path_, target});
            out += *current;
        }
        return trim(out).empty() ? std::string() : std::string(trim(out));
    }

    // The value a key has at this point: innermost open section outwards, then the default.
    std::optional<std::string> lookup(const std::string& key) const
    {
        for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
            if (const Setting* s = (*it)->find(key)) {
                return s->from_file ? "<" + s->value : s->value;
            }
        }
        return policy_.default_value(key);
    }

    void assign(const ConfigLine& line, const Location& where)
    {
        Setting s;
        s.key = line.key;
        s.where = where;
        s.quoted = line.quoted;
        if (line.kind == ConfigLine::Kind::AssignFile) {
            s.from_file = true;
            s.value = resolve_path(directory_of(where.file), line.value);
        } else if (!line.quoted && !line.value.empty() && line.value[0] == '$') {
            auto expanded = expand(line.key, line.value, where);
            if (!expanded) {
                return;
            }
            s.value = std::move(*expanded);
        } else {
            s.value = line.value;
        }
        warn_order_traps(s.key, where);
        if (inside_filter()) {
            filter_sets_.emplace(s.key, where);
        }
        stack_.back()->set(std::move(s));
    }

    // Two traps of parse-time expansion that Dovecot users fall into.
    void warn_order_traps(const std::string& key, const Location& where)
    {
        bool warned = false;
        if (path_.empty()) {
            if (auto it = filter_sets_.find(key); it != filter_sets_.end()) {
                warning(where, "Global setting " + key +
                                   " won't change the setting inside an earlier filter at " +
                                   it->second.str() +
                                   " (if this is intentional, avoid this warning by moving the "
                                   "global setting before " + it->second.str() + ")");
                warned = true;
            }
        }
        if (warned) {
            return;
        }
        const auto range = expansions_.equal_range(key);
        for (auto it = range.first; it != range.second; ++it) {
            // Only sections the expansion could see: the one it was in, or its ancestors.
            const std::vector<std::size_t>& seen = it->second.path;
            // "k = $k more" appends in place: only other keys or other sections keep old values.
            if (it->second.target == key && seen == path_) {
                continue;
            }
            if (path_.size() <= seen.size() &&
                std::equal(path_.begin(), path_.end(), seen.begin())) {
                warning(where, key + " changed after $" + key + " was already expanded at " +
                                   it->second.where.str() +
                                   "; that line keeps the earlier value");
                return;
            }
        }
    }

    // Where a $key was expanded, and the section it was in as child indexes from the root.
    struct Expansion {
        Location where;
        std::vector<std::size_t> path;
        std::string target;  // the key whose value used the expansion
    };

    FileSource& files_;
    const ReaderPolicy& policy_;
    ReadResult result_;
    std::vector<std::string> open_files_;  // the include chain being read
    std::size_t includes_seen_ = 0;
    std::vector<Section*> stack_;     // open sections, root first
    std::vector<std::size_t> path_;   // child indexes of the open sections below the root
    std::multimap<std::string, Expansion> expansions_;
    std::map<std::string, Location> filter_sets_;  // key -> first filter that set it
};

}  // namespace

bool ReadResult::has_errors() const
{
    return std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
        return d.severity == Diagnostic::Severity::Error;
    });
}

std::string directory_of(const std::string& path)
{
    const std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) {
        return ".";
    }
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string resolve_path(const std::string& base_dir, const std::string& path)
{
    if (path.empty() || path[0] == '/') {
        return path;
    }
    return base_dir == "/" ? "/" + path : base_dir + "/" + path;
}

ReadResult read_config(const std::string& path, FileSource& files, const ReaderPolicy& policy)
{
    return Reader(files, policy).run(path);
}

}  // namespace roost::config
