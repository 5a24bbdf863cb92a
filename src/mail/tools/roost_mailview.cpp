// roost-mailview: prints IMAP FETCH items of message files as an IMAP server would send them,
// one "* N FETCH (...)" response per file, for differential tests against Dovecot.
//   roost-mailview [--items "ENVELOPE BODYSTRUCTURE ..."] FILE...
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "mail/imap/fetch_item.hpp"
#include "mail/message_parser.hpp"

namespace {

bool read_file(const std::string& path, std::string& out)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return false;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

}  // namespace

int main(int argc, char** argv)
{
    std::string items = "RFC822.SIZE ENVELOPE BODYSTRUCTURE";
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--items" && i + 1 < argc) {
            items = argv[++i];
        } else if (arg == "-h" || arg == "--help") {
            std::cout << "usage: roost-mailview [--items \"ITEM ...\"] FILE...\n";
            return 0;
        } else {
            files.push_back(arg);
        }
    }
    auto parsed = roost::mail::imap::parse_fetch_items(items);
    if (!parsed) {
        std::cerr << "roost-mailview: " << parsed.error().message << "\n";
        return 64;
    }
    int status = 0;
    std::size_t seq = 0;
    for (const std::string& path : files) {
        ++seq;
        std::string message;
        if (!read_file(path, message)) {
            std::cerr << "roost-mailview: cannot read " << path << "\n";
            status = 66;
            continue;
        }
        const roost::mail::MessageStructure structure = roost::mail::parse_message(message);
        std::string out = "* " + std::to_string(seq) + " FETCH (";
        bool first = true;
        for (const auto& item : *parsed) {
            if (!first) {
                out += ' ';
            }
            first = false;
            roost::mail::imap::write_fetch_item(out, item, structure, message);
        }
        out += ")\r\n";
        std::fwrite(out.data(), 1, out.size(), stdout);
    }
    return status;
}
