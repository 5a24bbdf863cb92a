// roost-mail-bench: throughput of the mail library on a corpus, beside a plain memory scan of
// the same bytes (the physical floor). Prints MB/s per run and the median.
//   roost-mail-bench --dir DIR [--runs N] [--from-files]
//   roost-mail-bench --generate MB [--seed S] [--runs N]
// Modes timed: "scan" (read every byte once), "parse" (MessageParser), "parse+bodystructure"
// (parse, then BODYSTRUCTURE and ENVELOPE strings), and with --from-files the latter again
// reading each file from the (warm) page cache first, as an IMAP server would.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "mail/corpus/corpus_generator.hpp"
#include "mail/imap/body_structure_writer.hpp"
#include "mail/imap/envelope_writer.hpp"
#include "mail/message_parser.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Corpus {
    std::vector<std::string> paths;
    std::vector<std::string> messages;
    std::uint64_t bytes = 0;
};

bool read_file(const std::string& path, std::string& out)
{
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    struct stat st {};
    if (fstat(fd, &st) != 0) {
        close(fd);
        return false;
    }
    out.resize(static_cast<std::size_t>(st.st_size));
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t n = read(fd, out.data() + done, out.size() - done);
        if (n <= 0) {
            break;
        }
        done += static_cast<std::size_t>(n);
    }
    close(fd);
    out.resize(done);
    return true;
}

Corpus load_dir(const std::string& dir)
{
    Corpus c;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        if (e.is_regular_file()) {
            c.paths.push_back(e.path().string());
        }
    }
    std::sort(c.paths.begin(), c.paths.end());
    for (const std::string& p : c.paths) {
        std::string m;
        if (read_file(p, m)) {
            c.bytes += m.size();
            c.messages.push_back(std::move(m));
        }
    }
    return c;
}

Corpus generate(std::uint64_t megabytes, std::uint64_t seed)
{
    Corpus c;
    roost::mail::corpus::CorpusGenerator gen(seed);
    while (c.bytes < megabytes * 1000000) {
        roost::mail::corpus::GeneratedMessage m = gen.next();
        c.bytes += m.bytes.size();
        c.messages.push_back(std::move(m.bytes));
    }
    return c;
}

// Reads every byte once (a byte sum the compiler cannot drop): the floor for any parser.
std::uint64_t scan(const Corpus& c)
{
    std::uint64_t sum = 0;
    for (const std::string& m : c.messages) {
        const auto* p = reinterpret_cast<const unsigned char*>(m.data());
        std::uint64_t s = 0;
        for (std::size_t i = 0; i < m.size(); ++i) {
            s += p[i];
        }
        sum += s;
    }
    return sum;
}

std::uint64_t parse_only(const Corpus& c)
{
    std::uint64_t parts = 0;
    for (const std::string& m : c.messages) {
        parts += roost::mail::parse_message(m).parts.size();
    }
    return parts;
}

std::uint64_t views(std::string_view m)
{
    const roost::mail::MessageStructure s = roost::mail::parse_message(m);
    std::string out;
    roost::mail::imap::write_body_structure(out, s, 0, true);
    if (s.root().envelope) {
        roost::mail::imap::write_envelope(out, *s.root().envelope);
    }
    return out.size();
}

std::uint64_t parse_views(const Corpus& c)
{
    std::uint64_t n = 0;
    for (const std::string& m : c.messages) {
        n += views(m);
    }
    return n;
}

std::uint64_t parse_views_from_files(const Corpus& c)
{
    std::uint64_t n = 0;
    std::string m;
    for (const std::string& p : c.paths) {
        if (read_file(p, m)) {
            n += views(m);
        }
    }
    return n;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.size() % 2 == 1 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

template <class F>
void run(const char* name, const Corpus& c, int runs, F&& f)
{
    std::vector<double> rates;
    std::uint64_t sink = 0;
    std::printf("%-26s", name);
    for (int r = 0; r < runs; ++r) {
        const auto t0 = Clock::now();
        sink += f(c);
        const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
        rates.push_back(static_cast<double>(c.bytes) / 1e6 / secs);
        std::printf(" %8.1f", rates.back());
        std::fflush(stdout);
    }
    std::printf("   median %8.1f MB/s  (%llu)\n", median(rates),
                static_cast<unsigned long long>(sink % 1000));
}

int usage()
{
    std::fprintf(stderr,
                 "usage: roost-mail-bench (--dir DIR [--from-files] | --generate MB [--seed S]) "
                 "[--runs N]\n");
    return 64;
}

}  // namespace

int main(int argc, char** argv)
{
    std::string dir;
    std::uint64_t generate_mb = 0;
    std::uint64_t seed = 1;
    int runs = 5;
    bool from_files = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--dir" && i + 1 < argc) {
            dir = argv[++i];
        } else if (a == "--generate" && i + 1 < argc) {
            generate_mb = std::strtoull(argv[++i], nullptr, 10);
        } else if (a == "--seed" && i + 1 < argc) {
            seed = std::strtoull(argv[++i], nullptr, 10);
        } else if (a == "--runs" && i + 1 < argc) {
            runs = std::atoi(argv[++i]);
        } else if (a == "--from-files") {
            from_files = true;
        } else {
            return usage();
        }
    }
    if (dir.empty() == (generate_mb == 0) || runs < 1 || (from_files && dir.empty())) {
        return usage();
    }
    const Corpus c = dir.empty() ? generate(generate_mb, seed) : load_dir(dir);
    std::printf("corpus: %zu messages, %.1f MB; MB/s per run:\n", c.messages.size(),
                static_cast<double>(c.bytes) / 1e6);
    run("scan (memory floor)", c, runs, scan);
    run("parse", c, runs, parse_only);
    run("parse+bodystructure", c, runs, parse_views);
    if (from_files) {
        run("read+parse+bodystructure", c, runs, parse_views_from_files);
    }
    return 0;
}
