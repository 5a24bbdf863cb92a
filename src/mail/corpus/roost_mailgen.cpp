// roost-mailgen: writes a deterministic corpus of test messages, one file per message or a
// Maildir.   roost-mailgen --seed N --count N --out DIR [--maildir] [--manifest FILE]
//            [--broken PERCENT] [--attachment-kib N] [--crlf-only]
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "mail/corpus/corpus_generator.hpp"

namespace {

bool make_dir(const std::string& path)
{
    return mkdir(path.c_str(), 0755) == 0 || errno == EEXIST;
}

int usage()
{
    std::cerr << "usage: roost-mailgen --seed N --count N --out DIR [--maildir] "
                 "[--manifest FILE] [--broken PERCENT] [--attachment-kib N]\n";
    return 64;
}

}  // namespace

int main(int argc, char** argv)
{
    std::uint64_t seed = 1;
    std::uint64_t count = 100;
    std::string out;
    std::string manifest;
    bool maildir = false;
    roost::mail::corpus::CorpusOptions options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        const char* v = nullptr;
        if (arg == "--maildir") {
            maildir = true;
        } else if (arg == "--seed" && (v = value())) {
            seed = std::strtoull(v, nullptr, 10);
        } else if (arg == "--count" && (v = value())) {
            count = std::strtoull(v, nullptr, 10);
        } else if (arg == "--out" && (v = value())) {
            out = v;
        } else if (arg == "--manifest" && (v = value())) {
            manifest = v;
        } else if (arg == "--broken" && (v = value())) {
            options.broken_percent = static_cast<std::uint32_t>(std::strtoul(v, nullptr, 10));
        } else if (arg == "--attachment-kib" && (v = value())) {
            options.attachment_kib_max = static_cast<std::uint32_t>(std::strtoul(v, nullptr, 10));
        } else {
            return usage();
        }
    }
    if (out.empty()) {
        return usage();
    }
    std::string dir = out;
    if (!make_dir(out)) {
        std::cerr << "roost-mailgen: cannot create " << out << ": " << std::strerror(errno) << "\n";
        return 73;
    }
    if (maildir) {
        for (const char* sub : {"/cur", "/new", "/tmp"}) {
            make_dir(out + sub);
        }
        dir = out + "/cur";
    }
    std::ofstream list;
    if (!manifest.empty()) {
        list.open(manifest);
    }
    roost::mail::corpus::CorpusGenerator gen(seed, options);
    for (std::uint64_t n = 0; n < count; ++n) {
        const roost::mail::corpus::GeneratedMessage m = gen.next();
        char name[96];
        if (maildir) {
            std::snprintf(name, sizeof name, "%llu.M%lluP1.roostgen:2,S",
                          static_cast<unsigned long long>(1000000000 + n),
                          static_cast<unsigned long long>(n));
        } else {
            std::snprintf(name, sizeof name, "%06llu.eml", static_cast<unsigned long long>(n));
        }
        const std::string path = dir + "/" + name;
        std::ofstream f(path, std::ios::binary);
        f.write(m.bytes.data(), static_cast<std::streamsize>(m.bytes.size()));
        if (!f) {
            std::cerr << "roost-mailgen: cannot write " << path << "\n";
            return 74;
        }
        if (list.is_open()) {
            list << name << "\t" << (m.decodable ? "decodable" : "damaged") << "\t" << m.kind
                 << "\n";
        }
    }
    return 0;
}
