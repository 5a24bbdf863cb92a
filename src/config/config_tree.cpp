// The parsed shape of a configuration.
#include "config/config_tree.hpp"

#include <algorithm>
#include <utility>

namespace roost::config {

const Setting* Section::find(std::string_view key) const
{
    const auto it = std::find_if(settings.begin(), settings.end(),
                                 [&](const Setting& s) { return s.key == key; });
    return it == settings.end() ? nullptr : &*it;
}

Setting* Section::find(std::string_view key)
{
    return const_cast<Setting*>(std::as_const(*this).find(key));  // NOLINT: same object
}

Setting& Section::set(Setting setting)
{
    if (Setting* existing = find(setting.key)) {
        *existing = std::move(setting);
        return *existing;
    }
    settings.push_back(std::move(setting));
    return settings.back();
}

const Section* Section::child(std::string_view child_type, std::string_view child_name) const
{
    const auto it = std::find_if(children.begin(), children.end(), [&](const Section& s) {
        return s.type == child_type && s.name == child_name;
    });
    return it == children.end() ? nullptr : &*it;
}

Section* Section::child(std::string_view child_type, std::string_view child_name)
{
    return const_cast<Section*>(std::as_const(*this).child(child_type, child_name));  // NOLINT
}

std::vector<const Section*> Section::children_of(std::string_view child_type) const
{
    std::vector<const Section*> out;
    for (const Section& s : children) {
        if (s.type == child_type) {
            out.push_back(&s);
        }
    }
    return out;
}

std::string Section::label() const
{
    if (type.empty()) {
        return "root";
    }
    return name.empty() ? type : type + " " + name;
}

}  // namespace roost::config
