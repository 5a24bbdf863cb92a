// Config: loading and effective values.
#include "config/config.hpp"

#include <algorithm>

#include "config/config_reader.hpp"
#include "config/filter_match.hpp"
#include "config/registry.hpp"
#include "config/sections.hpp"
#include "config/service_defaults.hpp"
#include "config/settings_tables.hpp"
#include "config/validator.hpp"
#include "config/value_parse.hpp"
#include "core/strings.hpp"

namespace roost::config {
namespace {

ReaderPolicy schema_policy()
{
    ReaderPolicy p;
    p.merges = [](std::string_view type, std::string_view name) {
        const SectionDef* d = section_def(type);
        return !(d != nullptr && d->unnamed_repeats && name.empty());
    };
    p.is_filter = [](std::string_view type) {
        const SectionDef* d = section_def(type);
        return d != nullptr && d->filter;
    };
    p.default_value = [](std::string_view key) -> std::optional<std::string> {
        const SettingDef* d = global_setting(key);
        return d ? std::optional(std::string(d->default_value)) : std::nullopt;
    };
    return p;
}

// -o key=value, or -o plugin/key=value.
void apply_overrides(Section& root, const LoadOptions& options)
{
    const Location where{"command line", 0};
    for (const auto& [key, value] : options.overrides) {
        const std::size_t slash = key.find('/');
        if (slash == std::string::npos) {
            root.set(Setting{key, value, where});
            continue;
        }
        const std::string type = key.substr(0, slash);
        Section* target = root.child(type, "");
        if (target == nullptr) {
            root.children.push_back(Section{type, "", where, {}, {}});
            target = &root.children.back();
        }
        target->set(Setting{key.substr(slash + 1), value, where});
    }
}

// Lays `over` onto `base`: its settings replace, its listeners merge by name.
void overlay(Section& base, const Section& over)
{
    for (const Setting& s : over.settings) {
        base.set(s);
    }
    for (const Section& child : over.children) {
        if (Section* existing = base.child(child.type, child.name)) {
            overlay(*existing, child);
        } else {
            base.children.push_back(child);
        }
    }
}

std::vector<Section> build_services(const Section& root)
{
    std::vector<Section> services = default_services();
    for (const Section* user : root.children_of("service")) {
        auto it = std::find_if(services.begin(), services.end(),
                               [&](const Section& s) { return s.name == user->name; });
        if (it != services.end()) {
            overlay(*it, *user);
        }
    }
    return services;
}

// Walks the filters below `section`, keeping the most specific setting of `key` found by `pick`.
template <class Pick>
void search_filters(const Section& section, const FilterContext& ctx, const Specificity& outer,
                    const Pick& pick, const Setting*& best, std::optional<Specificity>& best_score)
{
    for (const Section& child : section.children) {
        const SectionDef* def = section_def(child.type);
        if (def == nullptr || !def->filter) {
            continue;
        }
        const auto m = match_filter(child, ctx);
        if (!m) {
            continue;
        }
        const Specificity score = outer.combine(*m);
        if (const Setting* s = pick(child); s && (!best_score || !(score < *best_score))) {
            best = s;
            best_score = score;
        }
        search_filters(child, ctx, score, pick, best, best_score);
    }
}

// Diagnostics in the order the lines were read, whichever step found them.
void sort_by_reading_order(std::vector<Diagnostic>& diagnostics, const std::vector<std::string>& files)
{
    const auto rank = [&](const Diagnostic& d) {
        const auto it = std::find(files.begin(), files.end(), d.where.file);
        return std::pair(it - files.begin(), d.where.line);
    };
    std::stable_sort(diagnostics.begin(), diagnostics.end(),
                     [&](const Diagnostic& a, const Diagnostic& b) { return rank(a) < rank(b); });
}

}  // namespace

const SettingDef* global_setting(std::string_view key)
{
    return find_setting(root_section(), key);
}

LoadResult load_config(const std::string& path, FileSource& files, const LoadOptions& options)
{
    LoadResult result;
    ReadResult read = read_config(path, files, schema_policy());
    result.diagnostics = std::move(read.diagnostics);
    apply_overrides(read.root, options);
    validate(read.root, result.diagnostics);
    sort_by_reading_order(result.diagnostics, read.files);
    const bool failed = std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                                    [](const Diagnostic& d) { return d.severity == Diagnostic::Severity::Error; });
    if (failed) {
        result.tree = std::move(read.root);
        return result;
    }
    auto config = std::make_unique<Config>();
    config->path_ = path;
    config->files_ = std::move(read.files);
    config->root_ = std::move(read.root);
    config->services_ = build_services(config->root_);
    result.tree = config->root_;
    result.config = std::move(config);
    return result;
}

