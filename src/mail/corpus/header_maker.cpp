// Random header field values.
#include "mail/corpus/header_maker.hpp"

#include <cstdio>
#include <vector>

#include "mail/charset.hpp"
#include "mail/encoded_words.hpp"

namespace roost::mail::corpus {
namespace {

std::string percent_encode(std::string_view bytes)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
            c == '.' || c == '-' || c == '_') {
            out += c;
        } else {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 15];
        }
    }
    return out;
}

}  // namespace

std::string HeaderMaker::display_name()
{
    const std::string name = text_.person_name(true);
    bool ascii = true;
    for (const char c : name) {
        ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    }
    if (!ascii) {
        return encode_header_text(name, rng_.chance(50) ? "utf-8" : "iso-8859-1",
                                  rng_.chance(50) ? 'Q' : 'B');
    }
    switch (rng_.below(4)) {
        case 0:
            return "\"" + name + "\"";
        case 1:
            return "\"" + name + ", Jr.\"";
        case 2:
            return "\"" + name + " \\\"the boss\\\"\"";
        default:
            return name.find('\'') != std::string::npos ? "\"" + name + "\"" : name;
    }
}

std::string HeaderMaker::address(bool broken)
{
    const std::string addr = text_.local_part() + "@" + text_.domain();
    if (broken && rng_.chance(30)) {
        static const std::vector<std::string> bad = {"bare-local",
                                                     "Name <>",
                                                     "\"unterminated <a@example.com>",
                                                     "a@",
                                                     "@example.com",
                                                     "<a@example.com",
                                                     "Name <a@b> trailing",
                                                     "a@b@c",
                                                     "\"\" <x@example.com>",
                                                     "(only a comment)",
                                                     "<a@[192.0.2.1]>",
                                                     "a @ example . com"};
        return rng_.pick(bad);
    }
    switch (rng_.below(10)) {
        case 0:
        case 1:
            return addr;
        case 2:
        case 3:
        case 4:
            return display_name() + " <" + addr + ">";
        case 5:
            return addr + " (" + text_.person_name(false) + ")";
        case 6:
            return "<" + addr + ">";
        case 7:
            if (rng_.chance(50)) {
                return "undisclosed-recipients:;";
            } else {
                std::string g = "Team: ";
                g += addr;
                g += ", ";
                g += display_name();
                g += " <";
                g += text_.local_part();
                g += '@';
                g += text_.domain();
                g += ">;";
                return g;
            }
        case 8: {
            std::string r = "<@relay.example,@hop.example:";
            r += addr;
            r += '>';
            return r;
        }
        default: {
            std::string q = "\"";
            q += text_.local_part();
            q += " at work\"@";
            q += text_.domain();
            return q;
        }
    }
}

std::string HeaderMaker::address_list(bool broken, std::uint32_t max)
{
    std::string out;
    const std::uint32_t n = rng_.between(1, max);
    for (std::uint32_t i = 0; i < n; ++i) {
        if (i > 0) {
            out += rng_.chance(30) ? ",\n " : ", ";
        }
        out += address(broken);
    }
    return out;
}

std::string HeaderMaker::subject(bool broken)
{
    std::string base = text_.sentence();
    if (rng_.chance(15)) {
        base = (rng_.chance(50) ? "Re: " : "Fwd: ") + base;
    }
    const std::uint32_t form = rng_.below(broken ? 9 : 7);
    switch (form) {
        case 0:
        case 1:
            return base;
        case 2: {
            const std::string& cs = rng_.pick(generated_charsets());
            TextSource& t = text_;
            const std::string text = t.sentence(cs);
            return encode_header_text(text, cs, rng_.chance(50) ? 'Q' : 'B',
                                      rng_.chance(50) ? "\n " : " ");
        }
        case 3:
            return "[list] " +
                   encode_header_text(text_.phrase_for("utf-8") + " " + base, "utf-8", 'Q') +
                   " tail";
        case 4: {
            // A long subject folded over several lines.
            std::string s;
            for (int i = 0; i < 3; ++i) {
                s += text_.sentence() + (i < 2 ? "\n\t" : "");
            }
            return s;
        }
        case 5:
            return rng_.chance(50) ? "" : "  spaced   out\ttabs  ";
        case 6:
            return "quote \"and\" back\\slash";
        case 7:
            return text_.sentence("utf-8");  // raw 8-bit UTF-8 in a header
        default:
            return from_utf8(text_.sentence("iso-8859-1"), "iso-8859-1");  // raw Latin-1
    }
}

