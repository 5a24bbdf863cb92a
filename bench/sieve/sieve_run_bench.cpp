// roost-sieve-bench: the Sieve interpreter alone, in one process, over many messages, to split a
// delivery's Sieve cost into compiling the script and running it (bench/sieve/README.md).
//   roost-sieve-bench SCRIPT MANIFEST [OUTPUT]
// MANIFEST has one "SENDER<TAB>MESSAGE-FILE" line per message. Prints the time to compile the
// script (median of 21), and to run it against every message (compiled once; and compiled again
// for each message, as a delivery without a compiled-script cache does). OUTPUT gets one line
// per message: "FILE<TAB>mailbox[ flags...]" for each store, for the differential check.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "sieve/lexer.hpp"
#include "sieve/parser.hpp"
#include "sieve/sieve.hpp"
#include "sieve/tools/tool_environment.hpp"

namespace {

using namespace roost::sieve;
using Clock = std::chrono::steady_clock;

struct Input {
    std::string file;
    std::string sender;
    std::string text;
};

double seconds_since(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string outcome(const RunResult& r)
{
    std::string out;
    for (const Action& a : r.actions) {
        if (const auto* s = std::get_if<StoreAction>(&a.data)) {
            out += out.empty() ? "" : ";";
            out += s->mailbox;
            std::vector<std::string> flags = s->flags;
            std::sort(flags.begin(), flags.end());
            for (const std::string& f : flags) {
                out += " " + f;
            }
        }
    }
    return r.failed ? "FAILED " + r.error : out;
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::cerr << "usage: roost-sieve-bench SCRIPT MANIFEST [OUTPUT]\n";
        return 64;
    }
    const auto script = tools::read_file(argv[1]);
    if (!script) {
        std::cerr << argv[1] << ": cannot read\n";
        return 66;
    }
    std::vector<Input> inputs;
    std::ifstream manifest(argv[2]);
    for (std::string line; std::getline(manifest, line);) {
        const auto tab = line.find('\t');
        Input in{line.substr(tab + 1), line.substr(0, tab), ""};
        auto text = tools::read_file(in.file);
        if (tab == std::string::npos || !text) {
            std::cerr << argv[2] << ": bad line or unreadable message: " << line << "\n";
            return 66;
        }
        in.text = std::move(*text);
        inputs.push_back(std::move(in));
    }
    Settings settings;
    tools::ToolEnvironment env;
    env.fixed_now = Now{1'795'000'000, 0};

    std::vector<double> compiles;
    std::shared_ptr<const Program> program;
    for (int i = 0; i < 21; ++i) {
        const auto start = Clock::now();
        CompileResult c = compile(*script, settings, &env);
        compiles.push_back(seconds_since(start));
        if (!c.ok()) {
            std::cerr << argv[1] << ": does not compile\n";
            return 65;
        }
        program = c.program;
    }
    std::sort(compiles.begin(), compiles.end());
    // Where compiling goes: tokenizing, then tokenizing and parsing into the syntax tree (the
    // rest is validation: building the command and test objects, compiling regexes).
    std::vector<double> lexes;
    std::vector<double> parses;
    for (int i = 0; i < 21; ++i) {
        Diagnostics diags(100);
        auto start = Clock::now();
        const auto tokens = tokenize(*script, diags);
        lexes.push_back(seconds_since(start));
        start = Clock::now();
        const AstScript ast = parse_script(*script, diags);
        parses.push_back(seconds_since(start));
    }
    std::sort(lexes.begin(), lexes.end());
    std::sort(parses.begin(), parses.end());

    std::vector<std::string> results;
    auto start = Clock::now();
    for (const Input& in : inputs) {
        const Envelope envelope{in.sender, "alice@example.com", "alice@example.com", ""};
        results.push_back(outcome(run(*program, in.text, envelope, env, settings)));
    }
    const double run_once = seconds_since(start);

    start = Clock::now();
    for (const Input& in : inputs) {
        const Envelope envelope{in.sender, "alice@example.com", "alice@example.com", ""};
        CompileResult c = compile(*script, settings, &env);
        (void)run(*c.program, in.text, envelope, env, settings);
    }
    const double run_each = seconds_since(start);

    std::printf("compile: %.3f ms (median of %zu), of which tokenizing %.3f ms, tokenizing and parsing %.3f ms\n",
                compiles[compiles.size() / 2] * 1e3, compiles.size(), lexes[lexes.size() / 2] * 1e3,
                parses[parses.size() / 2] * 1e3);
    std::printf("run, compiled once: %zu messages in %.3f s (%.1f us/message)\n", inputs.size(), run_once,
                run_once / static_cast<double>(inputs.size()) * 1e6);
    std::printf("run, compiled per message: %zu messages in %.3f s (%.1f us/message)\n", inputs.size(), run_each,
                run_each / static_cast<double>(inputs.size()) * 1e6);
    if (argc > 3) {
        std::ofstream out(argv[3]);
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            out << inputs[i].file << "\t" << results[i] << "\n";
        }
    }
    return 0;
}
