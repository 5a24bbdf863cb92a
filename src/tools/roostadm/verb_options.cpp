// One command-line parser for every roostadm verb.
#include "tools/roostadm/verb_options.hpp"

#include <cstdlib>
#include <iostream>

#include "roost_build_config.hpp"

namespace roost::tools::roostadm {
namespace {

namespace po = boost::program_options;

// "--passwd=x" -> "--passwd", "-xyz" -> "-x": an unknown option without what followed it.
std::string option_name_only(const std::string& token)
{
    if (token.starts_with("--")) {
        return token.substr(0, token.find('='));
    }
    return token.substr(0, 2);
}

}  // namespace

std::optional<VerbArguments> parse_verb_arguments(std::string_view verb, std::span<char*> args,
                                                  const po::options_description& table, bool takes_words)
{
    po::options_description all;
    all.add(table);
    po::positional_options_description positional;
    if (takes_words) {
        all.add_options()("roostadm-words", po::value<std::vector<std::string>>());
        positional.add("roostadm-words", -1);
    }
    VerbArguments out;
    try {
        const std::vector<std::string> words(args.begin(), args.end());
        const int style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing &
                          ~po::command_line_style::allow_sticky;
        po::store(po::command_line_parser(words).options(all).positional(positional).style(style).run(),
                  out.options);
        po::notify(out.options);
    } catch (const po::unknown_option& e) {
        // The token may be a misspelt "--passwd=SECRET" or "-xSECRET": show only its name.
        std::cerr << "roostadm " << verb << ": unknown option " << option_name_only(e.get_option_name()) << '\n'
                  << "'roostadm help " << verb << "' lists the options\n";
        return std::nullopt;
    } catch (const po::error& e) {
        // Boost's other messages name options, never the values of string options.
        std::cerr << "roostadm " << verb << ": " << e.what() << '\n'
                  << "'roostadm help " << verb << "' lists the options\n";
        return std::nullopt;
    }
    if (out.options.count("roostadm-words") != 0) {
        out.words = out.options["roostadm-words"].as<std::vector<std::string>>();
    }
    return out;
}

std::string default_config()
{
    const char* env = std::getenv("ROOST_CONFIG");
    return env != nullptr ? env : std::string(ROOST_SYSCONFDIR) + "/roost.conf";
}

}  // namespace roost::tools::roostadm