LoadResult load_config(const std::string& path, const LoadOptions& options)
{
    DiskFileSource disk;
    return load_config(path, disk, options);
}

const Setting* Config::find(std::string_view key, const FilterContext& ctx) const
{
    const Setting* best = nullptr;
    std::optional<Specificity> score;
    search_filters(root_, ctx, Specificity{}, [&](const Section& f) { return f.find(key); }, best,
                   score);
    return best != nullptr ? best : root_.find(key);
}

std::string Config::get(std::string_view key, const FilterContext& ctx) const
{
    if (const Setting* s = find(key, ctx)) {
        return s->from_file ? "<" + s->value : s->value;
    }
    const SettingDef* d = global_setting(key);
    return d ? std::string(d->default_value) : std::string();
}

bool Config::get_bool(std::string_view key, const FilterContext& ctx) const
{
    return parse_bool(get(key, ctx)).value_or(false);
}

std::uint64_t Config::get_uint(std::string_view key, const FilterContext& ctx) const
{
    return parse_uint(get(key, ctx)).value_or(0);
}

std::uint64_t Config::get_size(std::string_view key, const FilterContext& ctx) const
{
    return parse_size(get(key, ctx)).value_or(0);
}

std::chrono::milliseconds Config::get_time(std::string_view key, const FilterContext& ctx) const
{
    const SettingDef* d = global_setting(key);
    return parse_time(get(key, ctx), d && d->type == ValueType::TimeMsecs)
        .value_or(std::chrono::milliseconds(0));
}

std::vector<std::string> Config::get_list(std::string_view key, const FilterContext& ctx) const
{
    return parse_words(get(key, ctx));
}

Result<std::string> Config::content(std::string_view key, const FilterContext& ctx) const
{
    const Setting* s = find(key, ctx);
    if (s == nullptr || !s->from_file) {
        return get(key, ctx);
    }
    DiskFileSource disk;
    auto text = disk.read(s->value);
    if (!text) {
        return Error{text.error().code, s->where.str() + ": " + std::string(key) + ": " +
                                            text.error().message};
    }
    return text;
}

std::string Config::plugin(std::string_view key, const FilterContext& ctx) const
{
    const Setting* best = nullptr;
    std::optional<Specificity> score;
    search_filters(
        root_, ctx, Specificity{},
        [&](const Section& f) -> const Setting* {
            const Section* p = f.child("plugin", "");
            return p ? p->find(key) : nullptr;
        },
        best, score);
    if (best == nullptr) {
        if (const Section* p = root_.child("plugin", "")) {
            best = p->find(key);
        }
    }
    if (best != nullptr) {
        return best->value;
    }
    const SettingDef* d = find_setting(*section_def("plugin"), key);
    return d ? std::string(d->default_value) : std::string();
}

std::vector<const Section*> Config::sections(std::string_view type) const
{
    return root_.children_of(type);
}

const Section* Config::service(std::string_view name) const
{
    for (const Section& s : services_) {
        if (s.name == name) {
            return &s;
        }
    }
    return nullptr;
}

std::string Config::section_value(const Section& section, std::string_view key)
{
    if (const Setting* s = section.find(key)) {
        return s->value;
    }
    const SectionDef* def = section_def(section.type);
    const SettingDef* d = def ? find_setting(*def, key) : nullptr;
    return d ? std::string(d->default_value) : std::string();
}

std::string Config::mail_location(const FilterContext& ctx) const
{
    const std::string driver = get("mail_driver", ctx);
    if (driver.empty()) {
        return get("mail_location", ctx);
    }
    std::string location = driver + ":" + get("mail_path", ctx);
    for (const auto& [key, param] : {std::pair{"mail_inbox_path", "INBOX"},
                                     std::pair{"mail_index_path", "INDEX"},
                                     std::pair{"mail_control_path", "CONTROL"}}) {
        if (const std::string v = get(key, ctx); !v.empty()) {
            location += std::string(":") + param + "=" + v;
        }
    }
    return location;
}

}  // namespace roost::config
