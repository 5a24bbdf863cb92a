#include "lda/incoming_message.hpp"

#include "core/strings.hpp"

namespace roost::lda {
namespace {

// Calls f(name, value) for each header field (value unfolded, trimmed) until f returns false.
template <class F>
void for_each_field(std::string_view message, F f)
{
    std::size_t pos = 0;
    while (pos < message.size()) {
        std::size_t end = message.find('\n', pos);
        if (end == std::string_view::npos) {
            end = message.size();
        }
        std::string_view line = message.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty()) {
            return;  // end of header
        }
        std::size_t next = end + 1;
        std::string value;
        const auto colon = line.find(':');
        std::string_view name = colon == std::string_view::npos ? std::string_view{} : line.substr(0, colon);
        if (colon != std::string_view::npos) {
            value = std::string(line.substr(colon + 1));
        }
        // Continuation lines start with white space.
        while (next < message.size() && (message[next] == ' ' || message[next] == '\t')) {
            std::size_t cend = message.find('\n', next);
            if (cend == std::string_view::npos) {
                cend = message.size();
            }
            std::string_view cont = message.substr(next, cend - next);
            if (!cont.empty() && cont.back() == '\r') {
                cont.remove_suffix(1);
            }
            value += ' ';
            value += cont;
            next = cend + 1;
        }
        while (name.size() && (name.back() == ' ' || name.back() == '\t')) {
            name.remove_suffix(1);
        }
        if (!name.empty() && !f(name, std::string(trim(value)))) {
            return;
        }
        pos = next;
    }
}

std::string bare_address(std::string_view v)
{
    std::string s(trim(v));
    if (s.size() >= 2 && s.front() == '<' && s.back() == '>') {
        s = s.substr(1, s.size() - 2);
    }
    return s;
}

}  // namespace

IncomingMessage take_envelope_line(std::string raw)
{
    IncomingMessage m;
    if (raw.rfind("From ", 0) != 0) {
        m.data = std::move(raw);
        return m;
    }
    const auto nl = raw.find('\n');
    std::string_view line = std::string_view(raw).substr(5, nl == std::string::npos ? std::string::npos : nl - 5);
    const auto space = line.find(' ');
    std::string sender(line.substr(0, space));
    m.from_line = sender == "MAILER-DAEMON" ? "" : bare_address(sender);
    m.had_from_line = true;
    m.data = nl == std::string::npos ? std::string() : raw.substr(nl + 1);
    return m;
}

std::string header_value(std::string_view message, std::string_view name)
{
    std::string found;
    for_each_field(message, [&](std::string_view n, std::string v) {
        if (iequals(n, name)) {
            found = std::move(v);
            return false;
        }
        return true;
    });
    return found;
}

std::string add_delivery_headers(std::string_view message, std::string_view sender, std::string_view recipient)
{
    bool has_return_path = false;
    bool delivered_here = false;
    for_each_field(message, [&](std::string_view n, std::string v) {
        has_return_path = has_return_path || iequals(n, "Return-Path");
        delivered_here = delivered_here || (iequals(n, "Delivered-To") && iequals(bare_address(v), recipient));
        return true;
    });
    const auto nl = message.find('\n');
    const std::string eol = nl != std::string_view::npos && nl > 0 && message[nl - 1] == '\r' ? "\r\n" : "\n";
    std::string out;
    out.reserve(message.size() + 128);
    if (!has_return_path) {
        out += "Return-Path: <" + std::string(sender) + ">" + eol;
    }
    if (!delivered_here && !recipient.empty()) {
        out += "Delivered-To: " + std::string(recipient) + eol;
    }
    out += message;
    return out;
}

}  // namespace roost::lda
