// Validator: schema checks over the parsed tree.
#include "config/validator.hpp"

#include <algorithm>
#include <iterator>

#include "config/namespace_checks.hpp"
#include "config/registry.hpp"
#include "config/sections.hpp"
#include "config/value_checks.hpp"
#include "config/value_parse.hpp"
#include "config/variables.hpp"

namespace roost::config {
namespace {

using Severity = Diagnostic::Severity;

class Validator {
public:
    explicit Validator(std::vector<Diagnostic>& out) : out_(out) {}

    void section(Section& s, const SectionDef& def)
    {
        for (Setting& setting : s.settings) {
            key(s, def, setting);
        }
        apply_2_4_section_forms(s);
        for (Section& child : s.children) {
            child_section(s, def, child);
        }
    }

private:
    void report(Severity severity, const Location& where, std::string message)
    {
        out_.push_back({severity, where, std::move(message)});
    }

    void key(Section& s, const SectionDef& def, Setting& setting)
    {
        const SettingDef* d = find_setting(def, setting.key);
        if (d == nullptr && (def.type.empty() || def.filter)) {
            d = renamed(setting);
        }
        if (d == nullptr) {
            unknown_key(s, def, setting);
            return;
        }
        if (d->support == Support::Obsolete) {
            report(Severity::Warning, setting.where,
                   "Obsolete setting: " + setting.key + " " + std::string(d->help));
            return;
        }
        if (d->support == Support::Internal) {
            report(Severity::Notice, setting.where,
                   setting.key + " is ignored: " + std::string(d->help));
            return;
        }
        if (d->support == Support::Missing) {
            if (setting.value == d->default_value && d->name.back() != '*') {
                report(Severity::Notice, setting.where,
                       setting.key + " is left at Dovecot's default; Roost does not support " +
                           std::string(d->help));
            } else {
                report(Severity::Error, setting.where,
                       setting.key + ": Roost does not support " + std::string(d->help));
            }
            return;
        }
        if (setting.from_file) {
            return;  // the file's content is checked where it is used
        }
        if (setting.key == "protocols") {
            modernise_protocols(setting);
        }
        if (std::string why = check_value(*d, setting.value); !why.empty()) {
            report(Severity::Error, setting.where, setting.key + ": " + why);
            return;
        }
        if (d->type == ValueType::String) {
            if (std::string why = check_variable_syntax(setting.value); !why.empty()) {
                report(Severity::Error, setting.where, setting.key + ": " + why);
                return;
            }
        }
        const std::string_view type = def.filter ? std::string_view() : def.type;
        if (std::string why = check_meaning(type, setting.key, setting.value); !why.empty()) {
            report(Severity::Error, setting.where, setting.key + ": " + why);
        }
    }

    // Old protocol names Dovecot 2.3 still accepts: managesieve is sieve, imaps/pop3s are implied.
    void modernise_protocols(Setting& setting)
    {
        std::string modern;
        for (const std::string& p : parse_words(setting.value)) {
            std::string name = p;
            if (p == "managesieve") {
                report(Severity::Warning, setting.where, "protocols=managesieve has been renamed to protocols=sieve");
                name = "sieve";
            } else if (p == "imaps" || p == "pop3s") {
                report(Severity::Warning, setting.where,
                       "'" + p + "' protocol is no longer necessary (implicit TLS is an inet_listener with ssl = yes); ignored");
                continue;
            }
            modern += (modern.empty() ? "" : " ") + name;
        }
        setting.value = modern;
    }

    // A Dovecot 2.4 name: rewritten to the 2.3 one in place.
    const SettingDef* renamed(Setting& setting)
    {
        const Rename* r = find_rename(setting.key);
        if (r == nullptr) {
            return nullptr;
        }
        const auto value = convert_renamed(*r, setting.value);
        if (!value) {
            report(Severity::Error, setting.where,
                   setting.key + ": Invalid value: " + setting.value);
            setting.key = std::string(r->old_name);
            return nullptr;
        }
        if (r->convert == Rename::Convert::FileRef && !setting.from_file && !value->empty()) {
            setting.from_file = true;
        }
        setting.key = std::string(r->old_name);
        setting.value = *value;
        return find_setting(root_section(), setting.key);
    }

    void unknown_key(const Section& s, const SectionDef& def, const Setting& setting)
    {
        std::string message = "Unknown setting: " + setting.key;
        if (!s.type.empty() && !def.filter) {
            message += " (in " + s.label() + ")";
        }
        const std::string guess = closest_key(def, setting.key);
        if (!guess.empty()) {
            message += " (did you mean " + guess + "?)";
        }
        report(Severity::Error, setting.where, std::move(message));
    }

