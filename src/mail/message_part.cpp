// Navigation helpers of MessageStructure.
#include "mail/message_part.hpp"

#include "core/strings.hpp"

namespace roost::mail {

const std::string* MimeHeader::param(std::string_view name) const
{
    for (const MimeParam& p : params) {
        if (iequals(p.name, name)) {
            return &p.value;
        }
    }
    return nullptr;
}

std::uint32_t MessageStructure::next_sibling(std::uint32_t index) const
{
    const MessagePart& part = parts[index];
    if (part.parent == kNoPart) {
        return kNoPart;
    }
    const std::uint32_t next = index + part.subtree;
    const MessagePart& parent = parts[part.parent];
    return next < part.parent + parent.subtree ? next : kNoPart;
}

std::vector<std::uint32_t> MessageStructure::child_indexes(std::uint32_t index) const
{
    std::vector<std::uint32_t> out;
    out.reserve(parts[index].children);
    for (std::uint32_t c = first_child(index); c != kNoPart; c = next_sibling(c)) {
        out.push_back(c);
    }
    return out;
}

std::optional<std::uint32_t> MessageStructure::find_section(
    std::span<const std::uint32_t> path) const
{
    if (parts.empty()) {
        return std::nullopt;
    }
    std::uint32_t current = 0;
    bool at_message = true;  // the next number selects among the parts of message `current`
    bool stayed = false;     // the previous number selected `current` itself
    for (const std::uint32_t number : path) {
        if (number == 0) {
            return std::nullopt;
        }
        // The parts of an enclosed message are numbered under its message/rfc822 part.
        if (!at_message && parts[current].is(kPartMessage) && parts[current].children == 1) {
            current = current + 1;
            stayed = false;
        }
        if (parts[current].is(kPartMultipart)) {
            std::uint32_t child = first_child(current);
            for (std::uint32_t n = 1; n < number && child != kNoPart; ++n) {
                child = next_sibling(child);
            }
            if (child == kNoPart) {
                return std::nullopt;
            }
            current = child;
            stayed = false;
        } else if (number == 1 && !stayed) {
            // A non-multipart part has one sub-part, itself, once: "1" of a simple message is
            // its body, and Dovecot resolves "1.1" of a text body part the same way.
            stayed = true;
        } else {
            return std::nullopt;
        }
        at_message = false;
    }
    return current;
}

}  // namespace roost::mail