std::string HeaderMaker::date(bool broken)
{
    static const std::vector<std::string> days = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const std::vector<std::string> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    static const std::vector<std::string> zones = {"+0000", "-0500", "+0100", "+0530",
                                                   "-0800", "+1245", "-0000"};
    const std::uint32_t day = rng_.between(1, 28);
    const std::string& mon = rng_.pick(months);
    const std::uint32_t year = rng_.between(1995, 2030);
    char time[16];
    std::snprintf(time, sizeof time, "%02u:%02u:%02u", rng_.below(24), rng_.below(60),
                  rng_.below(60));
    const std::string d = std::to_string(day);
    switch (rng_.below(broken ? 9 : 6)) {
        case 0:
        case 1:
            return rng_.pick(days) + ", " + d + " " + mon + " " + std::to_string(year) + " " +
                   time + " " + rng_.pick(zones);
        case 2:
            return d + " " + mon + " " + std::to_string(year) + " " + time + " " +
                   rng_.pick(zones) + " (CET)";
        case 3:
            return rng_.pick(days) + ", " + d + " " + mon + " " + std::to_string(year % 100) + " " +
                   std::string(time, 5) + " " +
                   rng_.pick(std::vector<std::string>{"EST", "PDT", "GMT", "UT", "Z", "A"});
        case 4:
            return rng_.pick(days) + ",\n  " + d + " " + mon + " " + std::to_string(year) + " " +
                   time + " " + rng_.pick(zones);
        case 5:
            return rng_.pick(days) + ", " + d + " " + mon + " " + std::to_string(year) + " " +
                   time + " " + rng_.pick(zones) + " (Coordinated Universal Time)";
        case 6:
            return "yesterday afternoon";
        case 7:
            return std::to_string(year) + "-" + std::to_string(rng_.between(1, 12)) + "-" + d +
                   "T" + time + "Z";
        default:
            return rng_.pick(days) + " " + mon + " " + d + " " + time + " " +
                   std::to_string(year);  // asctime
    }
}

std::string HeaderMaker::message_id()
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "<%08llx.%04x@", static_cast<unsigned long long>(rng_.next()),
                  rng_.below(65536));
    return buf + text_.domain() + ">";
}

std::string HeaderMaker::filename_param(std::string_view attribute)
{
    const std::string base = text_.word() + "_" + text_.word();
    static const std::vector<std::string> exts = {".pdf", ".png", ".txt", ".zip", ".docx"};
    const std::string ext = rng_.pick(exts);
    const std::string attr(attribute);
    switch (rng_.below(6)) {
        case 0:
            return "; " + attr + "=" + base + ext;
        case 1:
            return "; " + attr + "=\"" + base + " copy" + ext + "\"";
        case 2: {
            const std::string name = text_.phrase_for("utf-8") + " " + base + ext;
            return "; " + attr + "*=utf-8''" + percent_encode(name);
        }
        case 3: {
            const std::string name = base + "_with_a_rather_long_name_that_continues" + ext;
            return ";\n\t" + attr + "*0=\"" + name.substr(0, 20) + "\";\n\t" + attr + "*1=\"" +
                   name.substr(20) + "\"";
        }
        case 4: {
            const std::string name = from_utf8(text_.phrase_for("iso-8859-1") + ext, "iso-8859-1");
            return ";\n " + attr + "*0*=iso-8859-1'en'" + percent_encode(name.substr(0, 3)) +
                   ";\n " + attr + "*1*=" + percent_encode(name.substr(3));
        }
        default:
            return "; " + attr + "=\"" + encode_header_text(base + ext, "utf-8", 'B') + "\"";
    }
}

}  // namespace roost::mail::corpus
