#include "lda/percent_format.hpp"

namespace roost::lda {

std::string expand_percent(std::string_view format, const std::function<std::optional<std::string>(char)>& value)
{
    std::string out;
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%' || i + 1 == format.size()) {
            out += format[i];
            continue;
        }
        const char letter = format[++i];
        if (letter == '%') {
            out += '%';
        } else if (auto v = value(letter)) {
            out += *v;
        } else {
            out += '%';
            out += letter;
        }
    }
    return out;
}

}  // namespace roost::lda
