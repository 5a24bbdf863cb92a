// Dump: building and rendering the printed configuration.
#include "config/dump.hpp"

#include <algorithm>

#include "config/registry.hpp"
#include "config/sections.hpp"
#include "config/service_defaults.hpp"
#include "config/settings_tables.hpp"

namespace roost::config {
namespace {

std::string shown_value(const Setting& s) { return s.from_file ? "<" + s.value : s.value; }

DumpEntry entry(std::string key, std::string value, const SettingDef* def, const DumpOptions& o)
{
    DumpEntry e{std::move(key), std::move(value), false};
    if (def && (def->flags & kSecret) && !o.show_secrets && !e.value.empty()) {
        e.value.clear();
        e.hidden = true;
    }
    return e;
}

class Builder {
public:
    Builder(const Config& config, const DumpOptions& options) : config_(config), o_(options) {}

    DumpSection build()
    {
        DumpSection root;
        globals(root);
        const Section& tree = config_.root();
        for (const Section& s : tree.children) {
            const SectionDef* def = section_def(s.type);
            if (def == nullptr || def->support != Support::Yes || s.type == "service") {
                continue;
            }
            if (o_.mode == DumpMode::Defaults) {
                continue;
            }
            if (auto d = section(s, *def); d) {
                root.children.push_back(std::move(*d));
            }
        }
        if (o_.mode == DumpMode::NonDefault) {
            // An empty block changes nothing, so -n does not show it (as doveconf -n).
            std::erase_if(root.children, [](const DumpSection& d) { return is_empty(d); });
        }
        services(root);
        // Sections sort among each other by type (stable: passdb order matters), filters last.
        std::stable_sort(root.children.begin(), root.children.end(),
                         [](const DumpSection& a, const DumpSection& b) {
                             if (a.filter != b.filter) {
                                 return !a.filter;
                             }
                             return !a.filter && a.type < b.type;
                         });
        return root;
    }

private:
    static bool is_empty(const DumpSection& d)
    {
        return d.settings.empty() &&
               std::all_of(d.children.begin(), d.children.end(), [](const DumpSection& c) { return is_empty(c); });
    }

    void globals(DumpSection& root) const
    {
        for (const SettingDef& d : global_settings()) {
            if (d.support != Support::Yes) {
                continue;
            }
            const Setting* s = config_.find(d.name, o_.context);
            const std::string value = (s && o_.mode != DumpMode::Defaults) ? shown_value(*s)
                                                                            : std::string(d.default_value);
            if (o_.mode == DumpMode::NonDefault && value == d.default_value) {
                continue;
            }
            root.settings.push_back(entry(std::string(d.name), value, &d, o_));
        }
        std::sort(root.settings.begin(), root.settings.end(),
                  [](const DumpEntry& a, const DumpEntry& b) { return a.key < b.key; });
    }

    // One configured section; nullopt when -n has nothing to say about it.
    std::optional<DumpSection> section(const Section& s, const SectionDef& def) const
    {
        DumpSection out{s.type, s.name, def.filter, {}, {}};
        if (def.filter) {
            for (const Setting& setting : s.settings) {
                out.settings.push_back(entry(setting.key, shown_value(setting), global_setting(setting.key), o_));
            }
        } else if (o_.mode == DumpMode::All && !def.settings.empty() && s.type != "plugin") {
            for (const SettingDef& d : def.settings) {
                if (d.support == Support::Yes) {
                    const Setting* set = s.find(d.name);
                    out.settings.push_back(entry(std::string(d.name),
                                                 set ? shown_value(*set) : std::string(d.default_value), &d, o_));
                }
            }
        } else {
            for (const Setting& setting : s.settings) {
                const SettingDef* d = find_setting(def, setting.key);
                if (d && d->support != Support::Yes) {
                    continue;
                }
                if (o_.mode == DumpMode::NonDefault && d && setting.value == d->default_value &&
                    !setting.from_file && s.type != "plugin") {
                    continue;
                }
                out.settings.push_back(entry(setting.key, shown_value(setting), d, o_));
            }
        }
        std::sort(out.settings.begin(), out.settings.end(),
                  [](const DumpEntry& a, const DumpEntry& b) { return a.key < b.key; });
        for (const Section& child : s.children) {
            const SectionDef* cdef = child_section(def, child.type);
            if (cdef == nullptr || cdef->support != Support::Yes) {
                continue;
            }
            if (auto c = section(child, *cdef)) {
                out.children.push_back(std::move(*c));
            }
        }
        return out;
    }