    // Dovecot 2.4 forms inside passdb/userdb: "passdb passwd-file { passwd_file_path = ... }".
    static void apply_2_4_section_forms(Section& s)
    {
        if (s.type != "passdb" && s.type != "userdb") {
            return;
        }
        if (s.find("driver") == nullptr && !s.name.empty()) {
            s.set(Setting{"driver", s.name, s.where});
        }
        if (const Setting* path = s.find("passwd_file_path"); path && s.find("args") == nullptr) {
            std::string args = path->value;
            if (const Setting* scheme = s.find("default_password_scheme")) {
                args = "scheme=" + scheme->value + " " + args;
            }
            s.set(Setting{"args", args, path->where});
        }
    }

    void child_section(const Section& parent, const SectionDef& parent_def, Section& child)
    {
        const SectionDef* def = child_section_def(parent_def, child.type);
        if (def == nullptr) {
            std::string message = "Unknown section: " + child.type;
            if (!parent.type.empty()) {
                message += " (in " + parent.label() + ")";
            }
            const std::string guess = closest_section(parent_def, child.type);
            if (!guess.empty()) {
                message += " (did you mean " + guess + "?)";
            }
            report(Severity::Error, child.where, std::move(message));
            return;
        }
        if (def->name_rule == SectionName::Required && child.name.empty()) {
            report(Severity::Error, child.where, child.type + " needs a name");
            return;
        }
        if (def->name_rule == SectionName::None && !child.name.empty()) {
            report(Severity::Error, child.where, child.type + " takes no name");
            return;
        }
        if (def->support != Support::Yes) {
            unsupported_section(child, *def);
            return;
        }
        if (child.type == "service" && !service(child)) {
            return;
        }
        if (def->filter && !filter_name(child)) {
            return;
        }
        section(child, *def);
        if (child.type == "namespace") {
            namespace_names(child);
        }
    }

    // Clients see names as prefix + levels joined by the separator, so a prefix that does not
    // end with the separator would glue its last level to every folder's first.
    void namespace_names(const Section& ns)
    {
        const Setting* separator = ns.find("separator");
        const Setting* prefix = ns.find("prefix");
        if (separator != nullptr && separator->value.size() > 1) {
            report(Severity::Error, separator->where,
                   ns.label() + ": separator must be one character: " + separator->value);
            return;
        }
        if (prefix != nullptr && separator != nullptr && !prefix->value.empty() && !separator->value.empty() &&
            prefix->value.back() != separator->value.front()) {
            report(Severity::Error, prefix->where,
                   ns.label() + ": prefix " + prefix->value + " must end with the separator " + separator->value);
        }
    }

    static const SectionDef* child_section_def(const SectionDef& parent, std::string_view type)
    {
        return roost::config::child_section(parent, type);
    }

    void unsupported_section(const Section& child, const SectionDef& def)
    {
        const bool empty = child.settings.empty() && child.children.empty();
        if (def.support == Support::Internal || empty) {
            report(Severity::Notice, child.where,
                   child.label() + " is ignored: " + std::string(def.help) +
                       (def.support == Support::Internal ? "" : " (not in Roost; the block is empty)"));
            return;
        }
        report(Severity::Error, child.where,
               child.label() + ": Roost does not support " + std::string(def.help));
    }

    // Services Dovecot runs but Roost has no need of are named and skipped.
    bool service(const Section& s)
    {
        switch (service_kind(s.name)) {
        case ServiceKind::Roost:
            return true;
        case ServiceKind::DovecotOnly:
            report(Severity::Notice, s.where,
                   "service " + s.name + " is ignored: Roost has no such process (Dovecot's "
                   "internal service, or a feature Roost does not have)");
            return false;
        case ServiceKind::Unknown:
            report(Severity::Error, s.where,
                   "Unknown service: " + s.name +
                       " (Roost runs imap, pop3, lmtp, managesieve, submission, auth and their "
                       "-login processes)");
            return false;
        }
        return false;
    }

    bool filter_name(const Section& s)
    {
        if (s.type == "protocol") {
            static constexpr std::string_view kProtocols[] = {"imap", "pop3", "lmtp", "lda", "sieve",
                                                              "submission", "doveadm"};
            const std::string_view name = s.name[0] == '!' ? std::string_view(s.name).substr(1) : s.name;
            if (std::find(std::begin(kProtocols), std::end(kProtocols), name) == std::end(kProtocols)) {
                report(Severity::Notice, s.where,
                       "protocol " + s.name + ": Roost has no protocol " + std::string(name) +
                           (s.name[0] == '!' ? ", so this filter applies everywhere"
                                             : ", so this filter never applies"));
            }
            return true;
        }
        if (s.type == "local" || s.type == "remote") {
            if (std::string why = check_meaning("", "login_trusted_networks", s.name); !why.empty()) {
                report(Severity::Error, s.where, s.type + " " + s.name + ": " + why +
                                                     " (host names are not supported in filters)");
                return false;
            }
        }
        return true;
    }

    std::vector<Diagnostic>& out_;
};

}  // namespace

void validate(Section& root, std::vector<Diagnostic>& out)
{
    Validator(out).section(root, root_section());
    check_namespaces(root, out);  // namespace_checks.cpp
}

}  // namespace roost::config
