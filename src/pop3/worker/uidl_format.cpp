// Expanding pop3_uidl_format.
#include "pop3/worker/uidl_format.hpp"

#include <cstdio>
#include <system_error>

namespace roost::pop3 {

Result<UidlFormat> UidlFormat::parse(std::string_view format)
{
    UidlFormat f;
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%') {
            if (f.pieces_.empty() || f.pieces_.back().variable != 0) {
                f.pieces_.push_back({});
            }
            f.pieces_.back().text += format[i];
            continue;
        }
        Piece p;
        std::size_t j = i + 1;
        if (j < format.size() && format[j] == '0') {
            p.zero_pad = true;
        }
        while (j < format.size() && format[j] >= '0' && format[j] <= '9') {
            p.width = p.width * 10 + static_cast<unsigned>(format[j] - '0');
            ++j;
        }
        if (j < format.size() && format[j] == 'X') {
            p.hex = true;
            ++j;
        }
        if (j >= format.size()) {
            return Error{std::make_error_code(std::errc::invalid_argument),
                         "pop3_uidl_format: '%' at the end of the format"};
        }
        const char v = format[j];
        if (v == '%') {
            p.text = "%";
        } else if (v == 'u' || v == 'v') {
            p.variable = v;
        } else {
            return Error{std::make_error_code(std::errc::not_supported),
                         std::string("pop3_uidl_format: %") + v + " is not supported (use %u and %v)"};
        }
        f.pieces_.push_back(p);
        i = j;
    }
    return f;
}

std::string UidlFormat::expand(std::uint32_t uid, std::uint32_t uidvalidity) const
{
    std::string out;
    for (const Piece& p : pieces_) {
        if (p.variable == 0) {
            out += p.text;
            continue;
        }
        const std::uint32_t value = p.variable == 'u' ? uid : uidvalidity;
        char buf[32];
        // Dovecot's X modifier means hexadecimal, and it prints lower-case digits.
        std::snprintf(buf, sizeof buf, p.hex ? "%x" : "%u", value);
        std::string digits(buf);
        if (digits.size() < p.width) {
            digits.insert(0, p.width - digits.size(), p.zero_pad ? '0' : ' ');
        }
        out += digits;
    }
    return out;
}

}  // namespace roost::pop3