    // Services: -a/-d print every service with its defaults; -n prints what differs from them.
    void services(DumpSection& root) const
    {
        const SectionDef& def = *section_def("service");
        if (o_.mode != DumpMode::NonDefault) {
            const std::vector<Section>& all =
                o_.mode == DumpMode::All ? config_.services() : default_services();
            for (const Section& s : all) {
                root.children.push_back(full_section(s, def));
            }
            return;
        }
        for (const Section* user : config_.root().children_of("service")) {
            const Section* base = default_service(user->name);
            if (base == nullptr) {
                continue;  // a Dovecot-only service, named by the validator
            }
            DumpSection d = differences(*user, *base, def);
            if (!d.settings.empty() || !d.children.empty()) {
                root.children.push_back(std::move(d));
            }
        }
    }

    DumpSection full_section(const Section& s, const SectionDef& def) const
    {
        DumpSection out{s.type, s.name, false, {}, {}};
        for (const SettingDef& d : def.settings) {
            if (d.support != Support::Yes) {
                continue;
            }
            const Setting* set = s.find(d.name);
            out.settings.push_back(entry(std::string(d.name), set ? shown_value(*set) : std::string(d.default_value), &d, o_));
        }
        for (const Section& child : s.children) {
            if (const SectionDef* cdef = child_section(def, child.type)) {
                out.children.push_back(full_section(child, *cdef));
            }
        }
        return out;
    }

    DumpSection differences(const Section& user, const Section& base, const SectionDef& def) const
    {
        DumpSection out{user.type, user.name, false, {}, {}};
        for (const Setting& s : user.settings) {
            const SettingDef* d = find_setting(def, s.key);
            if (d == nullptr || d->support != Support::Yes) {
                continue;
            }
            const Setting* b = base.find(s.key);
            const std::string base_value = b ? b->value : std::string(d->default_value);
            if (s.value != base_value || s.from_file) {
                out.settings.push_back(entry(s.key, shown_value(s), d, o_));
            }
        }
        std::sort(out.settings.begin(), out.settings.end(),
                  [](const DumpEntry& a, const DumpEntry& b) { return a.key < b.key; });
        for (const Section& child : user.children) {
            const SectionDef* cdef = child_section(def, child.type);
            if (cdef == nullptr) {
                continue;
            }
            const Section* b = base.child(child.type, child.name);
            static const Section kEmpty;
            DumpSection c = differences(child, b ? *b : kEmpty, *cdef);
            if (!c.settings.empty() || !c.children.empty() || b == nullptr) {
                out.children.push_back(std::move(c));
            }
        }
        return out;
    }

    const Config& config_;
    const DumpOptions& o_;
};

// A value needs quotes when the reader would otherwise change it: edge whitespace, a leading
// '<', '$' or quote, a '#' (comment), or a trailing '\\' (continuation).
bool needs_quotes(const std::string& value)
{
    if (value.empty()) {
        return false;
    }
    const char first = value.front();
    const char last = value.back();
    return first == ' ' || first == '\t' || last == ' ' || last == '\t' || first == '<' ||
           first == '$' || first == '"' || first == '\'' || last == '\\' ||
           value.find('#') != std::string::npos;
}

std::string quoted(const std::string& text)
{
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    out += '"';
    return out;
}

void render(const DumpSection& s, int depth, std::string& out)
{
    const std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
    for (const DumpEntry& e : s.settings) {
        out += indent + e.key + " =";
        if (e.hidden) {
            out += " # hidden, use -P to show it";
        } else if (!e.value.empty()) {
            out += " ";
            // A "<path" value is written as the file reference it is.
            out += (e.value.front() == '<') ? e.value : quote_value(e.value);
        } else {
            out += " ";
        }
        out += "\n";
    }
    for (const DumpSection& c : s.children) {
        out += indent + c.type;
        if (!c.name.empty()) {
            const bool plain = c.name.find_first_of(" \t\"'{}#\\") == std::string::npos;
            out += " " + (plain ? c.name : quoted(c.name));
        }
        out += " {\n";
        render(c, depth + 1, out);
        out += indent + "}\n";
    }
}

}  // namespace

DumpSection build_dump(const Config& config, const DumpOptions& options)
{
    return Builder(config, options).build();
}

DumpSection dump_tree(const Section& root, bool show_secrets)
{
    DumpOptions o;
    o.show_secrets = show_secrets;
    DumpSection out{root.type, root.name, false, {}, {}};
    for (const Setting& s : root.settings) {
        out.settings.push_back(entry(s.key, shown_value(s), global_setting(s.key), o));
    }
    for (const Section& child : root.children) {
        out.children.push_back(dump_tree(child, show_secrets));
    }
    return out;
}

std::string quote_value(const std::string& value)
{
    return needs_quotes(value) ? quoted(value) : value;
}

std::string render_text(const DumpSection& root, const std::string& header)
{
    std::string out;
    if (!header.empty()) {
        out += "# " + header + "\n";
    }
    render(root, 0, out);
    return out;
}

}  // namespace roost::config
