// The sections Roost reads: their keys, what they may contain, and how they merge.
#pragma once

#include <span>
#include <string_view>

#include "config/setting_def.hpp"

namespace roost::config {

// The root's definition (type ""): global settings and top-level sections.
const SectionDef& root_section();
// A section type allowed inside `parent`, or nullptr.
const SectionDef* child_section(const SectionDef& parent, std::string_view type);
// The definition of a section type wherever it may appear, or nullptr.
const SectionDef* section_def(std::string_view type);
// Every section definition, for documentation.
std::span<const SectionDef* const> all_sections();

}  // namespace roost::config
